/**
 * `/event/`: events of the streams a `filter` selects (Large pages, value filters), one event by id, and
 * its raw data document (`/event/{id}/data/`, 404 `{"error": "Event has no data"}` when it has none).
 */
import { gunzipSync } from 'node:zlib';

import {
  detail,
  errorBody,
  fieldErrors,
  json,
  type MockRequest,
  notFound,
  readForm,
  validationList,
} from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import { utcMicros } from '../report-processor.js';
import type { Env, Router } from '../router.js';
import { event } from '../serializers.js';
import { parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { formatDrf, parseIsoDateTime } from '../timestamps.js';
import { streamMatcher, valueFilters } from './filters.js';

interface Candidate {
  e: Obj;
  us: number;
  stream: string;
  local: number;
}

function list(req: MockRequest, env: Env) {
  const match = streamMatcher(req.query.get('filter'));
  const f = valueFilters(req);
  const staffErrors = Boolean(req.user?.isStaff && req.query.get('with_errors'));
  let rows: Candidate[] = [];
  if (match) {
    for (const e of env.store.events.values()) {
      const parts = tryParse(() => parseStreamSlug(String(e.stream)));
      if (!parts || !match(parts)) {
        continue;
      }
      const extra = e.extra_data as Obj | null | undefined;
      if (extra && typeof extra === 'object' && 'error' in extra && !staffErrors) {
        continue;
      }
      const us = parseIsoDateTime(String(e.timestamp)) ?? 0;
      const local = typeof e.streamer_local_id === 'number' ? e.streamer_local_id : 0;
      if (f.start !== null && us < f.start) {
        continue;
      }
      if (f.end !== null && us >= f.end) {
        continue;
      }
      if (f.timestamp !== null && us !== f.timestamp) {
        continue;
      }
      const dts = typeof e.device_timestamp === 'number' ? e.device_timestamp : null;
      if (f.predicate && !f.predicate({ id: Number(e.id), streamerLocalId: local, deviceTimestamp: dts })) {
        continue;
      }
      rows.push({ e, us, stream: parts.slug, local });
    }
  }
  if (f.lastn !== null) {
    rows = rows.sort((a, b) => a.us - b.us).slice(-f.lastn);
  } else {
    rows.sort(
      (a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0) || a.local - b.local || a.us - b.us,
    );
  }
  return json(
    200,
    paginate(
      req,
      rows.map((r) => event(r.e)),
      LARGE,
    ),
  );
}

function byId(env: Env, raw: string): Obj {
  if (!/^\d+$/.test(raw)) {
    throw detail(400, 'Bad Request: Expected an integer database ID');
  }
  const found = env.store.events.get(Number(raw));
  if (!found) {
    throw notFound();
  }
  return found;
}

/** Reads an optional integer form field; a bad one is a field error. */
function intField(form: FormData, key: string, errors: Record<string, string[]>): number | null {
  const raw = form.get(key);
  if (raw === null || raw === '') {
    return null;
  }
  if (typeof raw !== 'string' || !/^\s*-?\d+\s*$/.test(raw)) {
    errors[key] = ['A valid integer is required.'];
    return null;
  }
  return Number.parseInt(raw, 10);
}

/**
 * `POST /event/upload/`: multipart with the raw JSON document in part `file` (`.json` or `.json.gz`) and
 * the event fields as form fields; creates the event with its raw data.
 */
async function upload(req: MockRequest, env: Env) {
  const form = await readForm(req);
  const file = form.get('file');
  if (!file || typeof file === 'string') {
    throw errorBody(400, "missing request.data['file']");
  }
  const name = file.name ?? '';
  const ext = name.endsWith('.json.gz') ? 'json.gz' : name.endsWith('.json') ? 'json' : null;
  if (ext === null) {
    throw validationList(
      name.includes('.') ? 'Unsupported extension for Stream Event' : 'Filename must use file extensions',
    );
  }
  const errors: Record<string, string[]> = {};
  const streamRaw = form.get('stream');
  const stream = typeof streamRaw === 'string' ? tryParse(() => parseStreamSlug(streamRaw)) : null;
  if (typeof streamRaw !== 'string' || streamRaw === '') {
    errors.stream = ['This field is required.'];
  } else if (!stream) {
    errors.stream = [`Illegal stream slug: ${streamRaw}`];
  }
  const timestampRaw = form.get('timestamp');
  const us = typeof timestampRaw === 'string' ? utcMicros(timestampRaw) : null;
  if (typeof timestampRaw !== 'string' || timestampRaw === '') {
    errors.timestamp = ['This field is required.'];
  } else if (us === null) {
    errors.timestamp = [
      'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
    ];
  }
  const deviceTimestamp = intField(form, 'device_timestamp', errors);
  const streamerLocalId = intField(form, 'streamer_local_id', errors);
  const encoded = form.get('encoded_extra_data');
  let extra: Obj | null = null;
  if (typeof encoded === 'string' && encoded !== '') {
    try {
      const parsed: unknown = JSON.parse(encoded);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new Error('not an object');
      }
      extra = parsed as Obj;
    } catch {
      errors.encoded_extra_data = ['Must be a JSON string encoding an object.'];
    }
  }
  // (`stream` and `us` are set whenever there is no error.)
  if (Object.keys(errors).length > 0 || !stream || us === null) {
    throw fieldErrors(errors);
  }
  let bytes = Buffer.from(await file.arrayBuffer());
  let doc: unknown;
  try {
    if (ext === 'json.gz') {
      bytes = gunzipSync(bytes);
    }
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw validationList(`Event data is not valid ${ext}: ${(err as Error).message}`);
  }
  const id = env.store.nextId('event');
  const timestamp = formatDrf(us);
  env.store.events.set(id, {
    id,
    stream: stream.slug,
    timestamp,
    device_timestamp: deviceTimestamp,
    streamer_local_id: streamerLocalId ?? 0,
    extra_data: extra,
    has_raw_data: true,
    ext,
  });
  env.store.eventData.set(id, doc);
  return json(201, {
    id,
    stream: stream.slug,
    device_timestamp: deviceTimestamp,
    timestamp,
    streamer_local_id: streamerLocalId ?? 0,
    encoded_extra_data: typeof encoded === 'string' && encoded !== '' ? encoded : null,
  });
}

export function eventRoutes(router: Router): void {
  router.add('/event/', { GET: list });
  router.add('/event/upload/', { POST: upload });
  router.add('/event/{id}/', { GET: (req, env) => json(200, event(byId(env, req.params.id ?? ''))) });
  router.add('/event/{id}/data/', {
    GET: (req, env) => {
      const found = byId(env, req.params.id ?? '');
      const id = Number(found.id);
      const ext = found.ext ?? 'json';
      let doc: unknown;
      if (found.has_raw_data === true && (ext === 'json' || ext === 'json.gz')) {
        doc = env.store.eventData.has(id) ? env.store.eventData.get(id) : env.store.folder?.eventData(id);
      }
      if (doc === undefined) {
        throw errorBody(404, 'Event has no data');
      }
      return json(200, doc);
    },
  });
}

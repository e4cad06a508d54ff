/**
 * `/event/` (`apps/streamevent`, `APIStreamEventDataViewSet`): events, in JSON or msgpack both ways.
 *
 * - The list: events of the streams a `filter` selects (Large pages, value filters; events whose
 *   `extra_data` has an `error` key only for staff with `with_errors`).
 * - Create: one event (201, the event) or an array (201 `{count}`; an empty array answers 201 with an empty
 *   body, as `perform_create` returns nothing for it). `data` becomes the event's raw document (the server
 *   puts it on S3). The user needs `can_create_stream_data` in the org of the stream's device (or project,
 *   for a virtual stream), which must exist (404).
 * - An item needs staff or `can_create_stream_data` in its stream's org (403); a non-integer id is a 400.
 *   `/data/` serves the raw document (404 `{"error": "Event has no data"}` without one), `/url/` a presigned
 *   S3 URL of it (on a bucket that does not exist, see `resources/s3.ts`), or null.
 * - `POST /event/upload/`: multipart with the raw JSON document in part `file` (`.json` or `.json.gz`) and
 *   the event fields as form fields; creates the event with its raw data.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

import { hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  errorBody,
  fieldErrors,
  forbidden,
  JSON_TYPE,
  json,
  type MockRequest,
  notFound,
  readForm,
  text,
  validationList,
} from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import { utcMicros } from '../report-processor.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { MSGPACK_TYPE, readJsonOrMsgpack, render, wantsMsgpack } from '../resources/msgpack-io.js';
import { EVENTS_BUCKET, presignedGet, STAGE } from '../resources/s3.js';
import {
  orgOfDevice,
  orgOfProjectSlug,
  orgOfStream,
  serverError,
  userOf,
  validateMany,
} from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { event, projectBySlug, uuidFrom } from '../serializers.js';
import { deviceSlug, parseStreamSlug, projectSlug, tryParse } from '../slugs.js';
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
  const user = userOf(req);
  const readable = new Map<string, boolean>();
  // Never a 403: events of streams the user may not read are left out.
  const canRead = (stream: string) => {
    let ok = readable.get(stream);
    if (ok === undefined) {
      ok = hasOrgPermission(env, user, orgOfStream(env, stream), 'can_read_stream_data');
      readable.set(stream, ok);
    }
    return ok;
  };
  if (match) {
    for (const e of env.store.events.values()) {
      const parts = tryParse(() => parseStreamSlug(String(e.stream)));
      if (!parts || !match(parts) || !canRead(parts.slug)) {
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
  return render(
    req,
    200,
    paginate(
      req,
      rows.map((r) => eventOut(r.e)),
      LARGE,
    ),
  );
}

/**
 * An event as the API shows it: every event has the bucket (the server's events all use the second key
 * format); one with raw data has a key too, from its record or, for a fixture event, the first format's
 * `<stage>/<stream>/<uuid>.<ext>`.
 */
function eventOut(e: Obj): Schema<'Event'> {
  const out = event(e);
  out.s3bucket ??= EVENTS_BUCKET;
  if (out.has_raw_data && out.s3key === null) {
    out.s3key = `${STAGE}/${out.stream}/${String(e.uuid ?? uuidFrom(`event:${out.id}`))}.${out.ext ?? 'json'}`;
  }
  return out;
}

/**
 * `get_object`: an integer id (400), an event (404), then staff or `can_create_stream_data` in the org of
 * the event's stream (403). An event whose stream the store holds no record of (a sparse fixture) counts as
 * open; the server answers 404 for it.
 */
function find(req: MockRequest, env: Env): Obj {
  const raw = req.params.id ?? '';
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw detail(400, 'Bad Request: Expected an integer database ID');
  }
  const found = env.store.events.get(Number.parseInt(raw, 10));
  if (!found) {
    throw notFound();
  }
  const user = userOf(req);
  if (
    !user.isStaff &&
    !hasOrgPermission(env, user, orgOfStream(env, String(found.stream)), 'can_create_stream_data')
  ) {
    throw forbidden();
  }
  return found;
}

/** The raw document of an event, when it has one it can serve (`json` or `json.gz`). */
function rawData(env: Env, e: Obj): unknown {
  const id = Number(e.id);
  const ext = e.ext ?? 'json';
  if (e.has_raw_data === true && (ext === 'json' || ext === 'json.gz')) {
    return env.store.eventData.has(id) ? env.store.eventData.get(id) : env.store.folder?.eventData(id);
  }
  return undefined;
}

/** The key a new raw document gets (`set_s3_key_path`: `<stage>/<YYYY/MM/DD/HH>/<uuid>.<ext>`). */
function newKey(env: Env, uuid: string, ext: unknown): string {
  const path = new Date(env.now() * 1000).toISOString().slice(0, 13).replace(/-/g, '/').replace('T', '/');
  return `${STAGE}/${path}/${uuid}.${typeof ext === 'string' ? ext : 'json'}`;
}

/** Stores `data` as the event's raw document (the server uploads it to S3). Falsy data is not uploaded. */
function attachData(env: Env, e: Obj, data: unknown): void {
  if (!data) {
    return;
  }
  e.s3bucket = EVENTS_BUCKET;
  e.s3key = newKey(env, String(e.uuid), e.ext);
  e.has_raw_data = true;
  env.store.eventData.set(Number(e.id), data);
}

/** `validate_extra_data`: an object (null included in what it refuses). */
function checkedEvent(item: Obj, mode: 'create' | 'update' | 'partial'): Obj {
  const extra: Record<string, string[]> = {};
  const body = { ...item };
  if (
    'extra_data' in body &&
    (body.extra_data === null || typeof body.extra_data !== 'object' || Array.isArray(body.extra_data))
  ) {
    extra.extra_data = ['extra_data must be a valid dictionary object'];
    delete body.extra_data;
  }
  const values = validateBody(
    body,
    REQUEST_SCHEMAS[mode === 'partial' ? 'EventPatch' : 'EventCreate'] as RequestSchema,
    mode,
    extra,
  );
  if ('stream' in values) {
    const parts = tryParse(() => parseStreamSlug(String(values.stream)));
    if (!parts) {
      throw fieldErrors({ stream: [`Illegal stream slug: ${String(values.stream)}`] });
    }
    values.stream = parts.slug;
  }
  return values;
}

/**
 * The builder's `user_has_write_access`: `can_create_stream_data` in the org of the stream's device, or of
 * its project for a virtual stream; the one checked must exist (404).
 */
function canWrite(env: Env, req: MockRequest, stream: string): boolean {
  const parts = parseStreamSlug(stream);
  const user = userOf(req);
  if (parts.device !== deviceSlug(0)) {
    const device = env.store.devices.get(parts.device);
    if (!device) {
      throw notFound();
    }
    return hasOrgPermission(env, user, orgOfDevice(env, device), 'can_create_stream_data');
  }
  if (parts.project !== projectSlug(0)) {
    if (!projectBySlug(env.store, parts.project)) {
      throw notFound();
    }
    return hasOrgPermission(env, user, orgOfProjectSlug(env, parts.project), 'can_create_stream_data');
  }
  return false;
}

function newEvent(env: Env, values: Obj): Obj {
  const { data, ...fields } = values;
  const e: Obj = {
    ext: 'json',
    device_timestamp: null,
    streamer_local_id: 0,
    dirty_ts: false,
    status: 'unk',
    extra_data: null,
    ...fields,
    id: env.store.nextId('event'),
    uuid: randomUUID(),
    s3bucket: EVENTS_BUCKET,
    s3key: null,
    has_raw_data: false,
  };
  attachData(env, e, data);
  return e;
}

async function create(req: MockRequest, env: Env) {
  const body = await readJsonOrMsgpack(req);
  const disabled = (stream: string) => env.store.streams.get(stream)?.enabled === false;
  if (!Array.isArray(body)) {
    const values = checkedEvent(body, 'create');
    const stream = String(values.stream);
    if (disabled(stream)) {
      // The builder returns None for a disabled stream and the view then reads `None.stream_slug`.
      throw serverError("'NoneType' object has no attribute 'stream_slug'");
    }
    if (!canWrite(env, req, stream)) {
      throw detail(403, `Not allowed to upload to ${stream}`);
    }
    const e = newEvent(env, values);
    env.store.events.set(Number(e.id), e);
    return render(req, 201, eventOut(e));
  }
  const items = validateMany(body, (item) => checkedEvent(item, 'create'));
  for (const values of items) {
    const stream = String(values.stream);
    if (disabled(stream)) {
      throw detail(403, `Stream not enabled ${stream}`);
    }
    if (!canWrite(env, req, stream)) {
      throw detail(403, `Not allowed to upload to ${stream}`);
    }
  }
  if (items.length === 0) {
    // `perform_create` returns None for an empty list, and the answer has no body.
    return text(201, wantsMsgpack(req) ? MSGPACK_TYPE : JSON_TYPE, '');
  }
  for (const values of items) {
    const e = newEvent(env, values);
    env.store.events.set(Number(e.id), e);
  }
  return render(req, 201, { count: items.length });
}

async function update(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const found = find(req, env);
  const body = await readJsonOrMsgpack(req);
  if (Array.isArray(body)) {
    throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  const values = checkedEvent(body, mode);
  // `perform_update` looks the stream record up (404) and checks the permission again.
  const record = env.store.streams.get(String(found.stream));
  if (!record) {
    throw notFound();
  }
  const user = userOf(req);
  if (
    !user.isStaff &&
    !hasOrgPermission(env, user, orgOfStream(env, String(found.stream)), 'can_create_stream_data')
  ) {
    throw detail(403, `User is not allowed to PATCH ${String(found.stream)}`);
  }
  const { data, ...fields } = values;
  Object.assign(found, fields);
  found.uuid ??= randomUUID();
  attachData(env, found, data);
  return render(req, 200, eventOut(found));
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
  const uuid = randomUUID();
  env.store.events.set(id, {
    id,
    uuid,
    stream: stream.slug,
    timestamp,
    device_timestamp: deviceTimestamp,
    streamer_local_id: streamerLocalId ?? 0,
    extra_data: extra,
    has_raw_data: true,
    ext,
    s3bucket: EVENTS_BUCKET,
    s3key: newKey(env, uuid, ext),
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
  router.add('/event/', { GET: list, POST: create });
  router.add('/event/upload/', { POST: upload });
  router.add('/event/{id}/', {
    GET: (req, env) => render(req, 200, eventOut(find(req, env))),
    PUT: (req, env) => update(req, env, 'update'),
    PATCH: (req, env) => update(req, env, 'partial'),
    DELETE: (req, env) => {
      // The record goes; its raw data stays where it is (on S3, for the server).
      env.store.events.delete(Number(find(req, env).id));
      return { status: 204, headers: {}, body: null };
    },
  });
  router.add('/event/{id}/data/', {
    GET: (req, env) => {
      const doc = rawData(env, find(req, env));
      if (doc === undefined) {
        throw errorBody(404, 'Event has no data');
      }
      return render(req, 200, doc);
    },
  });
  router.add('/event/{id}/url/', {
    GET: (req, env) => {
      const e = eventOut(find(req, env));
      const url = e.s3bucket && e.s3key ? presignedGet(env, e.s3bucket, e.s3key) : null;
      return render(req, 200, { url } satisfies Schema<'EventUrl'>);
    },
  });
}

/**
 * `/event/`: events of the streams a `filter` selects (Large pages, value filters), one event by id, and
 * its raw data document (`/event/{id}/data/`, 404 `{"error": "Event has no data"}` when it has none).
 */
import { detail, errorBody, json, type MockRequest, notFound } from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { event } from '../serializers.js';
import { parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
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

export function eventRoutes(router: Router): void {
  router.add('/event/', { GET: list });
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

/**
 * `/note/`: the notes of one target (`?target=` is required: 400 field error without it), Large pages,
 * with the value filters of `/data/` (`start`, `end`, `timestamp`, `id_min`/`id_max`, `lastn`); and one
 * note by integer id. Not scoped to the user, as on the server.
 */
import { detail, fieldErrors, json, notFound } from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import type { Router } from '../router.js';
import { note } from '../serializers.js';
import type { Obj } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import { valueFilters } from './filters.js';

export function noteRoutes(router: Router): void {
  router.add('/note/', {
    GET: (req, env) => {
      const target = req.query.get('target');
      if (!target) {
        throw fieldErrors({ target: ['This field is required.'] });
      }
      const f = valueFilters(req);
      let rows: Array<{ n: Obj; us: number }> = [];
      for (const n of env.store.notes.values()) {
        if (n.target !== target) {
          continue;
        }
        const us = parseIsoDateTime(String(n.timestamp)) ?? 0;
        if (
          (f.start !== null && us < f.start) ||
          (f.end !== null && us >= f.end) ||
          (f.timestamp !== null && us !== f.timestamp) ||
          (f.predicate && !f.predicate({ id: Number(n.id), streamerLocalId: 0, deviceTimestamp: null }))
        ) {
          continue;
        }
        rows.push({ n, us });
      }
      rows.sort((a, b) => a.us - b.us || Number(a.n.id) - Number(b.n.id));
      if (f.lastn !== null) {
        rows = rows.slice(-f.lastn);
      }
      return json(
        200,
        paginate(
          req,
          rows.map((r) => note(r.n, env.store)),
          LARGE,
        ),
      );
    },
  });
  router.add('/note/{id}/', {
    GET: (req, env) => {
      const raw = req.params.id ?? '';
      if (!/^\d+$/.test(raw)) {
        throw detail(400, 'Bad Request: Expected an integer database ID');
      }
      const found = env.store.notes.get(Number(raw));
      if (!found) {
        throw notFound();
      }
      return json(200, note(found, env.store));
    },
  });
}

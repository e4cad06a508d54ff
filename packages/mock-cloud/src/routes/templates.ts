/** `/sg/` (sensor graphs) and `/dt/` (device templates), looked up by slug. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { deviceTemplate, sensorGraph } from '../serializers.js';
import type { Obj } from '../store.js';

function resource(
  router: Router,
  base: string,
  pick: (s: import('../store.js').Store) => Map<string, Obj>,
  render: (o: Obj) => Obj,
) {
  router.add(`/${base}/`, {
    GET: (req, env) => {
      const rows = [...pick(env.store).values()]
        .map(render)
        .sort((a, b) => String(a.slug).localeCompare(String(b.slug)));
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add(`/${base}/{slug}/`, {
    GET: (req, env) => {
      const found = pick(env.store).get(req.params.slug ?? '');
      if (!found) {
        throw notFound();
      }
      return json(200, render(found));
    },
  });
}

export function templateRoutes(router: Router): void {
  resource(router, 'sg', (s) => s.sgs, sensorGraph);
  resource(router, 'dt', (s) => s.dts, deviceTemplate);
}

/** `/property/`: properties of one target (`?target=` is required: 406 without it). */
import { detail, json } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { property } from '../serializers.js';

export function propertyRoutes(router: Router): void {
  router.add('/property/', {
    GET: (req, env) => {
      const target = req.query.get('target');
      if (!target) {
        throw detail(406, 'target argument (e.g. target=d--0000-0000-0000-1234) is required');
      }
      const rows = [...env.store.properties.values()]
        .filter((p) => p.target === target)
        .map(property)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      const name = req.query.get('name');
      return json(200, paginate(req, name ? rows.filter((p) => p.name === name) : rows, STANDARD));
    },
  });
}

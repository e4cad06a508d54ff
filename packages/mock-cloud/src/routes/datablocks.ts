/** `/datablock/`: data blocks (archives), looked up by `b--` slug. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { datablock } from '../serializers.js';
import { blockSlug, tryParse } from '../slugs.js';

export function datablockRoutes(router: Router): void {
  router.add('/datablock/', {
    GET: (req, env) => {
      let rows = [...env.store.datablocks.values()].map(datablock);
      const orgSlug = req.query.get('org');
      if (orgSlug) {
        rows = rows.filter((b) => b.org === orgSlug);
      }
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add('/datablock/{slug}/', {
    GET: (req, env) => {
      const slug = tryParse(() => blockSlug(req.params.slug ?? ''));
      const found = slug ? env.store.datablocks.get(slug) : undefined;
      if (!found) {
        throw notFound();
      }
      return json(200, datablock(found));
    },
  });
}

/** `/account/`: users see only their own account (non-staff), others' accounts are 404. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { account } from '../serializers.js';
import type { UserRecord } from '../store.js';

export function accountRoutes(router: Router): void {
  router.add('/account/', {
    GET: (req, env) => {
      const me = req.user as UserRecord;
      const visible = me.isStaff && req.query.get('staff') ? [...env.store.users.values()] : [me];
      return json(200, paginate(req, visible.map(account), STANDARD));
    },
  });
  router.add('/account/{slug}/', {
    GET: (req, env) => {
      const me = req.user as UserRecord;
      const found = [...env.store.users.values()].find((u) => u.slug === req.params.slug);
      if (!found || (found !== me && !(me.isStaff && req.query.get('staff')))) {
        throw notFound();
      }
      return json(200, account(found));
    },
  });
}

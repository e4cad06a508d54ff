/** `/fleet/`: fleets (groups of devices), filtered by org, device or `is_network`, and their members. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { fleet, fleetMember } from '../serializers.js';
import { deviceSlug, fleetSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { boolParam } from './params.js';

function findFleet(env: Env, text: string): Obj {
  const slug = tryParse(() => fleetSlug(text));
  const found = slug ? env.store.fleets.get(slug) : undefined;
  if (!found) {
    throw notFound();
  }
  return found;
}

export function fleetRoutes(router: Router): void {
  router.add('/fleet/', {
    GET: (req, env) => {
      let fleets = [...env.store.fleets.values()];
      const dev = req.query.get('device');
      if (dev) {
        const slug = tryParse(() => deviceSlug(dev));
        if (!slug || !env.store.devices.has(slug)) {
          throw notFound();
        }
        fleets = fleets.filter((f) => env.store.fleetMembers.get(String(f.slug))?.has(slug));
      }
      const orgSlug = req.query.get('org');
      if (orgSlug) {
        fleets = fleets.filter((f) => f.org === orgSlug);
      }
      const isNetwork = boolParam(req, 'is_network');
      const rows = fleets.map(fleet).filter((f) => isNetwork === null || f.is_network === isNetwork);
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add('/fleet/{slug}/', {
    GET: (req, env) => json(200, fleet(findFleet(env, req.params.slug ?? ''))),
  });
  router.add('/fleet/{slug}/devices/', {
    GET: (req, env) => {
      const found = findFleet(env, req.params.slug ?? '');
      const members = [...(env.store.fleetMembers.get(String(found.slug))?.values() ?? [])];
      return json(200, paginate(req, members.map(fleetMember), STANDARD));
    },
  });
}

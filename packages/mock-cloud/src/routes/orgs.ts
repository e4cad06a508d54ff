/** `/org/`: organisations, looked up by slug, and the projects of an org. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { org, project } from '../serializers.js';

export function orgRoutes(router: Router): void {
  router.add('/org/', {
    GET: (req, env) => {
      let orgs = [...env.store.orgs.values()];
      const search = req.query.get('search');
      if (search) {
        orgs = orgs.filter((o) =>
          String(o.name ?? '')
            .toLowerCase()
            .includes(search.toLowerCase()),
        );
      }
      orgs.sort((a, b) => String(a.name ?? a.slug).localeCompare(String(b.name ?? b.slug)));
      return json(200, paginate(req, orgs.map(org), STANDARD));
    },
  });
  router.add('/org/{slug}/', {
    GET: (req, env) => {
      const found = env.store.orgs.get(req.params.slug ?? '');
      if (!found) {
        throw notFound();
      }
      return json(200, org(found));
    },
  });
  router.add('/org/{slug}/projects/', {
    GET: (req, env) => {
      const slug = req.params.slug ?? '';
      if (!env.store.orgs.has(slug)) {
        throw notFound();
      }
      const projects = [...env.store.projects.values()]
        .filter((p) => p.org === slug)
        .sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')));
      return json(200, paginate(req, projects.map(project), STANDARD));
    },
  });
}

/** `/project/`: looked up by UUID (anything else is a 400), with its properties. */
import { json, type MockRequest, notFound, readObject, validationList } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { project, targetProperty } from '../serializers.js';
import { isUuid } from '../slugs.js';
import type { Obj } from '../store.js';
import { applyPatch, str } from './patch.js';

function byId(env: Env, id: string): Obj {
  if (!isUuid(id)) {
    throw validationList('Project ID must be a UUID');
  }
  const found = env.store.projects.get(id.toLowerCase());
  if (!found) {
    throw notFound();
  }
  return found;
}

export function projectRoutes(router: Router): void {
  router.add('/project/', {
    GET: (req, env) => {
      let projects = [...env.store.projects.values()];
      const orgSlug = req.query.get('org__slug') || req.query.get('org');
      if (orgSlug) {
        if (!env.store.orgs.has(orgSlug) && !projects.some((p) => p.org === orgSlug)) {
          throw notFound();
        }
        projects = projects.filter((p) => p.org === orgSlug);
      }
      for (const key of ['slug', 'name'] as const) {
        const v = req.query.get(key);
        if (v) {
          projects = projects.filter((p) => p[key] === v);
        }
      }
      projects.sort((a, b) => String(a.name ?? '').localeCompare(String(b.name ?? '')));
      return json(200, paginate(req, projects.map(project), STANDARD));
    },
  });
  const patch = async (req: MockRequest, env: Env) => {
    const found = byId(env, req.params.id ?? '');
    applyPatch(found, await readObject(req), {
      name: str(50),
      about: str(10_000),
      org: str(50),
      project_template: str(100, true),
    });
    return json(200, project(found));
  };
  router.add('/project/{id}/', {
    GET: (req, env) => json(200, project(byId(env, req.params.id ?? ''))),
    PATCH: patch,
    PUT: patch,
  });
  router.add('/project/{id}/properties/', {
    GET: (req, env) => {
      const found = byId(env, req.params.id ?? '');
      const props = [...env.store.properties.values()].filter((p) => p.target === found.slug);
      return json(200, props.map(targetProperty));
    },
  });
}

/** `/vartype/`: variable types, from `addData` (`vartypes`) or the stream folder's `variable_types/`. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { varType } from '../serializers.js';
import type { Obj } from '../store.js';

function all(env: Env): Obj[] {
  const out = new Map<string, Obj>();
  for (const slug of env.store.folder?.varTypeSlugs() ?? []) {
    const v = env.store.folder?.varType(slug);
    if (v) {
      out.set(slug, { slug, ...v });
    }
  }
  for (const [slug, v] of env.store.vartypes) {
    out.set(slug, v);
  }
  return [...out.values()];
}

export function varTypeRoutes(router: Router): void {
  router.add('/vartype/', {
    GET: (req, env) => {
      const search = req.query.get('search')?.toLowerCase();
      const rows = all(env)
        .map(varType)
        .filter((v) => !search || String(v.name).toLowerCase().includes(search))
        .sort((a, b) => String(a.slug).localeCompare(String(b.slug)));
      return json(200, paginate(req, rows, STANDARD));
    },
  });
  router.add('/vartype/{slug}/', {
    GET: (req, env) => {
      const slug = req.params.slug ?? '';
      const found = env.store.vartypes.get(slug) ?? env.store.folder?.varType(slug);
      if (!found) {
        throw notFound();
      }
      return json(200, varType({ slug, ...found }));
    },
  });
}

/** `/sg/` (sensor graphs) and `/dt/` (device templates), looked up by slug. */
import { json, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Router } from '../router.js';
import { deviceTemplate, sensorGraph } from '../serializers.js';
import type { Obj } from '../store.js';

function sortedBySlug<T extends { slug: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.slug.localeCompare(b.slug));
}

function find(objects: Map<string, Obj>, slug: string | undefined): Obj {
  const found = objects.get(slug ?? '');
  if (!found) {
    throw notFound();
  }
  return found;
}

export function templateRoutes(router: Router): void {
  router.add('/sg/', {
    GET: (req, env) =>
      json(200, paginate(req, sortedBySlug([...env.store.sgs.values()].map(sensorGraph)), STANDARD)),
  });
  router.add('/sg/{slug}/', {
    GET: (req, env) => json(200, sensorGraph(find(env.store.sgs, req.params.slug))),
  });
  router.add('/dt/', {
    GET: (req, env) =>
      json(200, paginate(req, sortedBySlug([...env.store.dts.values()].map(deviceTemplate)), STANDARD)),
  });
  router.add('/dt/{slug}/', {
    GET: (req, env) => json(200, deviceTemplate(find(env.store.dts, req.params.slug))),
  });
}

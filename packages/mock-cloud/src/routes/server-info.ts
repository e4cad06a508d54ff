/** `GET /server/` (no authentication): the server's clock and identity. */
import { json } from '../http.js';
import type { Router } from '../router.js';
import { formatSecondsZ } from '../timestamps.js';

export function serverInfoRoutes(router: Router): void {
  router.add(
    '/server/',
    {
      GET: (_req, env) =>
        json(200, {
          now: formatSecondsZ(Math.floor(env.now()) * 1_000_000),
          stage: 'mock',
          name: 'IOTile Mock Cloud',
          company: 'Arch Systems',
        }),
    },
    'optional',
  );
}

/**
 * The `verify: false` switch.
 *
 * Node's global fetch accepts an undici `dispatcher` in its init; an undici 7 `Agent` with
 * `rejectUnauthorized: false` turns certificate checks off for the requests given that dispatcher
 * only, so one `Api` can trust a self-signed server while every other request in the process stays
 * verified. undici is imported lazily (code that never sets `verify: false` never loads it) and only by
 * the Node build of `#platform`: a browser bundle holds no undici, and `verify: false` there throws
 * `UnsupportedPlatformError` (a page can not turn certificate checks off). Refused certificates are
 * recognised in `request-failure.ts`.
 */

import { platform } from '#platform';
import type { InsecureDispatcher } from './platform/types.js';
import { UnsupportedPlatformError } from './unsupported.js';

export type { InsecureDispatcher, InsecureFetchInit } from './platform/types.js';

/**
 * The insecure dispatcher of a new `Api` (its agent is created on first use, by the Node build of
 * `#platform`).
 * @throws UnsupportedPlatformError outside Node (fetch there takes no dispatcher).
 */
export function insecureDispatcher(): InsecureDispatcher {
  const create = platform.insecureDispatcher;
  if (create === undefined) {
    throw new UnsupportedPlatformError(
      'verify: false',
      'new Api({ verify: false }) works in Node only: a browser always checks TLS certificates ' +
        '(trust the certificate in the browser or the OS instead)',
    );
  }
  return create();
}

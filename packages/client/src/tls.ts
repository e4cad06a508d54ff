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
import type { Dispatcher } from './platform/types.js';
import { UnsupportedPlatformError } from './unsupported.js';

/** What `fetch` receives as its second argument to skip certificate checks. */
export interface InsecureFetchInit {
  dispatcher: unknown;
}

/** A lazily created insecure dispatcher, owned by one `Api`. */
export class InsecureDispatcher {
  readonly #create: () => Promise<Dispatcher>;
  #agent: Promise<Dispatcher> | undefined;

  /** @throws UnsupportedPlatformError outside Node (fetch there takes no dispatcher). */
  constructor() {
    const create = platform.createInsecureDispatcher;
    if (create === undefined) {
      throw new UnsupportedPlatformError(
        'verify: false',
        'new Api({ verify: false }) works in Node only: a browser always checks TLS certificates ' +
          '(trust the certificate in the browser or the OS instead)',
      );
    }
    this.#create = create;
  }

  /** The fetch init that carries the dispatcher (created on first use). */
  async fetchInit(): Promise<InsecureFetchInit> {
    this.#agent ??= this.#create();
    return { dispatcher: await this.#agent };
  }

  /** Closes the dispatcher's sockets (idle keep-alive connections would otherwise linger for seconds). */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = undefined;
    if (agent) {
      await (await agent).close();
    }
  }
}

/**
 * The parts of the client an application may never use (lists, the auth endpoints, uploads) are
 * loaded on first use with `import()`, which bundlers turn into lazy chunks: `new Api()` and a typed
 * call load none of them. In a browser such a chunk is fetched when first needed; if that fails
 * (offline, a deploy that removed it), the call fails with the `ConnectionError` its request would
 * have met, naming the cause, rather than a bundler's `TypeError`.
 */

import { ConnectionError, redactUrl } from './errors.js';

/** `load()`, or the `ConnectionError` of `method url` when it fails. */
export async function loadPart<Part>(load: () => Promise<Part>, method: string, url: string): Promise<Part> {
  try {
    return await load();
  } catch (error) {
    throw new ConnectionError(
      `${method} ${redactUrl(url)} failed: the client's code for it could not be loaded (${String(error)})`,
      { method, url, cause: error },
    );
  }
}

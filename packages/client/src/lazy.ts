/**
 * The parts of the client an application may never use (lists, the auth endpoints, uploads, the
 * verbs of generic resources) are loaded on first use with `import()`, and what only a failure needs
 * (request-failure.ts, retry-wait.ts, body.ts, all-errors.ts) on the first failure; bundlers turn them into lazy
 * chunks: `new Api()` and a typed call that succeeds load none of them. In a browser such a chunk is fetched when first needed; if that fails
 * (offline, a deploy that removed it), the call fails with the `ConnectionError` its request would
 * have met, naming the cause, rather than a bundler's `TypeError`.
 *
 * Every module loaded that way imports `./index.js` (for nothing: it is loaded already). A
 * code-splitting bundler such as esbuild puts a file in the chunk of the set of entry points (the
 * application's, and each `import()`) that reach it; without that import, each set of lazy parts
 * that use a file of the first load (the errors, the checks, redaction...) would make a chunk of its
 * own, all of them loaded first: nine chunks, nine requests and nine gzip streams (12.8 kB
 * min+gzip) where one shared chunk holds the same code (10.9 kB).
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

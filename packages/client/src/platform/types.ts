/**
 * What differs between Node and other platforms (browsers, workers): the shape both
 * `platform/node.ts` and `platform/browser.ts` export. A bundler picks one through the `#platform`
 * import of package.json (`browser` / `node` / `default` conditions), so a browser bundle never
 * contains `undici` or `node:fs`, not even behind a runtime check.
 */

/** What `fetch` receives as its second argument to skip certificate checks. */
export interface InsecureFetchInit {
  dispatcher: unknown;
}

/**
 * The `verify: false` connection pool of one `Api`: an undici `Agent` that skips certificate checks,
 * created on first use, closed by `Api.close()`.
 */
export interface InsecureDispatcher {
  /** The fetch init that carries the dispatcher (created on first use). */
  fetchInit(): Promise<InsecureFetchInit>;
  /** Closes the dispatcher's sockets (idle keep-alive connections would otherwise linger for seconds). */
  close(): Promise<void>;
}

export interface Platform {
  /** `'node'` or `'browser'` (the `default` condition: browsers, workers and other runtimes). */
  readonly name: 'node' | 'browser';
  /** OpenSSL / Node error codes that mean "the certificate was not accepted" (none where fetch hides them). */
  readonly certificateErrorCodes: ReadonlySet<string>;
  /** A new insecure dispatcher, or `undefined` where fetch has no dispatcher. */
  readonly insecureDispatcher: (() => InsecureDispatcher) | undefined;
  /** Opens a file by path as a lazily read Blob, or `undefined` where there is no filesystem. */
  readonly openFileAsBlob: ((path: string, type: string) => Promise<Blob>) | undefined;
}

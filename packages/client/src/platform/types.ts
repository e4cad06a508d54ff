/**
 * What differs between Node and other platforms (browsers, workers): the shape both
 * `platform/node.ts` and `platform/browser.ts` export. A bundler picks one through the `#platform`
 * import of package.json (`browser` / `node` / `default` conditions), so a browser bundle never
 * contains `undici` or `node:fs`, not even behind a runtime check.
 */

/** A connection pool for fetch's `dispatcher`, closed by `Api.close()`. */
export interface Dispatcher {
  close(): Promise<void>;
}

export interface Platform {
  /** `'node'` or `'browser'` (the `default` condition: browsers, workers and other runtimes). */
  readonly name: 'node' | 'browser';
  /** OpenSSL / Node error codes that mean "the certificate was not accepted" (none where fetch hides them). */
  readonly certificateErrorCodes: ReadonlySet<string>;
  /** An undici `Agent` that skips certificate checks, or `undefined` where fetch has no dispatcher. */
  readonly createInsecureDispatcher: (() => Promise<Dispatcher>) | undefined;
  /** Opens a file by path as a lazily read Blob, or `undefined` where there is no filesystem. */
  readonly openFileAsBlob: ((path: string, type: string) => Promise<Blob>) | undefined;
}

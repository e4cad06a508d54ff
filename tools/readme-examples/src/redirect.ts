/**
 * README examples are written for the real cloud (`new Api()` talks to https://iotile.cloud); their
 * tests run them against a local server by stubbing `fetch` with this.
 */

/** The `fetch` signature the `Api` calls (a `Request`, and an init carrying the TLS dispatcher). */
export type RequestFetch = (request: Request, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that sends the requests for `origin` to `target` instead (same path and query, method,
 * headers, body and signal) and every other request unchanged, both through `fetch`. Use it as
 * `vi.stubGlobal('fetch', redirectingFetch('https://iotile.cloud', server.url, realFetch))`.
 */
export function redirectingFetch(origin: string, target: string, fetch: RequestFetch): RequestFetch {
  const from = new URL(origin).origin;
  return (request, init) => {
    const url = new URL(request.url);
    if (url.origin !== from) {
      return fetch(request, init);
    }
    return fetch(
      new Request(`${target}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        duplex: 'half',
      } as RequestInit),
      init,
    );
  };
}

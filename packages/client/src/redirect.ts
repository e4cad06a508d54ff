/**
 * Redirects, followed by the client rather than by fetch, so that nothing secret follows them.
 *
 * fetch removes only `Authorization` when a redirect leaves the origin; it would carry every other
 * header the caller set (`X-Api-Key`, a device's `a-jwt`...) and, on 307/308, the body (a password, a
 * token) to wherever the server points. Here each hop is sent with `redirect: 'manual'`, and:
 * - calls that must never follow (`login()`, `logout()`, `refreshToken()`) fail on any 3xx with an
 *   `UnexpectedRedirectError` naming the target's origin;
 * - a hop to another origin carries no caller header but `Accept`, and never a body: 301/302 after a
 *   POST and 303 become a GET without body, as in fetch, and a 307/308 that would carry a body to
 *   another origin is refused;
 * - a hop on the same origin keeps the headers and replays the body, as fetch does;
 * - the transport adds the token per hop, only on the API's own origin (`mayCarryToken`).
 *
 * Browsers hide a manual redirect's target (an `opaqueredirect` response), so there every redirect is
 * refused with an `UnexpectedRedirectError`; the API itself only redirects a path without its trailing
 * slash, which typed calls never send.
 *
 * This module is the first hop, on every request; what follows a redirect is in `redirect-follow.ts`,
 * loaded (`import()`) when a response redirects: an application whose server never redirects never
 * loads it (a browser bundle keeps it in a lazy chunk).
 */

export interface RedirectPolicy {
  /** False for the auth calls: any redirect is an error. */
  follow: boolean;
  /** Removed from the errors' messages and URLs. */
  secrets: readonly string[];
}

/**
 * Sends `request` through `send` (one hop, `redirect: 'manual'`) and follows redirects by the rules
 * above. Resolves the final response and whether a redirect led to it; rejects with
 * `UnexpectedRedirectError` for a refused redirect.
 */
export async function sendFollowingRedirects(
  request: Request,
  send: (hop: Request) => Promise<Response>,
  policy: RedirectPolicy,
): Promise<{ response: Response; redirected: boolean }> {
  // A same-origin 307/308 replays the body, which `send` consumes: keep a copy until the end.
  const bodyCopy = request.body === null ? undefined : request.clone();
  try {
    const response = await send(request);
    // Only a 3xx with a Location may redirect (which ones do is redirect-follow.ts's to decide).
    if (
      response.type !== 'opaqueredirect' &&
      !(response.status >= 300 && response.status <= 399 && response.headers.has('location'))
    ) {
      return { response, redirected: false };
    }
    let follow: typeof import('./redirect-follow.js').followRedirects;
    try {
      ({ followRedirects: follow } = await import('./redirect-follow.js'));
    } catch (error) {
      // The transport reports it as the request's failure (a `ConnectionError` naming the cause).
      await response.body?.cancel().catch(() => undefined);
      throw error;
    }
    return await follow(request, response, bodyCopy, send, policy);
  } finally {
    if (bodyCopy !== undefined && !bodyCopy.bodyUsed) {
      await bodyCopy.body?.cancel().catch(() => undefined);
    }
  }
}

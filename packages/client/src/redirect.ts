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
 */

import { UnexpectedRedirectError } from './errors.js';
import { redactUrl } from './internal/redact.js';

/** Statuses that redirect (with a `Location`), as in the fetch standard. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** fetch's limit on redirects per request. */
export const MAX_REDIRECTS = 20;

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
  let bodyBytes: ArrayBuffer | undefined;
  let current = request;
  try {
    for (let hop = 0; ; hop++) {
      const response = await send(current);
      const refuse = (reason: string, location: URL | undefined): UnexpectedRedirectError =>
        new UnexpectedRedirectError(
          `${current.method} ${redactUrl(current.url, policy.secrets)} answered ${response.status || 'a redirect'}` +
            `${location === undefined ? '' : ` to ${location.origin}`}: ${reason}`,
          {
            method: current.method,
            response,
            location: location?.toString(),
            secrets: policy.secrets,
          },
        );
      if (response.type === 'opaqueredirect') {
        throw refuse('this runtime hides where a redirect leads, so it is not followed', undefined);
      }
      const header = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
      if (header === null) {
        return { response, redirected: hop > 0 };
      }
      // The body of a redirect is never read: free the connection.
      await response.body?.cancel().catch(() => undefined);
      let target: URL;
      try {
        target = new URL(header, current.url);
      } catch {
        throw refuse('its Location is not a URL', undefined);
      }
      if (!policy.follow) {
        throw refuse('authentication calls never follow redirects (check the domain)', target);
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw refuse(`redirects to ${target.protocol} are not followed`, target);
      }
      if (hop + 1 > MAX_REDIRECTS) {
        throw refuse(`more than ${MAX_REDIRECTS} redirects`, target);
      }
      const crossOrigin = target.origin !== new URL(current.url).origin;
      const toGet =
        ((response.status === 301 || response.status === 302) && current.method === 'POST') ||
        (response.status === 303 && current.method !== 'GET' && current.method !== 'HEAD');
      const method = toGet ? 'GET' : current.method;
      const withBody = bodyCopy !== undefined && !toGet;
      if (withBody && crossOrigin) {
        throw refuse('a request body is never carried to another origin', target);
      }
      const headers = crossOrigin ? onlyAccept(current.headers) : new Headers(current.headers);
      if (!withBody) {
        for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language']) {
          headers.delete(name);
        }
      }
      if (withBody) {
        bodyBytes ??= await bodyCopy.arrayBuffer();
      }
      current = new Request(target, {
        method,
        headers,
        signal: request.signal,
        redirect: 'manual',
        ...(withBody ? { body: bodyBytes } : {}),
      });
    }
  } finally {
    if (bodyCopy !== undefined && !bodyCopy.bodyUsed) {
      await bodyCopy.body?.cancel().catch(() => undefined);
    }
  }
}

function onlyAccept(headers: Headers): Headers {
  const accept = headers.get('accept');
  return new Headers(accept === null ? {} : { accept });
}

/**
 * Following a redirect, by the rules of `redirect.ts` (which sends the first hop and loads this
 * module only when a response redirects or is an opaque redirect).
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { UnexpectedRedirectError } from './all-errors.js';
import { redactUrl } from './internal/redact.js';
import type { RedirectPolicy } from './redirect.js';

/** Statuses that redirect (with a `Location`), as in the fetch standard. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** fetch's limit on redirects per request. */
export const MAX_REDIRECTS = 20;

/**
 * Follows the redirects from `first`, the answer to `request` (hop 0), sending each further hop
 * through `send`. `bodyCopy` is a copy of the request's body (the caller cancels it at the end).
 * Resolves the final response; rejects with `UnexpectedRedirectError` for a refused redirect.
 */
export async function followRedirects(
  request: Request,
  first: Response,
  bodyCopy: Request | undefined,
  send: (hop: Request) => Promise<Response>,
  policy: RedirectPolicy,
): Promise<{ response: Response; redirected: boolean }> {
  let bodyBytes: ArrayBuffer | undefined;
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = hop === 0 ? first : await send(current);
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
}

function onlyAccept(headers: Headers): Headers {
  const accept = headers.get('accept');
  return new Headers(accept === null ? {} : { accept });
}

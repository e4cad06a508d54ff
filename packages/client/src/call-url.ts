/**
 * Requests to an absolute URL (a DRF `next` link, a presigned upload URL), for the parts that send
 * them (lists, uploads; both loaded on first use).
 */

import type { ApiCore, CallInit, RawResult } from './core.js';

/**
 * Sends `method url` through `core.call`: openapi-fetch and the transport, which adds the token only
 * when the URL is on the API's origin.
 */
export function callUrl(core: ApiCore, method: string, url: string, init: CallInit = {}): Promise<RawResult> {
  const target = new URL(url);
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of target.searchParams) {
    const previous = query[key];
    query[key] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  // openapi-fetch joins baseUrl (trailing slash removed) and the path: split before the last segment.
  const cut = target.pathname.lastIndexOf('/');
  return core.call(method, target.pathname.slice(cut) || '/', {
    ...init,
    baseUrl: `${target.origin}${target.pathname.slice(0, cut)}`,
    params: { query },
  });
}

/**
 * `--verbose`: a fetch that logs every HTTP attempt (so retries show up as repeated requests) with
 * its status and time. Only the method and the URL are logged, with credentials and secret-looking
 * query values removed; headers (the token) and bodies (passwords) never are.
 */

import type { FetchLike } from '@iotile/client';
import { redactUrl } from '@iotile/client/internal';
import type { Logger } from './context.js';

/** The URL as the client's errors show it: the one redaction rule of the `@iotile/*` packages. */
export { redactUrl };

export function verboseFetch(log: Logger, base: () => FetchLike = () => globalThis.fetch): FetchLike {
  // Attempts per method and URL still unanswered by a final status: a second one is a retry.
  const attempts = new Map<string, number>();
  return async (input, init) => {
    const method = (init?.method ?? input.method).toUpperCase();
    const url = redactUrl(input.url);
    const key = `${method} ${url}`;
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    log.verbose(`> ${method} ${url}${attempt > 1 ? ` (retry ${attempt - 1})` : ''}`);
    const started = performance.now();
    try {
      const response = await base()(input, init);
      const ms = Math.round(performance.now() - started);
      log.verbose(`< ${response.status} ${response.statusText} ${method} ${url} (${ms} ms)`);
      if (![429, 502, 503, 504].includes(response.status)) {
        attempts.delete(key);
      }
      return response;
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      log.verbose(`< failed ${method} ${url} (${ms} ms): ${cause}`);
      throw error;
    }
  };
}

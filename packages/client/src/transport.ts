/**
 * The fetch that openapi-fetch calls: one function that, per attempt, adds the Authorization header
 * (same origin only), applies the deadline, passes the TLS dispatcher, and turns low-level failures
 * into the package's typed errors, those of the response body included (the deadline and the
 * caller's signal also cover the body, read after this returns); `fetchWithRetries` repeats attempts
 * when that is safe.
 *
 * The underlying fetch is looked up at request time (`options.fetch ?? globalThis.fetch`), so nock or
 * msw installed after the `Api` was created still see its requests.
 */

import {
  ConnectionError,
  HttpCouldNotVerifyServerError,
  IOTileCloudError,
  RequestAbortedError,
  RequestTimeoutError,
  redactUrl,
} from './errors.js';
import { withTypedBodyErrors } from './response-body.js';
import { fetchWithRetries, type RetryOptions } from './retry.js';
import { attemptSignal } from './timeout.js';
import { certificateErrorCode, type InsecureDispatcher } from './tls.js';

/** A fetch implementation (the second argument carries the undici dispatcher for `verify: false`). */
export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** Settings that may be changed per call. */
export interface RequestOverrides {
  /** Deadline of each attempt in ms (0 or `Infinity`: none). */
  timeoutMs?: number;
  /** Extra attempts after the first (0: no retries). */
  retries?: number;
  /** Retry POST/PATCH too. */
  retryNonIdempotent?: boolean;
}

export interface TransportSettings {
  timeoutMs: number;
  retry: RetryOptions;
  /** The fetch given to the `Api`, if any; `globalThis.fetch` is used otherwise (looked up per request). */
  fetch: FetchLike | undefined;
  /** Present when `verify: false`. */
  insecure: InsecureDispatcher | undefined;
  /** The `Authorization` value for a URL, or `undefined` when it must not carry credentials. */
  authorization(url: string): string | undefined;
}

export type Transport = (
  request: Request,
  overrides?: RequestOverrides & { fetch?: FetchLike },
) => Promise<Response>;

export function createTransport(settings: TransportSettings): Transport {
  return (request, overrides = {}) => {
    const timeoutMs = overrides.timeoutMs ?? settings.timeoutMs;
    const retry: RetryOptions = {
      ...settings.retry,
      ...(overrides.retries === undefined ? {} : { retries: overrides.retries }),
      ...(overrides.retryNonIdempotent === undefined
        ? {}
        : { retryNonIdempotent: overrides.retryNonIdempotent }),
    };
    const attempt = async (original: Request): Promise<Response> => {
      const deadline = attemptSignal(original.signal, timeoutMs);
      const headers = new Headers(original.headers);
      const authorization = settings.authorization(original.url);
      if (authorization !== undefined && !headers.has('authorization')) {
        headers.set('authorization', authorization);
      }
      const outgoing = new Request(original, { headers, signal: deadline.signal });
      const fetchImpl: FetchLike = overrides.fetch ?? settings.fetch ?? globalThis.fetch;
      let response: Response;
      try {
        const init = settings.insecure ? ((await settings.insecure.fetchInit()) as RequestInit) : undefined;
        response = await (init === undefined ? fetchImpl(outgoing) : fetchImpl(outgoing, init));
      } catch (error) {
        throw requestFailure(error, original, deadline.timedOut(), timeoutMs);
      }
      return withTypedBodyErrors(response, (error, bytesRead) =>
        requestFailure(error, original, deadline.timedOut(), timeoutMs, bytesRead),
      );
    };
    return fetchWithRetries(request, attempt, retry);
  };
}

/**
 * The typed error for a request that produced no response, or (with `bodyBytesRead`) whose body
 * failed after that many bytes: a deadline or an abort can fire after the headers arrived, and a
 * connection can be cut in the middle of a body.
 */
function requestFailure(
  error: unknown,
  request: Request,
  timedOut: boolean,
  timeoutMs: number,
  bodyBytesRead?: number,
): Error {
  if (error instanceof IOTileCloudError) {
    return error;
  }
  const method = request.method;
  const url = request.url;
  const where = `${method} ${redactUrl(url)}`;
  const during = bodyBytesRead === undefined ? '' : ` while its body was read (after ${bodyBytesRead} bytes)`;
  if (request.signal.aborted) {
    return new RequestAbortedError(`${where} was aborted by the caller${during}`, {
      method,
      url,
      cause: request.signal.reason,
    });
  }
  if (timedOut || isDomException(error, 'TimeoutError')) {
    return new RequestTimeoutError(`${where} timed out after ${timeoutMs} ms${during}`, {
      method,
      url,
      timeoutMs,
      cause: error,
    });
  }
  if (isDomException(error, 'AbortError')) {
    return new RequestAbortedError(`${where} was aborted${during}`, { method, url, cause: error });
  }
  const code = certificateErrorCode(error);
  if (code !== undefined) {
    return new HttpCouldNotVerifyServerError(
      `Could not verify the TLS certificate of ${new URL(url).origin} (${code}) for ${where}${during}; ` +
        'use new Api({ verify: false }) only for a server you trust',
      { method, url, code, cause: error },
    );
  }
  return new ConnectionError(`${where} failed${during}: ${describeCause(error)}`, {
    method,
    url,
    cause: error,
  });
}

function isDomException(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/** The most specific reason in a `fetch failed` chain, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
function describeCause(error: unknown): string {
  let current: unknown = error;
  let message = 'network error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { message: text, code } = current as { message?: unknown; code?: unknown };
    if (typeof text === 'string' && text !== '') {
      message = typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

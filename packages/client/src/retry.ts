/**
 * Retries as a fetch wrapper: it sits under openapi-fetch (and its middleware), clones the Request for
 * every attempt, and waits with exponential backoff plus jitter, or as long as `Retry-After` asks
 * (capped). Only idempotent methods are retried unless the caller opts in, because a POST that timed
 * out may still have been applied by the server.
 */

import { ConnectionError, RequestAbortedError, RequestTimeoutError, redactUrl } from './errors.js';

export interface RetryOptions {
  /** Extra attempts after the first one (0 disables retries). Default 2. */
  retries: number;
  /** Also retry POST/PATCH (not idempotent: the server may apply them twice). Default false. */
  retryNonIdempotent: boolean;
  /** First backoff delay; doubles on every retry. Default 500 ms. */
  baseDelayMs: number;
  /** Upper bound of one backoff delay. Default 8 s. */
  maxDelayMs: number;
  /** Upper bound for a `Retry-After` wait. Default 60 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: Readonly<RetryOptions> = Object.freeze({
  retries: 2,
  retryNonIdempotent: false,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

/** Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Statuses that say "try again later": rate limited, or a gateway could not reach the server. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Share of a backoff delay removed at random, so clients that failed together do not retry together. */
const JITTER = 0.25;

/** The backoff before retry number `retry` (0-based): base·2^retry, capped, minus up to 25 % jitter. */
export function backoffDelay(
  retry: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(ceiling * (1 - JITTER * Math.random()));
}

/**
 * The wait a `Retry-After` header asks for, in ms (delta-seconds or an HTTP date), capped at `maxMs`;
 * `undefined` when the header is absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  maxMs: number,
  now: number = Date.now(),
): number | undefined {
  if (value === null) {
    return undefined;
  }
  const text = value.trim();
  let delay: number;
  if (/^\d+$/.test(text)) {
    delay = Number(text) * 1000;
  } else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) {
      return undefined;
    }
    delay = Math.max(0, date - now);
  }
  return Math.min(delay, maxMs);
}

/** Errors worth another attempt: the network failed or the attempt timed out (not TLS, not abort). */
export function isRetryableError(error: unknown): boolean {
  return error instanceof ConnectionError || error instanceof RequestTimeoutError;
}

/** One HTTP attempt; throws the package's `RequestError`s for failures below HTTP. */
export type Attempt = (request: Request) => Promise<Response>;

/**
 * Runs `attempt` until it gives a response that is not retryable, retries are used up, or the
 * request's signal aborts. The original request is never sent itself except on the final try, so
 * every earlier attempt gets a fresh clone of the body.
 */
export async function fetchWithRetries(
  request: Request,
  attempt: Attempt,
  options: RetryOptions,
  onRetry?: (retry: {
    retry: number;
    retries: number;
    delayMs: number;
    status?: number;
    error?: Error;
  }) => void,
  signal: AbortSignal = request.signal,
): Promise<Response> {
  const retryable = IDEMPOTENT_METHODS.has(request.method) || options.retryNonIdempotent;
  const maxRetries = retryable ? Math.max(0, Math.floor(options.retries)) : 0;
  for (let retry = 0; ; retry++) {
    const last = retry >= maxRetries;
    let response: Response;
    try {
      response = await attempt(last ? request : request.clone());
    } catch (error) {
      if (last || !isRetryableError(error)) {
        throw error;
      }
      const delayMs = backoffDelay(retry, options);
      onRetry?.({ retry: retry + 1, retries: maxRetries, delayMs, error: error as Error });
      await sleep(delayMs, request, signal);
      continue;
    }
    if (last || !RETRYABLE_STATUSES.has(response.status)) {
      return response;
    }
    const delay =
      parseRetryAfter(response.headers.get('retry-after'), options.maxRetryAfterMs) ??
      backoffDelay(retry, options);
    // Free the connection; the body of a 429/503 is not needed.
    await response.body?.cancel().catch(() => undefined);
    onRetry?.({ retry: retry + 1, retries: maxRetries, delayMs: delay, status: response.status });
    await sleep(delay, request, signal);
  }
}

/** Waits `ms`, or rejects with `RequestAbortedError` as soon as `signal` (the caller's) aborts. */
function sleep(ms: number, request: Request, signal: AbortSignal): Promise<void> {
  const aborted = () =>
    new RequestAbortedError(
      `${request.method} ${redactUrl(request.url)} was aborted while waiting to retry`,
      {
        method: request.method,
        url: request.url,
        cause: signal.reason,
      },
    );
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(aborted());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Retries as a fetch wrapper: it sits under openapi-fetch (and its middleware), clones the Request for
 * every attempt, and waits with exponential backoff plus jitter, or as long as `Retry-After` asks
 * (capped). Only idempotent methods are retried unless the caller opts in, because a POST that timed
 * out may still have been applied by the server.
 *
 * This module is the first attempt, on every request; the waits and the attempts after them are in
 * `retry-wait.ts`, loaded (`import()`) when a first attempt fails in a way worth retrying.
 */

import { isRetryableError } from './errors.js';
import type { RetryEvent } from './logger.js';

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

/** One HTTP attempt; throws the package's `RequestError`s for failures below HTTP. */
export type Attempt = (request: Request) => Promise<Response>;

/** A retry about to happen, before its wait. */
export type RetryInfo = Omit<RetryEvent, 'method' | 'url'>;

/** Told each retry before its wait, with the function that words it for the log. */
export type OnRetry = (retry: RetryInfo, describe: (event: RetryEvent) => string) => void;

/** What ended an attempt that is worth retrying: a response with a retryable status, or an error. */
export type RetryableOutcome = { response: Response } | { error: unknown };

/**
 * Runs `attempt` until it gives a response that is not retryable, retries are used up, or the
 * request's signal aborts. The original request is never sent itself except on the final try, so
 * every earlier attempt gets a fresh clone of the body.
 */
export async function fetchWithRetries(
  request: Request,
  attempt: Attempt,
  options: RetryOptions,
  onRetry?: OnRetry,
  signal: AbortSignal = request.signal,
): Promise<Response> {
  const retryable = IDEMPOTENT_METHODS.has(request.method) || options.retryNonIdempotent;
  const maxRetries = retryable ? Math.max(0, Math.floor(options.retries)) : 0;
  if (maxRetries === 0) {
    return attempt(request);
  }
  let first: RetryableOutcome;
  try {
    const response = await attempt(request.clone());
    if (!RETRYABLE_STATUSES.has(response.status)) {
      return response;
    }
    first = { response };
  } catch (error) {
    if (!isRetryableError(error)) {
      throw error;
    }
    first = { error };
  }
  let retries: typeof import('./retry-wait.js');
  try {
    retries = await import('./retry-wait.js');
  } catch {
    // The code of the retries could not be loaded (a browser offline): the first outcome stands, as
    // if no retry were left.
    if ('error' in first) {
      throw first.error;
    }
    return first.response;
  }
  return retries.retryAfter(first, { request, attempt, options, maxRetries, onRetry, signal });
}

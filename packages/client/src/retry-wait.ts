/**
 * The retries after a first attempt that failed in a way worth retrying (see `retry.ts`, which loads
 * this module then): the waits (exponential backoff with jitter, or `Retry-After`), the attempts after
 * them, and the line each retry logs.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { RequestAbortedError } from './all-errors.js';
import { isRetryableError, redactUrl } from './errors.js';
import { describeInput } from './internal/checks.js';
import type { RetryEvent } from './logger.js';
import {
  type Attempt,
  type OnRetry,
  RETRYABLE_STATUSES,
  type RetryableOutcome,
  type RetryOptions,
} from './retry.js';

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

/** The line logged for a retry. */
export function describeRetry(event: RetryEvent): string {
  const reason =
    event.status !== undefined
      ? `it answered ${event.status}`
      : `${event.error?.name ?? 'an error'}: ${event.error?.message ?? describeInput(event.error)}`;
  return `retrying ${event.method} ${event.url} in ${event.delayMs} ms (retry ${event.retry} of ${event.retries}) because ${reason}`;
}

/** The request being retried, and how. */
export interface RetryPlan {
  request: Request;
  attempt: Attempt;
  options: RetryOptions;
  /** Retries allowed (at least 1). */
  maxRetries: number;
  onRetry: OnRetry | undefined;
  /** The caller's signal: it ends a wait. */
  signal: AbortSignal;
}

/**
 * Retries after `first`, the retryable outcome of the first attempt (a clone was sent): waits, then
 * attempts again until a response is not retryable or the retries are used up (the last try sends the
 * original request).
 */
export async function retryAfter(first: RetryableOutcome, plan: RetryPlan): Promise<Response> {
  const { request, attempt, options, maxRetries, onRetry, signal } = plan;
  let outcome = first;
  for (let retry = 0; ; retry++) {
    let delayMs: number;
    if ('error' in outcome) {
      delayMs = backoffDelay(retry, options);
      onRetry?.(
        { retry: retry + 1, retries: maxRetries, delayMs, error: outcome.error as Error },
        describeRetry,
      );
    } else {
      const { response } = outcome;
      delayMs =
        parseRetryAfter(response.headers.get('retry-after'), options.maxRetryAfterMs) ??
        backoffDelay(retry, options);
      // Free the connection; the body of a 429/503 is not needed.
      await response.body?.cancel().catch(() => undefined);
      onRetry?.({ retry: retry + 1, retries: maxRetries, delayMs, status: response.status }, describeRetry);
    }
    await sleep(delayMs, request, signal);
    const last = retry + 1 >= maxRetries;
    try {
      const response = await attempt(last ? request : request.clone());
      if (last || !RETRYABLE_STATUSES.has(response.status)) {
        return response;
      }
      outcome = { response };
    } catch (error) {
      if (last || !isRetryableError(error)) {
        throw error;
      }
      outcome = { error };
    }
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

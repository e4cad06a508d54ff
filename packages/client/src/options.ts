/**
 * Reading the `Api`'s options and each call's overrides: every value is checked before any request,
 * and a wrong one is an `InvalidInputError` that names it (`param`).
 */

import { invalidInput } from './errors.js';
import type { ConcurrencySetting } from './internal/budget.js';
import {
  describeInput,
  readBoolean,
  readByteLimit,
  readConcurrency,
  readDuration,
  readInteger,
  readOptions,
} from './internal/checks.js';
import {
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_RESPONSE_BYTES,
  MAX_CONCURRENCY,
  MAX_RETRIES,
} from './internal/limits.js';
import {
  isLogLevel,
  LevelLogger,
  type Logger,
  type LogLevel,
  levelFromEnv,
  type RetryEvent,
} from './logger.js';
import { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry.js';
import { DEFAULT_TIMEOUT_MS } from './timeout.js';
import type { FetchLike, RequestOverrides } from './transport.js';

/** The options of `new Api()` that tune the transport. */
export interface TransportOptions {
  timeoutMs?: number;
  retries?: number;
  retryNonIdempotent?: boolean;
  backoff?: Partial<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>>;
  maxResponseBytes?: number;
  fetch?: FetchLike;
  logger?: Logger;
  logLevel?: LogLevel;
  onRetry?: (event: RetryEvent) => void;
  concurrency?: ConcurrencySetting;
  maxConcurrency?: number;
}

export interface TransportConfig {
  timeoutMs: number;
  retry: RetryOptions;
  maxResponseBytes: number;
  fetch: FetchLike | undefined;
  log: LevelLogger;
  onRetry: ((event: RetryEvent) => void) | undefined;
  /** The request budget per origin of paginated downloads: `'auto'` or a fixed limit, and the adaptive maximum. */
  concurrency: ConcurrencySetting;
  maxConcurrency: number;
}

/** Checks the transport options of `new Api()` and fills in the defaults. */
export function readTransportOptions(options: TransportOptions): TransportConfig {
  const backoff = readOptions<NonNullable<TransportOptions['backoff']>>(
    invalidInput,
    'backoff',
    options.backoff,
  );
  for (const key of Object.keys(backoff)) {
    if (!['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'].includes(key)) {
      throw invalidInput(
        `backoff.${key}`,
        `backoff.${key} is not an option (baseDelayMs, maxDelayMs, maxRetryAfterMs)`,
      );
    }
  }
  const retry: RetryOptions = {
    retries:
      readInteger(invalidInput, 'retries', options.retries, 0, MAX_RETRIES) ?? DEFAULT_RETRY_OPTIONS.retries,
    retryNonIdempotent: readBoolean(invalidInput, 'retryNonIdempotent', options.retryNonIdempotent) ?? false,
    baseDelayMs:
      readDuration(invalidInput, 'backoff.baseDelayMs', backoff.baseDelayMs) ??
      DEFAULT_RETRY_OPTIONS.baseDelayMs,
    maxDelayMs:
      readDuration(invalidInput, 'backoff.maxDelayMs', backoff.maxDelayMs) ??
      DEFAULT_RETRY_OPTIONS.maxDelayMs,
    maxRetryAfterMs:
      readDuration(invalidInput, 'backoff.maxRetryAfterMs', backoff.maxRetryAfterMs) ??
      DEFAULT_RETRY_OPTIONS.maxRetryAfterMs,
  };
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw invalidInput('fetch', `fetch must be a function, got ${describeInput(options.fetch)}`);
  }
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') {
    throw invalidInput('onRetry', `onRetry must be a function, got ${describeInput(options.onRetry)}`);
  }
  const logger = options.logger ?? console;
  if (logger === null || typeof logger !== 'object') {
    throw invalidInput(
      'logger',
      `logger must be an object with error/warn/info/debug methods, got ${describeInput(logger)}`,
    );
  }
  if (options.logLevel !== undefined && !isLogLevel(options.logLevel)) {
    throw invalidInput(
      'logLevel',
      `logLevel must be one of off, error, warn, info, debug, got ${describeInput(options.logLevel)}`,
    );
  }
  return {
    timeoutMs:
      readDuration(invalidInput, 'timeoutMs', options.timeoutMs, { allowOff: true }) ?? DEFAULT_TIMEOUT_MS,
    retry,
    maxResponseBytes:
      readByteLimit(invalidInput, 'maxResponseBytes', options.maxResponseBytes) ?? DEFAULT_MAX_RESPONSE_BYTES,
    fetch: options.fetch,
    log: new LevelLogger(logger, options.logLevel ?? levelFromEnv() ?? 'warn'),
    onRetry: options.onRetry,
    concurrency:
      readConcurrency(
        invalidInput,
        'concurrency',
        options.concurrency,
        MAX_CONCURRENCY,
        'requests open at once per server',
      ) ?? 'auto',
    maxConcurrency:
      readInteger(invalidInput, 'maxConcurrency', options.maxConcurrency, 1, MAX_CONCURRENCY) ??
      DEFAULT_MAX_CONCURRENCY,
  };
}

/** Checks a call's overrides (`timeoutMs`, `retries`, ...) before its request is sent. */
export function readCallOverrides(init: RequestOverrides & { fetch?: unknown }): void {
  readDuration(invalidInput, 'timeoutMs', init.timeoutMs, { allowOff: true });
  readInteger(invalidInput, 'retries', init.retries, 0, MAX_RETRIES);
  readBoolean(invalidInput, 'retryNonIdempotent', init.retryNonIdempotent);
  readByteLimit(invalidInput, 'maxResponseBytes', init.maxResponseBytes);
  if (init.fetch !== undefined && typeof init.fetch !== 'function') {
    throw invalidInput('fetch', `fetch must be a function, got ${describeInput(init.fetch)}`);
  }
}

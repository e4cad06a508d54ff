/**
 * What the client tells about its work: each request (debug), each retry (info), as openai-node
 * does. Every line is built from redacted URLs; the token never appears.
 *
 * The level comes from the `logLevel` option, else the `IOTILE_LOG` environment variable, else `warn`
 * (nothing is logged at `warn` today: retries are `info`, requests `debug`).
 */

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Any object with these methods (`console`, pino, winston, a test spy); missing ones are skipped. */
export interface Logger {
  error?(message: string, ...rest: unknown[]): void;
  warn?(message: string, ...rest: unknown[]): void;
  info?(message: string, ...rest: unknown[]): void;
  debug?(message: string, ...rest: unknown[]): void;
}

const LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** A retry about to happen, as given to `onRetry` and logged at `info`. */
export interface RetryEvent {
  method: string;
  /** The request's URL, redacted. */
  url: string;
  /** 1 for the first retry. */
  retry: number;
  /** Retries allowed in all. */
  retries: number;
  /** How long the client waits before it (backoff or `Retry-After`). */
  delayMs: number;
  /** The status that caused it (429, 502, 503, 504), if a response did. */
  status?: number;
  /** The error that caused it (a connection failure, a timeout), if no response did. */
  error?: Error;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}

/** The `IOTILE_LOG` level, where there is an environment (Node), if it names one. */
export function levelFromEnv(): LogLevel | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.IOTILE_LOG?.trim().toLowerCase();
  return isLogLevel(value) ? value : undefined;
}

/** Writes to `logger` what `level` lets through. */
export class LevelLogger {
  readonly level: LogLevel;
  readonly #logger: Logger;

  constructor(logger: Logger, level: LogLevel) {
    this.#logger = logger;
    this.level = level;
  }

  enabled(level: Exclude<LogLevel, 'off'>): boolean {
    return LEVELS.indexOf(level) <= LEVELS.indexOf(this.level);
  }

  log(level: Exclude<LogLevel, 'off'>, message: string): void {
    if (this.enabled(level)) {
      const write = this.#logger[level];
      if (typeof write === 'function') {
        write.call(this.#logger, `[iotile] ${message}`);
      }
    }
  }
}

/**
 * Fault injection for reliability tests: a share of requests answered with error statuses of your choice
 * (500 and 503 by default; 503 and 429 with `Retry-After`), connections reset without an answer, and added
 * latency, on the paths you choose (for example all but the auth routes, so a client can log in and then
 * show its retries). Every decision is a pure function of the seed and the request's sequence number, so
 * the same seed and the same sequence of requests give the same faults, whatever the timing.
 */
import { describeInput, MockInputError } from './input-error.js';

export interface FaultOptions {
  /** Share of requests (0..1) answered with a server error. */
  failRate?: number;
  /** The statuses a failing request gets, chosen by the seed (default `[500, 503]`). */
  failStatuses?: readonly number[];
  /** `Retry-After` seconds sent with 503 and 429 answers (default 1). */
  retryAfterSeconds?: number;
  /** Share of requests (0..1) whose connection is reset before any answer. */
  resetRate?: number;
  /** Milliseconds added to every request. */
  latencyMs?: number;
  /** Up to this many more milliseconds, chosen by the seed per request. */
  latencyJitterMs?: number;
  /** Seed of the decisions: an integer (default 1). */
  seed?: number;
  /**
   * Only requests whose path (such as `/api/v1/stream/s--.../data/`) matches can be faulted (default: all
   * paths). Example: `/\/data\/$/`.
   */
  paths?: RegExp;
  /**
   * Requests whose path matches are never faulted. Example: leave logins alone with `/^\/api\/v1\/auth\//`
   * (`AUTH_PATHS`).
   */
  exceptPaths?: RegExp;
  /**
   * Which requests can be faulted, as a function (default all); applies with `paths` and `exceptPaths`.
   * Latency applies to every request.
   */
  match?: (method: string, path: string) => boolean;
}

/** The auth routes (`/api/v1/auth/...`): `exceptPaths: AUTH_PATHS` lets a client log in under faults. */
export const AUTH_PATHS = /^\/api\/v1\/auth\//;

/** The statuses a client may retry: what `--fail-status retryable` stands for. */
export const RETRYABLE_STATUSES: readonly number[] = Object.freeze([429, 502, 503, 504]);

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'status'; status: number; delayMs: number; retryAfterSeconds: number | null }
  | { kind: 'reset'; delayMs: number };

/** 32-bit mixing (splitmix32 finaliser): a good spread from (seed, n, salt). */
function mix(seed: number, n: number, salt: number): number {
  let h = (seed ^ Math.imul(n + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** A uniform number in [0, 1) for request `n`, use `salt`. */
function uniform(seed: number, n: number, salt: number): number {
  return mix(seed, n, salt) / 0x1_0000_0000;
}

function invalid(name: string, expected: string, v: unknown): never {
  throw new MockInputError(`faults.${name} must be ${expected}; got ${describeInput(v)}`, `faults.${name}`);
}

function checkRate(name: string, v: unknown): number {
  const rate = v ?? 0;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    invalid(name, 'a number between 0 and 1', v);
  }
  return rate as number;
}

/** A copy without the `g` and `y` flags, whose `test()` would otherwise depend on the previous call. */
function checkPattern(name: string, v: unknown): RegExp | null {
  if (v === undefined || v === null) {
    return null;
  }
  if (!(v instanceof RegExp)) {
    return invalid(name, 'a RegExp', v);
  }
  return new RegExp(v.source, v.flags.replace(/[gy]/g, ''));
}

export class FaultInjector {
  private readonly failRate: number;
  private readonly resetRate: number;
  private readonly statuses: readonly number[];
  private readonly seed: number;
  private readonly paths: RegExp | null;
  private readonly exceptPaths: RegExp | null;

  constructor(readonly options: FaultOptions) {
    if (options === null || typeof options !== 'object') {
      invalid('options', 'an object', options);
    }
    this.failRate = checkRate('failRate', options.failRate);
    this.resetRate = checkRate('resetRate', options.resetRate);
    if (this.failRate + this.resetRate > 1) {
      throw new MockInputError('faults.failRate + faults.resetRate must not exceed 1', 'faults.resetRate');
    }
    const statuses: unknown = options.failStatuses ?? [500, 503];
    if (
      !Array.isArray(statuses) ||
      statuses.length === 0 ||
      statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)
    ) {
      invalid('failStatuses', 'a non-empty array of HTTP error statuses (400..599)', statuses);
    }
    this.statuses = [...(statuses as number[])];
    for (const key of ['latencyMs', 'latencyJitterMs', 'retryAfterSeconds'] as const) {
      const v: unknown = options[key];
      // Delays above 2^31 - 1 ms would fire at once in Node's timers.
      if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 2 ** 31 - 1)) {
        invalid(key, 'a number from 0 to 2147483647', v);
      }
    }
    const seed: unknown = options.seed ?? 1;
    if (!Number.isSafeInteger(seed)) {
      invalid('seed', 'an integer', seed);
    }
    this.seed = (seed as number) >>> 0;
    this.paths = checkPattern('paths', options.paths);
    this.exceptPaths = checkPattern('exceptPaths', options.exceptPaths);
    if (options.match !== undefined && typeof options.match !== 'function') {
      invalid('match', 'a function (method, path) => boolean', options.match);
    }
  }

  /** Whether a request may be faulted at all (latency aside). */
  private eligible(method: string, path: string): boolean {
    return (
      (this.paths === null || this.paths.test(path)) &&
      (this.exceptPaths === null || !this.exceptPaths.test(path)) &&
      (this.options.match === undefined || this.options.match(method, path))
    );
  }

  /** The fault for request number `n` (1-based, in arrival order). */
  decide(n: number, method: string, path: string): FaultDecision {
    const jitter = this.options.latencyJitterMs ?? 0;
    const delayMs =
      (this.options.latencyMs ?? 0) + (jitter > 0 ? Math.floor(uniform(this.seed, n, 3) * (jitter + 1)) : 0);
    if (!this.eligible(method, path)) {
      return { kind: 'none', delayMs };
    }
    const roll = uniform(this.seed, n, 1);
    if (roll < this.failRate) {
      const status = this.statuses[Math.floor(uniform(this.seed, n, 2) * this.statuses.length)] as number;
      const retryAfterSeconds =
        status === 503 || status === 429 ? (this.options.retryAfterSeconds ?? 1) : null;
      return { kind: 'status', status, delayMs, retryAfterSeconds };
    }
    if (roll < this.failRate + this.resetRate) {
      return { kind: 'reset', delayMs };
    }
    return { kind: 'none', delayMs };
  }
}

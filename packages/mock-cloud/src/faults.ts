/**
 * Fault injection for reliability tests: a share of requests answered 500 or 503 (503 with `Retry-After`),
 * connections reset without an answer, and added latency. Every decision is a pure function of the seed
 * and the request's sequence number, so the same seed and the same sequence of requests give the same
 * faults, whatever the timing.
 */

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
  /** Seed of the decisions (default 1). */
  seed?: number;
  /**
   * Which requests can be faulted (default all). Latency applies to every request. Example: leave logins
   * alone with `(method, path) => !path.startsWith('/api/v1/auth/')`.
   */
  match?: (method: string, path: string) => boolean;
}

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

function checkRate(name: string, v: number | undefined): number {
  const rate = v ?? 0;
  if (!(rate >= 0 && rate <= 1)) {
    throw new RangeError(`faults: ${name} must be between 0 and 1, got ${v}`);
  }
  return rate;
}

export class FaultInjector {
  private readonly failRate: number;
  private readonly resetRate: number;
  private readonly statuses: readonly number[];
  private readonly seed: number;

  constructor(readonly options: FaultOptions) {
    this.failRate = checkRate('failRate', options.failRate);
    this.resetRate = checkRate('resetRate', options.resetRate);
    if (this.failRate + this.resetRate > 1) {
      throw new RangeError('faults: failRate + resetRate must not exceed 1');
    }
    this.statuses = options.failStatuses ?? [500, 503];
    if (this.statuses.length === 0 || this.statuses.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) {
      throw new RangeError('faults: failStatuses must be HTTP error statuses (400..599)');
    }
    for (const key of ['latencyMs', 'latencyJitterMs', 'retryAfterSeconds'] as const) {
      const v = options[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) {
        throw new RangeError(`faults: ${key} must be a number >= 0, got ${v}`);
      }
    }
    this.seed = (options.seed ?? 1) >>> 0;
  }

  /** The fault for request number `n` (1-based, in arrival order). */
  decide(n: number, method: string, path: string): FaultDecision {
    const jitter = this.options.latencyJitterMs ?? 0;
    const delayMs =
      (this.options.latencyMs ?? 0) + (jitter > 0 ? Math.floor(uniform(this.seed, n, 3) * (jitter + 1)) : 0);
    if (this.options.match && !this.options.match(method, path)) {
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

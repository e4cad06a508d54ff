/**
 * The request budget of an `Api`: one per origin, shared by every paginated download on that `Api`
 * (`paginate`/`paginatePages`, `StreamData`/`RawData`, reports), so that together they never keep
 * more requests open to one server than its limit allows.
 *
 * A request takes a permit before it is sent and gives it back once its response was read whole
 * (or dropped). The limit is fixed (`concurrency: N`) or adaptive (`'auto'`: `AdaptiveLimiter`,
 * from 2 up to `maxConcurrency`). Permits wait in two queues: `high` for the page a consumer is
 * waiting for, `low` for pages fetched ahead, so the next page of each download goes before the
 * pages ahead of another; within a queue, first come first served. A ticket waiting in `low` is
 * moved to `high` when its page becomes the one being waited for (`promote`).
 *
 * A download must not wait for a permit for its current page while it holds permits for pages after
 * it (they are only given back once read, after the current page): it requests pages in order, and
 * keeps the permit of a page across the re-requests of that page.
 */

import { budgetSlotOf, setBudgetSlot } from './budget-registry.js';
import {
  AdaptiveLimiter,
  type Clock,
  type LimitChange,
  type LimiterState,
  type WindowMeasure,
} from './limiter.js';
import { DEFAULT_MAX_CONCURRENCY } from './limits.js';

export type ConcurrencySetting = 'auto' | number;

// Default of `maxConcurrency` (in limits.ts: `new Api()` reads it without loading this module).
export { DEFAULT_MAX_CONCURRENCY };
/** The adaptive limit's start. */
export const INITIAL_CONCURRENCY = 2;

export interface BudgetLog {
  enabled(level: 'info' | 'debug'): boolean;
  log(level: 'info' | 'debug', message: string): void;
}

export interface BudgetSettings {
  /** `'auto'` (adaptive up to `max`) or a fixed limit. */
  concurrency: ConcurrencySetting;
  /** The adaptive limit's maximum. */
  max: number;
  clock?: Clock;
  log?: BudgetLog;
  /**
   * Where an adaptive budget finds what earlier budgets for its origin learned, and leaves what it
   * learns (the `Api` passes the process's `rememberedLimits`). None: it starts from scratch.
   */
  memory?: LimitMemory;
}

export type Priority = 'high' | 'low';

/** A permit held: give it back with `release` (once; later calls do nothing). */
export interface Permit {
  readonly startedAt: number;
  /**
   * The answer arrived (its status and headers; a server that renders its body whole before sending,
   * as Django does, is then done): what follows, reading the body and waiting for the consumer, is
   * the client's time. The limit's measure then takes this request's time up to now, with the
   * requests still waiting for their answers over that time, so that a consumer slower than the
   * server (pages fetched ahead waiting unread) is not read as a slower server. Optional: without it
   * the permit's whole life is measured. Only the first call counts.
   */
  responded(): void;
  /**
   * Gives the permit back. `weight` (items read, default 1) is this request's share of the measured
   * throughput; `completed: false` (failed, aborted, dropped unread) leaves it out of the measure.
   */
  release(outcome?: { weight?: number; completed?: boolean }): void;
}

/** A request for a permit. */
export interface Ticket {
  /** Resolves the permit; rejects with the signal's reason when the signal aborts first. */
  readonly permit: Promise<Permit>;
  /** The page it is for is now the one its consumer waits for. */
  promote(): void;
  /** Gives up: removed from its queue, or its permit released (as not completed). */
  cancel(): void;
}

interface Waiter {
  priority: Priority;
  grant(): void;
}

export class RequestBudget {
  readonly origin: string;
  readonly adaptive: boolean;
  readonly #fixed: number;
  readonly #limiter: AdaptiveLimiter | undefined;
  readonly #clock: Clock;
  readonly #high: Waiter[] = [];
  readonly #low: Waiter[] = [];
  #inFlight = 0;
  #peak = 0;
  /** The integral of `#inFlight` over time (request-ms), up to `#areaAt`. */
  #area = 0;
  /** Permits whose request has not been answered yet (at the server), and its integral. */
  #unanswered = 0;
  #unansweredArea = 0;
  #areaAt = 0;

  constructor(origin: string, settings: BudgetSettings) {
    this.origin = origin;
    this.#clock = settings.clock ?? (() => performance.now());
    this.#areaAt = this.#clock();
    this.adaptive = settings.concurrency === 'auto';
    this.#fixed = settings.concurrency === 'auto' ? settings.max : settings.concurrency;
    const log = settings.log;
    const memory = settings.concurrency === 'auto' ? settings.memory : undefined;
    const remembered = memory?.recall(origin);
    this.#limiter =
      settings.concurrency === 'auto'
        ? new AdaptiveLimiter({
            max: settings.max,
            initial: INITIAL_CONCURRENCY,
            clock: this.#clock,
            ...(remembered === undefined ? {} : { restore: remembered }),
            onState: (state) => memory?.remember(origin, state),
            onChange: (change) => {
              log?.log('info', describeChange(origin, change));
              this.#pump();
            },
            onWindow: (window) => {
              if (log?.enabled('debug')) {
                log.log('debug', describeWindow(origin, window));
              }
            },
          })
        : undefined;
    if (this.#limiter !== undefined) {
      log?.log(
        remembered === undefined ? 'debug' : 'info',
        `request budget for ${origin}: adaptive, limit ${this.limit}, at most ${settings.max}` +
          (remembered === undefined ? '' : ' (as learned by an earlier Api in this process)'),
      );
    }
  }

  /** Requests open at once now allowed. */
  get limit(): number {
    return this.#limiter?.limit ?? this.#fixed;
  }

  /** Permits held now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most permits held at once so far. */
  get peak(): number {
    return this.#peak;
  }

  /** Requests a permit (`high`: the page its consumer waits for; `low`: a page fetched ahead). */
  acquire(signal?: AbortSignal, priority: Priority = 'high'): Ticket {
    let granted: Permit | undefined;
    let settled = false;
    let waiter: Waiter | undefined;
    let resolve!: (permit: Permit) => void;
    let reject!: (reason: unknown) => void;
    const permit = new Promise<Permit>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const onAbort = () => {
      if (!settled) {
        settled = true;
        this.#remove(waiter);
        reject(signal?.reason);
      }
    };
    const grant = () => {
      signal?.removeEventListener('abort', onAbort);
      settled = true;
      granted = this.#take();
      resolve(granted);
    };
    if (signal?.aborted) {
      settled = true;
      reject(signal.reason);
    } else if (
      this.#inFlight < this.limit &&
      this.#high.length === 0 &&
      (priority === 'low' ? this.#low.length === 0 : true)
    ) {
      grant();
    } else {
      waiter = { priority, grant };
      (priority === 'high' ? this.#high : this.#low).push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    }
    return {
      permit,
      promote: () => {
        if (waiter !== undefined && waiter.priority === 'low' && !settled) {
          this.#remove(waiter);
          waiter.priority = 'high';
          this.#high.push(waiter);
          this.#pump();
        }
      },
      cancel: () => {
        if (!settled) {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          this.#remove(waiter);
          reject(signal?.reason ?? new Error('cancelled'));
        } else {
          granted?.release({ completed: false });
        }
      },
    };
  }

  /** The server answered 429 or 503 (any request of the `Api` to this origin). */
  overload(status: number): void {
    this.#limiter?.overload(status);
  }

  /** Brings the integrals of the requests in flight and unanswered up to now; returns now. */
  #integrate(): number {
    const now = this.#clock();
    const elapsed = Math.max(0, now - this.#areaAt);
    this.#area += this.#inFlight * elapsed;
    this.#unansweredArea += this.#unanswered * elapsed;
    this.#areaAt = now;
    return now;
  }

  #take(): Permit {
    const startedAt = this.#integrate();
    this.#inFlight++;
    this.#unanswered++;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    const areaAtStart = this.#area;
    const unansweredAtStart = this.#unansweredArea;
    let released = false;
    let answered: { at: number; concurrency: number } | undefined;
    return {
      startedAt,
      responded: () => {
        if (released || answered !== undefined) {
          return;
        }
        const at = this.#integrate();
        this.#unanswered--;
        answered = {
          at,
          // Itself included: the mean of the requests waiting for their answers over its wait.
          concurrency: at > startedAt ? (this.#unansweredArea - unansweredAtStart) / (at - startedAt) : 1,
        };
      },
      release: (outcome = {}) => {
        if (released) {
          return;
        }
        released = true;
        const endedAt = this.#integrate();
        this.#inFlight--;
        if (answered === undefined) {
          this.#unanswered--;
        }
        const measured =
          answered === undefined
            ? // Itself included: the mean of the requests in flight over its life.
              { endedAt, concurrency: (this.#area - areaAtStart) / Math.max(endedAt - startedAt, 1e-9) }
            : { endedAt: answered.at, concurrency: answered.concurrency };
        if (outcome.completed !== false && measured.endedAt > startedAt) {
          this.#limiter?.sample({ startedAt, weight: outcome.weight ?? 1, ...measured });
        }
        this.#pump();
      },
    };
  }

  #pump(): void {
    while (this.#inFlight < this.limit) {
      const next = this.#high.shift() ?? this.#low.shift();
      if (next === undefined) {
        return;
      }
      next.grant();
    }
  }

  #remove(waiter: Waiter | undefined): void {
    if (waiter === undefined) {
      return;
    }
    for (const queue of [this.#high, this.#low]) {
      const index = queue.indexOf(waiter);
      if (index >= 0) {
        queue.splice(index, 1);
      }
    }
  }
}

/** The budgets of one `Api`, by origin. */
export class RequestBudgets {
  #settings: BudgetSettings;
  readonly #byOrigin = new Map<string, RequestBudget>();

  constructor(settings: BudgetSettings) {
    this.#settings = settings;
  }

  /** Replaces the clock of the budgets made from now on (tests: an injected clock). */
  useClock(clock: Clock): void {
    this.#settings = { ...this.#settings, clock };
  }

  get settings(): Readonly<BudgetSettings> {
    return this.#settings;
  }

  /** The budget of the origin of `url` (created on first use). */
  for(url: string): RequestBudget {
    const origin = new URL(url).origin;
    let budget = this.#byOrigin.get(origin);
    if (budget === undefined) {
      budget = new RequestBudget(origin, this.#settings);
      this.#byOrigin.set(origin, budget);
    }
    return budget;
  }

  /** A 429 or 503 from `url`: the budget of its origin (if there is one) is cut. */
  overload(url: string, status: number): void {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return;
    }
    this.#byOrigin.get(origin)?.overload(status);
  }
}

/**
 * What adaptive budgets learned, by origin, for the budgets made later in the same process (as Linux
 * keeps TCP metrics per destination, so a new connection does not start blind).
 *
 * Why: a download of a few pages ends before a limit that starts low has grown (100,000 points are 5
 * pages of 20,000, and the first one comes alone, before `count` is known), and nothing a first
 * download sees can replace that learning: one request served alone takes as long on a server with
 * one worker as on one with eight, so neither its latency nor its throughput tells how many requests
 * the server serves in parallel, and the two want opposite things (8 workers: every remaining page at
 * once; 1 worker: one at a time, as 4 at once is slower than the Python client). Only measuring at
 * more than one request open tells them apart, and that takes a window. So the first download of a
 * process starts low and measures; every later `Api` to that server (a script's next download, a
 * service that makes an `Api` per user or per request, the CLI) goes on from what was learned
 * instead of starting over.
 *
 * Only the limiter's state (limit, the measure it compares with) is kept: no token, no user; the
 * server's capacity is the same whoever asks. An entry older than `maxAgeMs` (default 10 minutes) is
 * forgotten: servers are redeployed, scaled and loaded by others, and a stale limit that is too high
 * costs a small server until the hill climber has brought it down. At most `maxOrigins` (64) origins
 * are kept, the least recently used dropped first.
 */
export class LimitMemory {
  readonly #entries = new Map<string, { state: LimiterState; at: number }>();
  readonly #clock: Clock;
  readonly #maxAgeMs: number;
  readonly #maxOrigins: number;

  constructor(options: { clock?: Clock; maxAgeMs?: number; maxOrigins?: number } = {}) {
    this.#clock = options.clock ?? (() => performance.now());
    this.#maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000;
    this.#maxOrigins = options.maxOrigins ?? 64;
  }

  /** What was learned for `origin`, unless it is too old. */
  recall(origin: string): LimiterState | undefined {
    const entry = this.#entries.get(origin);
    if (entry === undefined) {
      return undefined;
    }
    if (this.#clock() - entry.at > this.#maxAgeMs) {
      this.#entries.delete(origin);
      return undefined;
    }
    return entry.state;
  }

  remember(origin: string, state: LimiterState): void {
    this.#entries.delete(origin);
    this.#entries.set(origin, { state, at: this.#clock() });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxOrigins) {
        break;
      }
      this.#entries.delete(oldest);
    }
  }

  forget(origin?: string): void {
    if (origin === undefined) {
      this.#entries.clear();
    } else {
      this.#entries.delete(origin);
    }
  }
}

/** The memory of the `Api`s of this copy of the client that use the platform's `fetch`. */
export const rememberedLimits = new LimitMemory();

const memoryByFetch = new WeakMap<object, LimitMemory>();

/**
 * The memory for the `Api`s made with `fetch` (`rememberedLimits` for the platform's own). A custom
 * `fetch` may reach the server another way (a proxy, another agent, a test double standing in for
 * it), so what is learned through one is kept for the `Api`s that use that same function.
 */
export function limitMemoryFor(fetch: object | undefined): LimitMemory {
  if (fetch === undefined) {
    return rememberedLimits;
  }
  let memory = memoryByFetch.get(fetch);
  if (memory === undefined) {
    memory = new LimitMemory();
    memoryByFetch.set(fetch, memory);
  }
  return memory;
}

/** Registers `budgets` as those of `api` (the `Api` itself registers only their settings). */
export function registerBudgets(api: object, budgets: RequestBudgets): void {
  setBudgetSlot(api, { settings: budgets.settings, fetch: undefined, budgets });
}

/**
 * The budgets of an `Api` (undefined for anything else), made from its settings on first use (see
 * `budget-registry.ts`: an `Api` that never downloads pages never loads this module).
 */
export function requestBudgetsOf(api: object): RequestBudgets | undefined {
  const slot = budgetSlotOf(api);
  if (slot !== undefined) {
    slot.budgets ??= new RequestBudgets({ ...slot.settings, memory: limitMemoryFor(slot.fetch) });
  }
  return slot?.budgets;
}

/**
 * The budget an `Api` keeps for the origin of `url`, for the packages that download pages through
 * it (`@iotile/stream`, `@iotile/report`). `undefined` for an object that is not an `Api` of this
 * copy of the client (a mock in a test): the caller then goes without a shared budget.
 */
export function requestBudgetOf(api: object, url: string): RequestBudget | undefined {
  return requestBudgetsOf(api)?.for(url);
}

function describeChange(origin: string, change: LimitChange): string {
  const measured =
    change.window === undefined
      ? ''
      : ` (at ${change.window.limit}: ${change.window.throughput.toFixed(1)} items/s, ` +
        `latency ${Math.round(change.window.latencyMs)} ms)`;
  return `request budget for ${origin}: limit ${change.from} -> ${change.to}, ${change.reason}${measured}`;
}

function describeWindow(origin: string, window: WindowMeasure): string {
  return (
    `request budget for ${origin}: at limit ${window.limit}, ${window.throughput.toFixed(1)} items/s, ` +
    `latency ${Math.round(window.latencyMs)} ms over ${window.samples} requests`
  );
}

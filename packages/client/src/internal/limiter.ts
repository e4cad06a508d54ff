/**
 * The rules of the adaptive request limit: how many requests to one server may be open at once.
 *
 * A hill climber on measured throughput, in the spirit of TCP's congestion control and Netflix's
 * concurrency-limits (starts low, grows while it pays, cut on overload and on latency that grows
 * without more throughput):
 * - The limit is measured in windows: a window starts when the limit changes (or the previous window
 *   closes) and closes after `max(2, limit)` requests that started in it completed with the limit
 *   reached: a request counts only if, over its life, on average at least 3/4 of the limit were in
 *   flight (`concurrency`); others (callers with too little to ask) say nothing about the limit,
 *   except the requests alone before the first window (below). Each request tells the throughput the server gives at that
 *   concurrency, by Little's law: `concurrency × weight / duration` (weight: items, or 1); the window's
 *   throughput is their mean, its latency their mean duration. So a client that spends part of its time
 *   with fewer requests open (one download's first page, a slow consumer) still measures the server.
 *   (`RequestBudget` measures a request up to its answer when the caller says when that came, with
 *   the requests still waiting for theirs as its concurrency: a page fetched ahead that waits unread
 *   for its consumer is the client's time, not the server's.)
 * - Growing: from the start, the limit doubles while each doubling brings at least half of the
 *   proportional gain (slow start); after the first step that does not, it moves by one.
 * - The first step is judged too: requests that had the server to themselves (fewer than 1.5 in
 *   flight on average), such as a download's first page, sent alone before its `count` is known,
 *   measure the limit 1. The first window at the initial limit is compared with that measure as
 *   a step up from 1, so a server that serves requests one at a time sends the limit back to 1 at
 *   once, instead of first probing twice the initial limit (which costs such a server the most).
 *   That step is kept if it brings a quarter of the proportional gain (2 at once 1.25 times the
 *   throughput of 1), not half as the other steps: a server that serves one request at a time gives
 *   2 at once at most the throughput of 1 (a little more when one request's database time overlaps
 *   another's rendering; less with contention: 0.84x on the server model), one that serves them in
 *   parallel 1.5-2x; noise and the serial work of a shared machine lower a real measure (1.2-1.8x
 *   for the 8-worker model on the project's loaded 2-core machine), and a wrong step to 1 costs a parallel server half its throughput until the
 *   next probe, so the line is drawn between the two, not at the upper one.
 * - A doubling (slow start, after the first step) that misses its gain by less than half of it (2 -> 4
 *   with 1.25-1.5 times the throughput) is measured for one more window and judged on both: a window
 *   of a few requests is noisy on a loaded machine (the 8-worker model measured 1.7-2.0x over sockets;
 *   a run whose limit ended at 2 there most likely measured one under 1.5x), and undoing a doubling
 *   costs a parallel server half its throughput until the next probe. Steps by one are small enough to
 *   be judged on one window.
 * - A step up without that gain is undone (`no more throughput`, and the line says whether latency
 *   grew); the limit it left is then probed one step down, kept lower while throughput holds (fewer
 *   requests for the same throughput is less load on the server), and put back when it falls. A
 *   limit already measured to serve less (one a step up that paid started from, or one a step down
 *   lost throughput at) is not probed again: that window would only cost the server and the caller
 *   what is already known. The process's first request alone does not rule 1 out (it may have paid
 *   for a new connection or code not yet compiled); a window at 2 with 1.25 times the best of the
 *   last requests alone after it (later downloads' first pages) does. This knowledge is dropped when the server changes (an overload, a step
 *   down on latency).
 * - Held: after `probeEvery` windows the limit is probed one step up again (servers change); each probe
 *   that does not pay doubles the windows before the next one (up to 8 times `probeEvery`), since a
 *   probe costs the server what the step up costs it; one that pays resets them. A window
 *   whose latency grew by a quarter while throughput fell by a fifth moves it one step down.
 * - An overload answer (429, 503) halves the limit at once, at most once per window.
 *
 * What was learned can be carried over to a new limiter for the same server (`state()` and the
 * `restore` option; see `LimitMemory` in `budget.ts`): it then goes on from where the other stopped.
 *
 * Pure and deterministic: time comes from the injected clock, nothing is scheduled.
 */

export type Clock = () => number;

export interface LimitChange {
  from: number;
  to: number;
  /** Why, in words (`throughput grew`, `no more throughput`, `overload (503)`, ...). */
  reason: string;
  /** The window that decided it (absent for an overload). */
  window?: WindowMeasure;
}

export interface WindowMeasure {
  limit: number;
  /** Weight (items, or requests) per second. */
  throughput: number;
  /** Mean request duration, ms. */
  latencyMs: number;
  samples: number;
}

export interface AdaptiveLimiterOptions {
  /** The most the limit may reach (the user's maximum). */
  max: number;
  /** The limit to start with. Default 2 (at most `max`). */
  initial?: number;
  /** Default 1. */
  min?: number;
  /** Default `performance.now`. */
  clock?: Clock;
  /** Windows held before the limit is probed one step up again. Default 8. */
  probeEvery?: number;
  /** Told every change of the limit. */
  onChange?: (change: LimitChange) => void;
  /** Told every window measured (for debug logs). */
  onWindow?: (window: WindowMeasure) => void;
  /** Where to start from: what another limiter for the same server learned (`state()`). */
  restore?: LimiterState;
  /** Told the state after every decision (a window closed, an overload). */
  onState?: (state: LimiterState) => void;
}

/**
 * What a limiter has learned, to start another one from (`restore`): its limit, the move that led
 * to it and the measure it is being compared with. Plain data.
 */
export interface LimiterState {
  limit: number;
  move: 'up' | 'back' | 'down' | 'hold';
  slowStart: boolean;
  previous: WindowMeasure | undefined;
  /** The highest limit measured to serve less than the current one (0: none). */
  worse: number;
  held: number;
  probeAfter: number;
}

/** One completed request. */
export interface Sample {
  /** When it was sent (the clock's time), and when it completed. */
  startedAt: number;
  endedAt: number;
  /** Its share of the work: items of a page, or 1. */
  weight: number;
  /** Requests in flight (itself included), averaged over its life. */
  concurrency: number;
}

type Move = 'start' | LimiterState['move'];

/** At most this many requests in flight on average: a request had the server to itself. */
const ALONE = 1.5;

export class AdaptiveLimiter {
  readonly max: number;
  readonly min: number;
  readonly #clock: Clock;
  readonly #probeEvery: number;
  readonly #onChange: ((change: LimitChange) => void) | undefined;
  readonly #onWindow: ((window: WindowMeasure) => void) | undefined;
  readonly #onState: ((state: LimiterState) => void) | undefined;
  #limit: number;
  /** The move that led to the current limit. */
  #move: Move = 'start';
  /** Doubling until the first step up that did not pay. */
  #slowStart = true;
  /** The measure at the limit before the current one (what the current one is compared with). */
  #previous: WindowMeasure | undefined;
  #held = 0;
  /** The highest limit known to serve less than the current one (0: none): not probed again. */
  #worse = 0;
  /** Windows held before the next probe up (doubles after each probe that did not pay). */
  #probeAfter: number;
  #windowId = 0;
  #cutWindow = -1;
  #window = { start: 0, samples: 0, rate: 0, latency: 0 };
  /** Before the first decision: the requests that had the server to themselves (the measure of limit 1). */
  #alone = { samples: 0, rate: 0, latency: 0 };
  /** The step being judged is the first, from the requests alone. */
  #fromAlone = false;
  /** Throughputs (items/ms) of the last requests alone after the first decision (a later download's first page). */
  #recentAlone: number[] = [];
  /** The first window at a doubled limit that missed its gain narrowly (measured again once). */
  #narrowMiss: WindowMeasure | undefined;

  constructor(options: AdaptiveLimiterOptions) {
    this.max = options.max;
    this.min = Math.min(options.min ?? 1, this.max);
    this.#clock = options.clock ?? (() => performance.now());
    this.#probeEvery = options.probeEvery ?? 8;
    this.#probeAfter = this.#probeEvery;
    this.#onChange = options.onChange;
    this.#onWindow = options.onWindow;
    this.#onState = options.onState;
    this.#limit = Math.max(this.min, Math.min(options.initial ?? 2, this.max));
    if (options.restore !== undefined) {
      this.#restore(options.restore);
    }
    this.#newWindow();
  }

  /** What this limiter has learned (see `restore`). */
  state(): LimiterState {
    return {
      limit: this.#limit,
      move: this.#move === 'start' ? 'hold' : this.#move,
      slowStart: this.#slowStart,
      previous: this.#previous === undefined ? undefined : { ...this.#previous },
      worse: this.#worse,
      held: this.#held,
      probeAfter: this.#probeAfter,
    };
  }

  #restore(state: LimiterState): void {
    const limit = Math.max(this.min, Math.min(state.limit, this.max));
    this.#limit = limit;
    this.#held = state.held;
    this.#worse = state.worse < limit ? state.worse : 0;
    this.#probeAfter = Math.min(Math.max(state.probeAfter, this.#probeEvery), this.#probeEvery * 8);
    this.#slowStart = state.slowStart;
    const previous = state.previous;
    if (limit !== state.limit || (previous !== undefined && previous.limit > this.max)) {
      // Learned under another maximum: this limit is unmeasured, held until the next probe.
      this.#move = 'hold';
      this.#previous = undefined;
      this.#slowStart = false;
      return;
    }
    this.#move = state.move;
    this.#previous = previous === undefined ? undefined : { ...previous };
  }

  get limit(): number {
    return this.#limit;
  }

  /**
   * A request completed (a 2xx read whole). Requests sent before the current window, and requests
   * that did not see the limit reached, are not counted.
   */
  sample(sample: Sample): void {
    const window = this.#window;
    const duration = sample.endedAt - sample.startedAt;
    if (sample.startedAt < window.start || duration <= 0) {
      return;
    }
    if (sample.concurrency < 0.75 * this.#limit) {
      if (sample.concurrency < ALONE && this.#limit > 1) {
        const rate = (sample.concurrency * Math.max(0, sample.weight)) / duration;
        if (this.#move === 'start') {
          const alone = this.#alone;
          alone.samples++;
          alone.rate += rate;
          alone.latency += duration;
        } else {
          this.#recentAlone.push(rate);
          if (this.#recentAlone.length > 3) {
            this.#recentAlone.shift();
          }
        }
      }
      return;
    }
    window.samples++;
    window.rate += (sample.concurrency * Math.max(0, sample.weight)) / duration;
    window.latency += duration;
    if (window.samples >= Math.max(2, this.#limit)) {
      this.#close();
    }
  }

  /** The server answered 429 or 503: halve the limit (once per window). */
  overload(status: number): void {
    if (this.#cutWindow === this.#windowId) {
      return;
    }
    const to = Math.max(this.min, Math.floor(this.#limit / 2));
    this.#slowStart = false;
    this.#worse = 0;
    this.#recentAlone = [];
    this.#previous = undefined;
    this.#move = 'hold';
    this.#held = 0;
    this.#set(to, `overload (${status})`);
    this.#cutWindow = this.#windowId;
    this.#onState?.(this.state());
  }

  #close(): void {
    const window = this.#window;
    const measure: WindowMeasure = {
      limit: this.#limit,
      throughput: (window.rate / window.samples) * 1000,
      latencyMs: window.latency / window.samples,
      samples: window.samples,
    };
    this.#onWindow?.(measure);
    if (this.#move === 'start' && this.#alone.samples > 0) {
      // The first window, judged as a step up from the requests that were alone (limit 1).
      const alone = this.#alone;
      this.#previous = {
        limit: 1,
        throughput: (alone.rate / alone.samples) * 1000,
        latencyMs: alone.latency / alone.samples,
        samples: alone.samples,
      };
      this.#move = 'up';
      this.#fromAlone = true;
    }
    this.#decide(measure);
    this.#fromAlone = false;
    this.#onState?.(this.state());
  }

  #decide(current: WindowMeasure): void {
    const previous = this.#previous;
    const limit = this.#limit;
    if (this.#move === 'back') {
      // Back at a limit that was better than the one above: see whether one less does as well
      // (unless one less is known to serve less).
      this.#knowOne(current);
      if (limit > this.min && limit - 1 > this.#worse) {
        this.#previous = current;
        this.#move = 'down';
        this.#set(limit - 1, 'probing one less', current);
      } else {
        this.#hold(current, undefined);
      }
      return;
    }
    if (previous === undefined || this.#move === 'start' || this.#move === 'hold') {
      this.#hold(current, previous);
      return;
    }
    if (this.#move === 'up') {
      this.#judgeUp(current, previous);
      return;
    }
    // 'down': one less, compared with the limit above it.
    const gain = current.throughput / previous.throughput;
    if (gain >= 0.95) {
      this.#previous = current;
      this.#knowOne(current);
      if (limit > this.min && limit - 1 > this.#worse) {
        this.#set(limit - 1, 'same throughput with fewer requests', current);
      } else {
        this.#move = 'hold';
        this.#held = 0;
        this.#newWindow();
      }
      return;
    }
    this.#previous = undefined;
    this.#move = 'hold';
    this.#held = 0;
    this.#worse = Math.max(this.#worse, limit);
    this.#set(previous.limit, 'throughput fell', current);
  }

  /** A step up, judged against the limit it came from. */
  #judgeUp(window: WindowMeasure, previous: WindowMeasure): void {
    let current = window;
    const limit = this.#limit;
    // Half of what the extra requests would bring if the server served them all in parallel (a
    // quarter for the first step, from requests alone: see above).
    const share = this.#fromAlone ? 0.25 : 0.5;
    const wanted = 1 + (share * (limit - previous.limit)) / previous.limit;
    const narrow = this.#narrowMiss;
    this.#narrowMiss = undefined;
    if (narrow !== undefined) {
      // The second window after a narrow miss: judged with the first.
      current = pooled(narrow, current);
    } else if (
      this.#slowStart &&
      !this.#fromAlone &&
      current.throughput < wanted * previous.throughput &&
      current.throughput >= (1 + (wanted - 1) / 2) * previous.throughput
    ) {
      // A doubling that missed its gain by less than half of it: measured once more before it is
      // undone. One window of a few requests is noisy on a loaded machine, and undoing a doubling
      // costs a parallel server half its throughput until the next probe, 8 windows later.
      this.#narrowMiss = current;
      this.#newWindow();
      return;
    }
    const gain = current.throughput / previous.throughput;
    const latencyGrew = current.latencyMs > previous.latencyMs * 1.1;
    if (gain >= wanted) {
      this.#probeAfter = this.#probeEvery;
      if (!this.#fromAlone) {
        // (Not from requests alone: one request, maybe slowed by what a first request pays, such as
        // a new connection or code not yet compiled, says too little to rule a limit out for good.)
        this.#worse = Math.max(this.#worse, previous.limit);
      }
    }
    if (gain >= wanted && limit < this.max) {
      this.#previous = current;
      this.#up(current, 'throughput grew');
      return;
    }
    if (gain >= wanted) {
      this.#previous = current;
      this.#move = 'hold';
      this.#held = 0;
      this.#newWindow();
      return;
    }
    if (!this.#slowStart) {
      this.#probeAfter = Math.min(this.#probeAfter * 2, this.#probeEvery * 8);
    }
    this.#slowStart = false;
    this.#previous = undefined;
    this.#move = 'back';
    this.#set(
      previous.limit,
      latencyGrew ? 'no more throughput, latency grew' : 'no more throughput',
      current,
    );
  }

  /**
   * At 2: whether 1 is known to serve less, from the requests alone since the first decision (each
   * download's first page: warm, unlike the process's very first request). A window at 2 with a
   * quarter more than the best of them (the first step's rule) rules 1 out without a window at 1,
   * which would cost a parallel server half its throughput for that window.
   */
  #knowOne(current: WindowMeasure): void {
    if (current.limit !== 2 || this.#worse >= 1 || this.#recentAlone.length === 0) {
      return;
    }
    if (current.throughput >= 1.25 * Math.max(...this.#recentAlone) * 1000) {
      this.#worse = 1;
    }
  }

  /** At a settled limit: probe up now and then, step down when latency grows without throughput. */
  #hold(current: WindowMeasure, previous: WindowMeasure | undefined): void {
    const first = this.#move === 'start';
    this.#move = 'hold';
    if (
      previous !== undefined &&
      previous.limit === current.limit &&
      current.latencyMs > previous.latencyMs * 1.25 &&
      current.throughput < previous.throughput * 0.8 &&
      current.limit > this.min
    ) {
      this.#previous = undefined;
      this.#held = 0;
      this.#worse = 0;
      this.#recentAlone = [];
      this.#set(current.limit - 1, 'latency grew without more throughput', current);
      return;
    }
    this.#previous = current;
    this.#held++;
    if ((first || this.#held >= this.#probeAfter) && current.limit < this.max) {
      this.#held = 0;
      this.#up(current, first ? 'probing' : 'probing again');
      return;
    }
    this.#newWindow();
  }

  #up(current: WindowMeasure, reason: string): void {
    const step = this.#slowStart ? this.#limit : 1;
    this.#move = 'up';
    this.#set(Math.min(this.max, this.#limit + step), reason, current);
  }

  #set(to: number, reason: string, window?: WindowMeasure): void {
    const from = this.#limit;
    this.#limit = to;
    this.#narrowMiss = undefined;
    this.#newWindow();
    if (to !== from) {
      this.#onChange?.({ from, to, reason, ...(window === undefined ? {} : { window }) });
    }
  }

  #newWindow(): void {
    this.#windowId++;
    this.#window = { start: this.#clock(), samples: 0, rate: 0, latency: 0 };
  }
}

/** Two windows at the same limit as one: the mean of their requests' throughputs and latencies. */
function pooled(a: WindowMeasure, b: WindowMeasure): WindowMeasure {
  const samples = a.samples + b.samples;
  return {
    limit: b.limit,
    throughput: (a.throughput * a.samples + b.throughput * b.samples) / samples,
    latencyMs: (a.latencyMs * a.samples + b.latencyMs * b.samples) / samples,
    samples,
  };
}

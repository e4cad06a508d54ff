/**
 * A model of how fast a real IOTile Cloud serves requests (Django + DRF under gunicorn with `gthread`
 * workers, Postgres), so that benchmarks of clients can be run against server shapes without one.
 *
 * Each request:
 * 1. takes a thread of a worker: the worker holding the fewest requests with a thread free (gunicorn
 *    workers are processes, each with `threads` threads); with none free it waits in the listen queue;
 * 2. waits for the database: `queryMs + queryPointMs × points` (Postgres runs beside the workers);
 * 3. needs `requestMs + pointMs × points` of CPU in its worker (rendering JSON). A worker is one
 *    process (one GIL): its requests in this phase share its CPU, and each one beyond the first costs
 *    all of them `contention` more (GIL hand-offs, cache misses): with k requests the worker does
 *    `1 / (1 + contention × (k - 1))` of the work it does with one. So more requests in flight than
 *    workers cost the server more CPU and every request more time, as measured on the real server;
 * 4. is then sent (its body whole, as Django renders it before sending) and frees its thread.
 *
 * The mock answers (its body collected, its `results` counted: the points) beside steps 2 and 3, so
 * the model's times do not depend on the mock's speed, nor on the mock answering one request at a
 * time (it is one Node process): step 3 starts when step 2's time is over even if the answer is not
 * there yet (its amount of work is settled once the points are known; the database's per-point time
 * is then counted in the rendering's), and the body is sent when both the model and the mock are
 * done. Only a mock slower than the whole modelled request shows in the times.
 *
 * The defaults are calibrated on the figures of issue 12 (a real server on a 2-core machine, one stream of
 * 100,000 points): see the README ("Server model") for how. Time is real (timers), because the clients
 * measured run in another process; `clock` and `setTimer` can be replaced (tests).
 */

import type { MockResponse } from './http.js';

export interface ServerModelOptions {
  /** Worker processes: requests in different workers are served in parallel. */
  workers: number;
  /** Threads per worker: the requests a worker holds at once (others wait). Default 4 (`gthread`, 4 threads). */
  threads?: number;
  /** CPU per request, ms. Default 10. */
  requestMs?: number;
  /** CPU per point (item of `results`), ms. Default 0.05 (50 µs). */
  pointMs?: number;
  /** Extra CPU per additional request in the CPU phase in the same worker. Default 0.28. */
  contention?: number;
  /** Database time per request, ms. Default 90. */
  queryMs?: number;
  /** Database time per point, ms. Default 0.002. */
  queryPointMs?: number;
  /** Milliseconds (default `performance.now`). */
  clock?: () => number;
  /** Schedules `callback` after `ms` (default `setTimeout`); returns a cancel function. */
  setTimer?: (callback: () => void, ms: number) => () => void;
}

/** What the model has done so far. */
export interface ServerModelStats {
  /** Requests served. */
  served: number;
  /** CPU spent by the workers, ms (grows with contention). */
  cpuMs: number;
  /** The most requests in a CPU phase at once, over all workers. */
  peakActive: number;
}

export const SERVER_MODEL_DEFAULTS = {
  threads: 4,
  requestMs: 10,
  pointMs: 0.05,
  contention: 0.28,
  queryMs: 90,
  queryPointMs: 0.002,
} as const;

interface Job {
  /** CPU still needed, ms (at full efficiency): infinite until the answer's points are known. */
  remaining: number;
  /** CPU received so far, ms (at full efficiency). */
  received: number;
  done: () => void;
}

interface Worker {
  /** Requests holding a thread (waiting for the database or computing). */
  held: number;
  /** Requests computing. */
  jobs: Job[];
}

export class ServerModel {
  readonly options: Required<Omit<ServerModelOptions, 'clock' | 'setTimer'>>;
  readonly stats: ServerModelStats = { served: 0, cpuMs: 0, peakActive: 0 };
  readonly #clock: () => number;
  readonly #setTimer: (callback: () => void, ms: number) => () => void;
  readonly #workers: Worker[];
  readonly #queue: ((worker: Worker) => void)[] = [];
  #last: number;
  #cancelTimer: (() => void) | undefined;

  constructor(options: ServerModelOptions) {
    const workers = options.workers;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new RangeError(`serverModel: workers must be an integer >= 1, got ${workers}`);
    }
    this.options = { ...SERVER_MODEL_DEFAULTS, ...withoutUndefined(options), workers };
    for (const key of ['requestMs', 'pointMs', 'contention', 'queryMs', 'queryPointMs'] as const) {
      const value = this.options[key];
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new RangeError(`serverModel: ${key} must be a number >= 0, got ${value}`);
      }
    }
    if (!Number.isInteger(this.options.threads) || this.options.threads < 1) {
      throw new RangeError(`serverModel: threads must be an integer >= 1, got ${this.options.threads}`);
    }
    this.#clock = options.clock ?? (() => performance.now());
    this.#setTimer =
      options.setTimer ??
      ((callback, ms) => {
        const timer = setTimeout(callback, ms);
        return () => clearTimeout(timer);
      });
    this.#workers = Array.from({ length: workers }, () => ({ held: 0, jobs: [] }));
    this.#last = this.#clock();
  }

  /**
   * Answers with `handle`, then holds the answer for as long as the modelled server would take. The
   * mock's own work (answering, counting the points) runs in the database phase, so it does not add
   * to the modelled time unless it takes longer.
   */
  async serve(handle: () => Promise<MockResponse>): Promise<MockResponse> {
    const worker = await this.#thread();
    try {
      const arrived = this.#clock();
      const { queryMs, queryPointMs, requestMs, pointMs } = this.options;
      let points: number | undefined;
      const answered = (async () => {
        const response = await collect(await handle());
        points = countResults(response.body);
        return response;
      })();
      // Observed below; a failure settles the rendering (with no work) so that the request ends.
      answered.catch(() => undefined);
      await this.#sleep(queryMs);
      if (points !== undefined) {
        await this.#sleep(queryMs + queryPointMs * points - (this.#clock() - arrived));
      }
      await new Promise<void>((done) => {
        const job: Job = { remaining: Number.POSITIVE_INFINITY, received: 0, done };
        const settle = (work: number) => {
          this.#advance();
          job.remaining = work - job.received;
          this.#schedule();
        };
        const known = points;
        if (known !== undefined) {
          job.remaining = requestMs + pointMs * known;
          this.#compute(worker, job);
          return;
        }
        this.#compute(worker, job);
        answered.then(
          () => settle(requestMs + (pointMs + queryPointMs) * (points ?? 0)),
          () => settle(0),
        );
      });
      const response = await answered;
      this.stats.served++;
      return response;
    } finally {
      worker.held--;
      this.#queue.shift()?.(worker);
    }
  }

  #sleep(ms: number): Promise<void> {
    return ms > 0 ? new Promise<void>((resolve) => this.#setTimer(resolve, ms)) : Promise.resolve();
  }

  /** A worker with a thread free (the one holding fewest requests), waiting in the queue if none. */
  #thread(): Promise<Worker> {
    let best: Worker | undefined;
    for (const worker of this.#workers) {
      if (worker.held < this.options.threads && (best === undefined || worker.held < best.held)) {
        best = worker;
      }
    }
    if (best !== undefined) {
      best.held++;
      return Promise.resolve(best);
    }
    return new Promise((resolve) =>
      this.#queue.push((worker) => {
        worker.held++;
        resolve(worker);
      }),
    );
  }

  #compute(worker: Worker, job: Job): void {
    this.#advance();
    worker.jobs.push(job);
    this.stats.peakActive = Math.max(
      this.stats.peakActive,
      this.#workers.reduce((sum, w) => sum + w.jobs.length, 0),
    );
    this.#schedule();
  }

  /** CPU each job of a worker gets per ms, with `k` jobs computing. */
  #rate(k: number): number {
    return 1 / k / (1 + this.options.contention * (k - 1));
  }

  /** Brings every job's remaining work up to now. */
  #advance(): void {
    const now = this.#clock();
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    if (elapsed === 0) {
      return;
    }
    for (const worker of this.#workers) {
      const k = worker.jobs.length;
      if (k === 0) {
        continue;
      }
      const rate = this.#rate(k);
      for (const job of worker.jobs) {
        job.remaining -= elapsed * rate;
        job.received += elapsed * rate;
      }
      // The worker's CPU was busy all along; with contention part of it did no useful work.
      this.stats.cpuMs += elapsed;
    }
  }

  /** Completes the jobs that are done and sets a timer for the next completion. */
  #schedule(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    let next = Number.POSITIVE_INFINITY;
    for (const worker of this.#workers) {
      const finished = worker.jobs.filter((job) => job.remaining <= 1e-6);
      if (finished.length > 0) {
        worker.jobs = worker.jobs.filter((job) => job.remaining > 1e-6);
        for (const job of finished) {
          job.done();
        }
      }
      const k = worker.jobs.length;
      if (k > 0) {
        const least = Math.min(...worker.jobs.map((job) => job.remaining));
        next = Math.min(next, least / this.#rate(k));
      }
    }
    if (Number.isFinite(next)) {
      this.#cancelTimer = this.#setTimer(() => {
        this.#advance();
        this.#schedule();
      }, next);
    }
  }
}

/** The response with its body as one string or bytes (Django renders a body whole before sending it). */
async function collect(response: MockResponse): Promise<MockResponse> {
  const body = response.body;
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    return response;
  }
  const parts: Buffer[] = [];
  for await (const chunk of body) {
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }
  return { ...response, body: Buffer.concat(parts) };
}

/** The number of items of a page's `results` (0 for any other body). */
function countResults(body: MockResponse['body']): number {
  if (body === null) {
    return 0;
  }
  const text = typeof body === 'string' ? body : Buffer.from(body as Uint8Array).toString('utf8');
  if (!text.includes('"results"')) {
    return 0;
  }
  try {
    const parsed = JSON.parse(text) as { results?: unknown };
    return Array.isArray(parsed.results) ? parsed.results.length : 0;
  } catch {
    return 0;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

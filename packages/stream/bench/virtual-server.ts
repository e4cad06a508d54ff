/**
 * `@iotile/mock-cloud`'s server model in virtual time, for the stream benchmark's simulation and for
 * deterministic tests of the adaptive limit: a `fetch` that answers `/stream/{slug}/data/` pages of a
 * synthetic stream as the model would time them, on a clock that only moves when nothing else can run.
 */

import type { FetchLike } from '@iotile/client';
import { ServerModel, type ServerModelOptions } from '@iotile/mock-cloud';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
  live: boolean;
}

/** A clock and timers that move only when `run` finds nothing else to do. */
export class VirtualTime {
  now = 0;
  #seq = 0;
  #timers: Timer[] = [];

  readonly clock = (): number => this.now;

  readonly setTimer = (callback: () => void, ms: number): (() => void) => {
    const timer = { at: this.now + Math.max(0, ms), seq: this.#seq++, callback, live: true };
    this.#timers.push(timer);
    return () => {
      timer.live = false;
    };
  };

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, ms));
  }

  /**
   * Settles `promise`, moving the clock to the next timer whenever everything else has run (a few
   * turns of the event loop without progress: promise chains, stream reads).
   */
  async run<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    const settled = () => {
      done = true;
    };
    promise.then(settled, settled);
    while (!done) {
      for (let turn = 0; turn < 3 && !done; turn++) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.#timers = this.#timers.filter((timer) => timer.live);
      if (done || this.#timers.length === 0) {
        continue;
      }
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift() as Timer;
      this.now = Math.max(this.now, next.at);
      next.callback();
    }
    return promise;
  }
}

export interface VirtualServer {
  fetch: FetchLike;
  model: ServerModel;
  /** The most page requests open at once (from the call until the answer). */
  peak(): number;
  /** Page requests answered. */
  served(): number;
}

/**
 * A server of one stream of `count` points (values 0..count-1) answered through `model` after
 * `latencyMs`, with the server's default page size 5,000.
 */
export function virtualServer(
  time: VirtualTime,
  options: { count: number; latencyMs?: number; model: Omit<ServerModelOptions, 'clock' | 'setTimer'> },
): VirtualServer {
  const model = new ServerModel({ ...options.model, clock: time.clock, setTimer: time.setTimer });
  let open = 0;
  let peak = 0;
  let served = 0;
  const fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get('page') ?? '1');
    const size = Number(url.searchParams.get('page_size') ?? '5000');
    open++;
    peak = Math.max(peak, open);
    try {
      if ((options.latencyMs ?? 0) > 0) {
        await time.sleep(options.latencyMs as number);
      }
      const answer = await model.serve(async () => {
        const from = (page - 1) * size;
        const length = Math.max(0, Math.min(size, options.count - from));
        const results = Array.from({ length }, (_, i) => ({
          timestamp: '2020-01-01T00:00:00Z',
          value: from + i,
        }));
        const next = from + size < options.count ? `${url.origin}${url.pathname}?page=${page + 1}` : null;
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ count: options.count, next, previous: null, results }),
        };
      });
      served++;
      const response = new Response(answer.body as string, {
        status: answer.status,
        headers: answer.headers,
      });
      Object.defineProperty(response, 'url', { value: request.url });
      return response;
    } finally {
      open--;
    }
  };
  return { fetch, model, peak: () => peak, served: () => served };
}

/** The server model's rules, on a manual clock and timers: no real time is measured. */
import { describe, expect, it } from 'vitest';
import type { MockResponse } from '../src/index.js';
import { ServerModel, type ServerModelOptions } from '../src/index.js';

function manualTime() {
  let now = 0;
  const timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  return {
    clock: () => now,
    setTimer: (callback: () => void, ms: number) => {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    /** Fires timers in time order (letting promises settle in between) until none is left. */
    async run(): Promise<void> {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const live = timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at);
        const next = live[0];
        if (next === undefined) {
          return;
        }
        next.cancelled = true;
        now = Math.max(now, next.at);
        next.callback();
      }
    },
  };
}

const page = (points: number): MockResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    count: points,
    next: null,
    previous: null,
    results: Array.from({ length: points }, (_, i) => i),
  }),
});

async function serveAll(options: Omit<ServerModelOptions, 'clock' | 'setTimer'>, pages: number[]) {
  const time = manualTime();
  const model = new ServerModel({ ...options, clock: time.clock, setTimer: time.setTimer });
  const finished: number[] = [];
  const all = Promise.all(
    pages.map((points) => model.serve(async () => page(points)).then(() => finished.push(time.clock()))),
  );
  await time.run();
  await all;
  return { finished, stats: model.stats };
}

const cpuOnly = { requestMs: 0, pointMs: 1, queryMs: 0, queryPointMs: 0 };

describe('ServerModel', () => {
  it('one request: database time, then CPU per point', async () => {
    const { finished } = await serveAll(
      { workers: 1, requestMs: 5, pointMs: 1, queryMs: 20, queryPointMs: 0.1 },
      [100],
    );
    expect(finished).toEqual([20 + 10 + 5 + 100]);
  });

  it('requests beyond the workers share a worker and cost it contention', async () => {
    const one = await serveAll({ workers: 1, contention: 0.5, ...cpuOnly }, [100, 100]);
    // Each gets half of the worker, at 1 / 1.5 efficiency: 100 ms of work each take 300 ms.
    expect(one.finished).toEqual([300, 300]);
    expect(one.stats.cpuMs).toBeCloseTo(300);
    const two = await serveAll({ workers: 2, contention: 0.5, ...cpuOnly }, [100, 100]);
    expect(two.finished).toEqual([100, 100]);
    expect(two.stats.cpuMs).toBeCloseTo(200);
  });

  it('a request finishing early speeds up the others of its worker', async () => {
    const { finished } = await serveAll({ workers: 1, contention: 0, ...cpuOnly }, [50, 150]);
    // Both at half speed until 100 ms (the first done), then the second alone: 100 left at full speed.
    expect(finished).toEqual([100, 200]);
  });

  it('requests beyond workers × threads wait for a thread', async () => {
    const { finished, stats } = await serveAll(
      { workers: 1, threads: 1, contention: 0.5, ...cpuOnly },
      [100, 100],
    );
    expect(finished).toEqual([100, 200]);
    expect(stats.peakActive).toBe(1);
  });

  it('refuses a shape that is not one', () => {
    expect(() => new ServerModel({ workers: 0 })).toThrow(RangeError);
    expect(() => new ServerModel({ workers: 1, pointMs: -1 })).toThrow(RangeError);
    expect(() => new ServerModel({ workers: 1, threads: 0 })).toThrow(RangeError);
  });
});

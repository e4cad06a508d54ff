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

  it("the times do not depend on the mock's speed, until the mock is slower than the model", async () => {
    const time = manualTime();
    const model = new ServerModel({
      workers: 1,
      contention: 0.5,
      requestMs: 0,
      pointMs: 1,
      queryMs: 20,
      queryPointMs: 0.1,
      clock: time.clock,
      setTimer: time.setTimer,
    });
    /** The mock answers one request at a time (one process): each answer takes `ms` after the one before. */
    let busyUntil = 0;
    const slowAnswer = (ms: number, points: number) => async () => {
      busyUntil = Math.max(busyUntil, time.clock()) + ms;
      await new Promise<void>((resolve) => time.setTimer(resolve, busyUntil - time.clock()));
      return page(points);
    };
    const finished: number[] = [];
    const serve = (ms: number, points: number) =>
      model.serve(slowAnswer(ms, points)).then(() => finished.push(time.clock()));
    // Alone: the answer (60 ms) comes after the database time (20 ms): rendering started at 20, its
    // 100 + 10 (the database's per-point time) ms end at 130, as with an instant answer (20 + 10 + 100).
    let all: Promise<number[]> = Promise.all([serve(60, 100)]);
    await time.run();
    await all;
    expect(finished).toEqual([130]);
    // Two at once on one worker, answered one after the other (60 then 120 ms): they still share the
    // worker from 20 ms on, as with instant answers (contention 0.5: 110 ms of work each take 330).
    finished.length = 0;
    busyUntil = 0;
    const start = time.clock();
    all = Promise.all([serve(60, 100), serve(60, 100)]);
    await time.run();
    await all;
    const shared = finished.map((t) => t - start);
    expect(shared).toHaveLength(2);
    for (const t of shared) {
      expect(t).toBeCloseTo(350, 6);
    }
    // A mock slower than the whole modelled request: sent when it has answered.
    finished.length = 0;
    const late = time.clock();
    all = Promise.all([serve(500, 100)]);
    await time.run();
    await all;
    expect(finished).toHaveLength(1);
    expect((finished[0] as number) - late).toBeCloseTo(500, 6);
  });

  it('a failing answer fails the request and frees its thread', async () => {
    const time = manualTime();
    const model = new ServerModel({ workers: 1, threads: 1, clock: time.clock, setTimer: time.setTimer });
    const failed = model.serve(async () => {
      await new Promise<void>((resolve) => time.setTimer(resolve, 500));
      throw new Error('boom');
    });
    const next = model.serve(async () => page(10));
    const run = time.run();
    await expect(failed).rejects.toThrow('boom');
    await run;
    expect((await next).status).toBe(200);
  });

  it('refuses a shape that is not one', () => {
    expect(() => new ServerModel({ workers: 0 })).toThrow(RangeError);
    expect(() => new ServerModel({ workers: 1, pointMs: -1 })).toThrow(RangeError);
    expect(() => new ServerModel({ workers: 1, threads: 0 })).toThrow(RangeError);
  });
});

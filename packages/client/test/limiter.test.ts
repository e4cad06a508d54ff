/** The adaptive limit's rules, on an injected clock and made-up measures: no timers, no network. */
import { describe, expect, it } from 'vitest';
import { Api, InvalidInputError } from '../src/index.js';
import { AdaptiveLimiter, type LimitChange, RequestBudget, requestBudgetOf } from '../src/internal/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN } from './nock-setup.js';

function manualClock() {
  let now = 0;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * A server that serves `perSecond(limit)` items per second with `limit` requests in flight: one window
 * of the limiter is run against it, each request at that concurrency (its duration by Little's law).
 */
function simulate(
  limiter: AdaptiveLimiter,
  clock: ReturnType<typeof manualClock>,
  perSecond: (limit: number) => number,
  windows: number,
): number[] {
  const seen: number[] = [];
  for (let w = 0; w < windows; w++) {
    const limit = limiter.limit;
    seen.push(limit);
    const samples = Math.max(2, limit);
    const weight = 100;
    const duration = ((limit * weight) / perSecond(limit)) * 1000;
    const start = clock.now();
    clock.advance(duration);
    for (let i = 0; i < samples; i++) {
      limiter.sample({ startedAt: start, endedAt: start + duration, weight, concurrency: limit });
    }
  }
  return seen;
}

describe('AdaptiveLimiter', () => {
  it('starts at 2 and doubles while throughput grows in proportion, up to the maximum', () => {
    const clock = manualClock();
    const changes: LimitChange[] = [];
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now, onChange: (c) => changes.push(c) });
    expect(limiter.limit).toBe(2);
    // 8 workers: throughput proportional to the limit.
    const seen = simulate(limiter, clock, (limit) => limit * 1000, 4);
    expect(seen).toEqual([2, 4, 8, 8]);
    expect(changes.map((c) => [c.from, c.to, c.reason])).toEqual([
      [2, 4, 'probing'],
      [4, 8, 'throughput grew'],
    ]);
    expect(changes[1]?.window?.throughput).toBeCloseTo(4000);
  });

  it('undoes a step up that brought no throughput, then settles one lower when that does as well', () => {
    const clock = manualClock();
    const changes: LimitChange[] = [];
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now, onChange: (c) => changes.push(c) });
    // One worker: more requests in flight only cost (contention).
    const seen = simulate(limiter, clock, (limit) => 1000 / (1 + 0.1 * (limit - 1)), 6);
    expect(seen).toEqual([2, 4, 2, 1, 1, 1]);
    expect(changes.map((c) => c.reason)).toEqual([
      'probing',
      'no more throughput, latency grew',
      'probing one less',
    ]);
  });

  it('goes back up when one less loses throughput, and holds there', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now });
    // Two workers: 2 is best, 1 halves throughput, 4 adds nothing.
    const seen = simulate(limiter, clock, (limit) => Math.min(limit, 2) * 1000, 7);
    expect(seen).toEqual([2, 4, 2, 1, 2, 2, 2]);
  });

  it('after doubling stops paying, moves by one step and keeps a step that pays', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now, probeEvery: 2 });
    // Three workers.
    const seen = simulate(limiter, clock, (limit) => Math.min(limit, 3) * 1000, 9);
    // 2 -> 4 gains 1.5x (half of the 2x doubling would bring: kept), 4 -> 8 gains nothing (back to 4),
    // 3 (one less) does as well, 2 loses (back to 3), then probes 4 again now and then.
    expect(seen).toEqual([2, 4, 8, 4, 3, 2, 3, 3, 4]);
  });

  it('probes one step up again after `probeEvery` windows held', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now, probeEvery: 3 });
    const seen = simulate(limiter, clock, () => 1000, 12);
    // Flat throughput: 2 -> 4 (nothing) -> 2 -> 1 (same) -> held, probing 2 every 3 windows.
    expect(seen.slice(0, 4)).toEqual([2, 4, 2, 1]);
    expect(seen.slice(4)).toContain(2);
    expect(Math.max(...seen.slice(4))).toBe(2);
  });

  it('waits twice as long before the next probe after each probe that did not pay', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now, probeEvery: 2 });
    const seen = simulate(limiter, clock, () => 1000, 40);
    const probes = seen.map((limit, i) => (i > 3 && limit === 2 ? i : -1)).filter((i) => i >= 0);
    const gaps = probes.slice(1).map((at, i) => at - (probes[i] as number));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    // 2, 4, 8, 16 windows held (plus the probe's own window), capped at 8 x probeEvery.
    expect(gaps.slice(0, 3)).toEqual([5, 9, 17]);
  });

  it('halves on overload (429/503), at most once per window', () => {
    const clock = manualClock();
    const changes: LimitChange[] = [];
    const limiter = new AdaptiveLimiter({ max: 16, clock: clock.now, onChange: (c) => changes.push(c) });
    simulate(limiter, clock, (limit) => limit * 1000, 3);
    expect(limiter.limit).toBe(16);
    limiter.overload(503);
    limiter.overload(503);
    limiter.overload(429);
    expect(limiter.limit).toBe(8);
    simulate(limiter, clock, (limit) => limit * 1000, 1);
    limiter.overload(429);
    expect(limiter.limit).toBe(4);
    expect(changes.slice(-2).map((c) => c.reason)).toEqual(['overload (503)', 'overload (429)']);
    // Never below the minimum.
    for (let i = 0; i < 5; i++) {
      simulate(limiter, clock, () => 1, 1);
      limiter.overload(503);
    }
    expect(limiter.limit).toBe(1);
  });

  it('does not count requests that did not see the limit reached (the callers asked for less)', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now });
    for (let i = 0; i < 10; i++) {
      const start = clock.now();
      clock.advance(10);
      limiter.sample({ startedAt: start, endedAt: clock.now(), weight: 1, concurrency: 1.4 });
    }
    expect(limiter.limit).toBe(2);
    limiter.sample({ startedAt: clock.now() - 10, endedAt: clock.now(), weight: 1, concurrency: 1.5 });
    limiter.sample({ startedAt: clock.now() - 10, endedAt: clock.now(), weight: 1, concurrency: 2 });
    expect(limiter.limit).toBe(4);
  });

  it("measures by Little's law: a window's throughput is concurrency x weight / duration", () => {
    const clock = manualClock();
    const windows: number[] = [];
    const limiter = new AdaptiveLimiter({
      max: 8,
      clock: clock.now,
      onWindow: (w) => windows.push(w.throughput),
    });
    clock.advance(1000);
    limiter.sample({ startedAt: 0, endedAt: 500, weight: 100, concurrency: 2 });
    limiter.sample({ startedAt: 0, endedAt: 1000, weight: 100, concurrency: 2 });
    // (2 x 100 / 500 ms + 2 x 100 / 1000 ms) / 2 = 0.3 items/ms
    expect(windows).toHaveLength(1);
    expect(windows[0]).toBeCloseTo(300);
  });

  it('ignores requests sent before the current window (under another limit)', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 8, clock: clock.now });
    clock.advance(100);
    limiter.sample({ startedAt: -50, endedAt: 100, weight: 1, concurrency: 2 });
    limiter.sample({ startedAt: -20, endedAt: 100, weight: 1, concurrency: 2 });
    limiter.sample({ startedAt: -10, endedAt: 100, weight: 1, concurrency: 2 });
    expect(limiter.limit).toBe(2);
    limiter.sample({ startedAt: 0, endedAt: 100, weight: 1, concurrency: 2 });
    limiter.sample({ startedAt: 0, endedAt: 100, weight: 1, concurrency: 2 });
    expect(limiter.limit).toBe(4);
  });

  it('steps down when latency grows and throughput falls at a held limit', () => {
    const clock = manualClock();
    const limiter = new AdaptiveLimiter({ max: 4, clock: clock.now, probeEvery: 100 });
    simulate(limiter, clock, (limit) => limit * 1000, 2);
    expect(limiter.limit).toBe(4);
    // Held at the maximum; then the server slows down: twice the latency, half the throughput.
    simulate(limiter, clock, () => 4000, 2);
    expect(limiter.limit).toBe(4);
    simulate(limiter, clock, () => 2000, 1);
    expect(limiter.limit).toBe(3);
  });
});

describe('RequestBudget', () => {
  it('a fixed limit: at most that many permits, the waiting page first, then pages ahead, in order', async () => {
    const budget = new RequestBudget('https://x.test', { concurrency: 2, max: 8 });
    const order: string[] = [];
    const take = (name: string, priority: 'high' | 'low') => {
      const ticket = budget.acquire(undefined, priority);
      ticket.permit.then(() => order.push(name));
      return ticket;
    };
    const a = await budget.acquire().permit;
    const b = await budget.acquire().permit;
    expect(budget.inFlight).toBe(2);
    take('low1', 'low');
    const low2 = take('low2', 'low');
    take('high1', 'high');
    take('low3', 'low');
    low2.promote();
    a.release();
    a.release(); // twice: nothing more
    await Promise.resolve();
    expect(budget.inFlight).toBe(2);
    b.release();
    await Promise.resolve();
    expect(order).toEqual(['high1', 'low2']);
    expect(budget.peak).toBe(2);
    expect(budget.limit).toBe(2);
  });

  it('a wait aborted by the signal rejects with its reason and leaves the queue', async () => {
    const budget = new RequestBudget('https://x.test', { concurrency: 1, max: 8 });
    const held = await budget.acquire().permit;
    const controller = new AbortController();
    const ticket = budget.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(ticket.permit).rejects.toThrow('stop');
    const next = budget.acquire();
    held.release();
    await next.permit;
    expect(budget.inFlight).toBe(1);
  });

  it('auto: starts at 2, and the limiter sees only completed requests', async () => {
    const clock = manualClock();
    const budget = new RequestBudget('https://x.test', { concurrency: 'auto', max: 8, clock: clock.now });
    expect(budget.limit).toBe(2);
    for (let round = 0; round < 2; round++) {
      const permits = await Promise.all([budget.acquire().permit, budget.acquire().permit]);
      clock.advance(10);
      for (const permit of permits) {
        permit.release({ completed: false });
      }
    }
    expect(budget.limit).toBe(2);
    // One request alone does not measure a limit of 2.
    const alone = await budget.acquire().permit;
    clock.advance(10);
    alone.release({ weight: 5 });
    expect(budget.limit).toBe(2);
    const permits = await Promise.all([budget.acquire().permit, budget.acquire().permit]);
    clock.advance(10);
    for (const permit of permits) {
      permit.release({ weight: 5 });
    }
    expect(budget.limit).toBe(4);
  });
});

describe('Api request budget', () => {
  it('checks concurrency and maxConcurrency before any request', () => {
    for (const concurrency of [0, 17, 1.5, 'fast', null]) {
      expect(() => new Api({ concurrency: concurrency as never })).toThrow(InvalidInputError);
    }
    for (const maxConcurrency of [0, 17, 2.5, '8']) {
      expect(() => new Api({ maxConcurrency: maxConcurrency as never })).toThrow(InvalidInputError);
    }
    expect(() => new Api({ concurrency: 'auto', maxConcurrency: 16 })).not.toThrow();
    expect(() => new Api({ concurrency: 1 })).not.toThrow();
  });

  it('a 503 halves the limit of its origin, logged at info without the token', async () => {
    const token = 'secret-token-123';
    const lines: string[] = [];
    const logger = { info: (m: string) => lines.push(m), debug: (m: string) => lines.push(m) };
    let calls = 0;
    const { fetch } = stubFetch((request) => {
      calls++;
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      if (calls === 12) {
        return json({ detail: 'busy' }, 503, { 'retry-after': '0' });
      }
      return json({
        count: 40,
        next: page < 20 ? `${BASE}/device/?page=${page + 1}` : null,
        previous: null,
        results: [{ id: page * 2 }, { id: page * 2 + 1 }],
      });
    });
    const api = new Api({ domain: DOMAIN, token, fetch, logger, logLevel: 'debug', maxConcurrency: 8 });
    const budget = requestBudgetOf(api, BASE) as RequestBudget;
    const ids: number[] = [];
    for await (const device of api.paginate('/device/', {}, { concurrency: 'auto' })) {
      ids.push((device as unknown as { id: number }).id);
    }
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const changes = lines.filter((line) => line.includes('request budget for'));
    expect(changes.some((line) => /limit \d+ -> \d+, overload \(503\)/.test(line))).toBe(true);
    expect(changes.every((line) => line.includes(DOMAIN) && !line.includes(token))).toBe(true);
    expect(lines.join('\n')).not.toContain(token);
    expect(budget.peak).toBeLessThanOrEqual(8);
  });

  it('a fixed budget keeps paginate within it, whatever the download asks', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const { fetch } = stubFetch(async (request) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // A barrier: answered only when the test lets it go.
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      return json({
        count: 20,
        next: page < 10 ? `${BASE}/device/?page=${page + 1}` : null,
        previous: null,
        results: [{ id: page }, { id: -page }],
      });
    });
    const api = new Api({ domain: DOMAIN, fetch, concurrency: 3 });
    const done = (async () => {
      let n = 0;
      for await (const _ of api.paginate('/device/', {}, { concurrency: 8 })) {
        n++;
      }
      return n;
    })();
    while (true) {
      await new Promise((resolve) => setImmediate(resolve));
      const next = release.shift();
      if (next === undefined) {
        break;
      }
      next();
    }
    expect(await done).toBe(20);
    expect(peak).toBe(3);
  });
});

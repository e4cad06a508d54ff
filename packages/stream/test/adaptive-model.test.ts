/**
 * The adaptive request budget against `@iotile/mock-cloud`'s server model, in virtual time: exact and
 * the same on every machine (no sockets, no real timers). 5 pages of 200 points that the model serves
 * as it would 20,000 (its per-point costs scaled by 100): the shape of issue 12's 100,000-point
 * download, whose first page comes alone and which ends before a limit that starts low has grown.
 */

import { Api } from '@iotile/client';
import { limitMemoryFor, requestBudgetOf, requestBudgetsOf } from '@iotile/client/internal';
import { SERVER_MODEL_DEFAULTS } from '@iotile/mock-cloud';
import { describe, expect, it } from 'vitest';
import { firstStep, play } from '../bench/cold-study.js';
import { VirtualTime, virtualServer } from '../bench/virtual-server.js';
import { StreamData } from '../src/index.js';

const SLUG = 's--0000-0001--0000-0000-0000-00d2--5001';
const COUNT = 1000;
const PAGE = 200;

function modelled(workers: number) {
  const time = new VirtualTime();
  const server = virtualServer(time, {
    count: COUNT,
    model: {
      workers,
      pointMs: SERVER_MODEL_DEFAULTS.pointMs * 100,
      queryPointMs: SERVER_MODEL_DEFAULTS.queryPointMs * 100,
    },
  });
  /** The limit's changes, as logged. */
  const changes: string[] = [];
  const logger = {
    info: (line: string) => {
      const change = /limit (\d+ -> \d+), /.exec(line);
      if (change) {
        changes.push(change[1] as string);
      }
    },
  };
  const api = (concurrency: 'auto' | number = 'auto') => {
    const made = new Api({
      domain: 'https://model.test',
      token: 't',
      fetch: server.fetch,
      concurrency,
      logger,
      logLevel: 'info',
    });
    requestBudgetsOf(made)?.useClock(time.clock);
    return made;
  };
  /** Downloads the stream with `made`: its time (virtual ms), the most requests open, the limit after. */
  const download = async (made: Api, consumerMsPerPage = 0) => {
    const peakBefore = server.peak();
    const start = time.now;
    let points = 0;
    await time.run(
      (async () => {
        for await (const page of new StreamData(SLUG, made).iteratePages({ page_size: PAGE })) {
          points += page.length;
          await time.sleep(consumerMsPerPage);
        }
      })(),
    );
    expect(points).toBe(COUNT);
    expect(server.peak()).toBeGreaterThanOrEqual(peakBefore);
    return { ms: time.now - start, limit: requestBudgetOf(made, made.baseUrl)?.limit };
  };
  return { time, server, api, download, changes };
}

/** The time of a download with a fixed budget (on a model of its own). */
async function fixedTime(workers: number, concurrency: number): Promise<number> {
  const model = modelled(workers);
  return (await model.download(model.api(concurrency))).ms;
}

describe('the adaptive budget on the server model (virtual time)', () => {
  it('1 worker: the first download never has more than 2 requests open, later Apis one, as fast as fixed 1', async () => {
    const model = modelled(1);
    const first = await model.download(model.api());
    expect(model.server.peak()).toBe(2);
    // Pages 2 and 3 together served less than page 1 alone: back to 1 at once, 4 never tried.
    expect(first.limit).toBe(1);
    const fixed1 = await fixedTime(1, 1);
    expect(first.ms).toBeLessThan(fixed1 * 1.1);
    for (let i = 0; i < 3; i++) {
      const next = await model.download(model.api());
      expect(next.ms).toBeCloseTo(fixed1, 6);
      expect(next.limit).toBe(1);
    }
    expect(model.server.peak()).toBe(2);
    expect(model.changes).toEqual(['2 -> 1']);
  });

  it('8 workers: a new Api goes on from what the first learned and asks the 4 pages after page 1 at once', async () => {
    const model = modelled(8);
    const first = await model.download(model.api());
    // Page 1 alone, pages 2-3, pages 4-5: three rounds; 2 doubled the throughput of page 1 alone.
    expect(first.limit).toBe(4);
    const fixed4 = await fixedTime(8, 4);
    expect(first.ms).toBeGreaterThan(fixed4 * 1.4);
    const second = await model.download(model.api());
    expect(second.ms).toBeCloseTo(fixed4, 6);
    expect(second.limit).toBe(8);
    expect((await model.download(model.api())).ms).toBeCloseTo(fixed4, 6);
    expect(model.changes).toEqual(['2 -> 4', '4 -> 8']);
    // Without the memory (a process's first download), each new Api starts over.
    limitMemoryFor(model.server.fetch).forget();
    expect((await model.download(model.api())).ms).toBeCloseTo(first.ms, 6);
  });

  it('8 workers, a consumer slower than the server: the limit still grows (pages waiting unread are not the server)', async () => {
    const model = modelled(8);
    // 2 s per page: the pages fetched ahead wait unread for most of their life.
    const first = await model.download(model.api(), 2000);
    expect(first.limit).toBe(4);
    const second = await model.download(model.api(), 2000);
    expect(second.limit).toBe(8);
    expect(model.changes).toEqual(['2 -> 4', '4 -> 8']);
  });

  it('2 workers: settles on 2 without trying 1, and is then faster than fixed 4', async () => {
    const model = modelled(2);
    const fixed4 = await fixedTime(2, 4);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      times.push((await model.download(model.api())).ms);
    }
    // First: 2 doubled page 1's throughput (on to 4); second: 4 at once did not pay (back to 2); third:
    // 2 has twice the throughput of that download's first page alone, so 1 is known to serve less.
    expect(model.changes).toEqual(['2 -> 4', '4 -> 2']);
    expect(times[1]).toBeCloseTo(fixed4, 6);
    for (const ms of [times[0], ...times.slice(2)]) {
      expect(ms).toBeLessThan(fixed4 * 0.95);
    }
  });
});

describe("the process's first download against what any rule can do (virtual time)", () => {
  const scaled = {
    pointMs: SERVER_MODEL_DEFAULTS.pointMs * 100,
    queryPointMs: SERVER_MODEL_DEFAULTS.queryPointMs * 100,
  };
  /** The best a rule can do after page 1 alone and `k` pages at once: an oracle's continuation. */
  const bound = async (k: number, workers: number) => {
    const times: number[] = [];
    for (const then of [1, 2, 4]) {
      times.push((await play(firstStep(k, then, PAGE), workers, 0, COUNT, scaled)).ms);
    }
    return Math.min(...times);
  };
  const bestFixed = async (workers: number) =>
    Math.min(await fixedTime(workers, 1), await fixedTime(workers, 4));

  it('page 1 alone takes as long on 1, 2 and 8 workers: the step after it is taken blind', async () => {
    const alone = [];
    for (const workers of [1, 2, 8]) {
      alone.push((await play(firstStep(1, 1, PAGE), workers, 0, PAGE, scaled)).ms);
    }
    expect(alone[1]).toBe(alone[0]);
    expect(alone[2]).toBe(alone[0]);
  });

  it('no first step after page 1 is within 1.05x of the best fixed setting on both 1 and 8 workers', async () => {
    const best1 = await bestFixed(1);
    const best8 = await bestFixed(8);
    for (const k of [1, 2, 3, 4]) {
      const within1 = (await bound(k, 1)) <= best1 * 1.05;
      const within8 = (await bound(k, 8)) <= best8 * 1.05;
      expect({ k, within1, within8 }).not.toEqual({ k, within1: true, within8: true });
    }
  });

  it('the adaptive budget reaches the bound of its first step (2 pages at once) on 1, 2 and 8 workers', async () => {
    for (const workers of [1, 2, 8]) {
      const model = modelled(workers);
      const cold = await model.download(model.api());
      expect(cold.ms).toBeCloseTo(await bound(2, workers), 6);
    }
  });
});

describe('initializeFromServer and iterate() collected on the server model (virtual time)', () => {
  it("take the same time, requests and worker CPU on 2 workers, 'auto' and fixed 4 (Deliver 4)", async () => {
    for (const concurrency of ['auto', 4] as const) {
      const measured = [];
      for (const variant of ['initializeFromServer', 'iterate'] as const) {
        const model = modelled(2);
        const data = new StreamData(SLUG, model.api(concurrency));
        const points = await model.time.run(
          variant === 'initializeFromServer'
            ? data.initializeFromServer({ page_size: PAGE }).then((done) => done.data.length)
            : (async () => {
                const collected: unknown[] = [];
                for await (const point of data.iterate({ page_size: PAGE })) {
                  collected.push(point);
                }
                return collected.length;
              })(),
        );
        expect(points).toBe(COUNT);
        measured.push({ ms: model.time.now, ...model.server.model.stats });
      }
      expect(measured[0]).toEqual(measured[1]);
      expect(measured[0]?.served).toBe(COUNT / PAGE);
    }
  });
});

import { HttpServerError, RequestAbortedError } from '@iotile/client/errors';
import { describe, expect, it } from 'vitest';
import { StreamData, StreamDataChangedError } from '../src/index.js';
import {
  answerWhenSettled,
  apiFor,
  collect,
  deferred,
  FakeCloud,
  json,
  makePoints,
  never,
  STREAM,
  settled,
  valuesUntilError,
} from './helpers.js';

const values = (points: { value: number | null }[]) => points.map((p) => p.value);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('StreamData.iterate', () => {
  it('yields every point once, in server order, across pages', async () => {
    const cloud = new FakeCloud({ points: makePoints(2345) });
    const stream = new StreamData(STREAM, apiFor(cloud));
    const points = await collect(stream.iterate({ page_size: 100 }));
    expect(values(points)).toEqual(range(2345));
    expect(cloud.pagesRequested().sort((a, b) => a - b)).toEqual(range(24).map((i) => i + 1));
  });

  it('keeps order when later pages answer first', async () => {
    // Page 2 is answered only once pages 3..5 have been.
    const answered: number[] = [];
    const laterPages = deferred();
    const cloud = new FakeCloud({
      points: makePoints(500),
      hold: (page) => (page === 2 ? laterPages.promise : undefined),
      transform: (response, _n, page) => {
        answered.push(page);
        if (answered.filter((p) => p > 2).length === 3) {
          laterPages.resolve();
        }
        return response;
      },
    });
    // A fixed budget of 4: pages 2..5 are all requested ahead.
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud, { concurrency: 4 })).iterate({ page_size: 100 }),
    );
    expect(values(points)).toEqual(range(500));
    expect(answered).toEqual([1, 3, 4, 5, 2]);
  });

  it('has at most `concurrency` pages in flight', async () => {
    const cloud = new FakeCloud({ points: makePoints(3000), hold: answerWhenSettled() });
    // A budget above 3 (the adaptive one starts at 2 and grows on measured time): the download's own
    // limit is the one under test.
    await collect(
      new StreamData(STREAM, apiFor(cloud, { concurrency: 8 })).iterate(
        { page_size: 100 },
        { concurrency: 3 },
      ),
    );
    expect(cloud.maxInFlight).toBe(3);
    expect(cloud.requests).toHaveLength(30);
  });

  it("defaults to 'auto': as many pages in flight as the Api's budget gives, at most 8", async () => {
    const fixed = new FakeCloud({ points: makePoints(3000), hold: answerWhenSettled() });
    await collect(new StreamData(STREAM, apiFor(fixed, { concurrency: 4 })).iterate({ page_size: 100 }));
    expect(fixed.maxInFlight).toBe(4);
    const wide = new FakeCloud({ points: makePoints(3000), hold: answerWhenSettled() });
    await collect(new StreamData(STREAM, apiFor(wide, { concurrency: 16 })).iterate({ page_size: 100 }));
    expect(wide.maxInFlight).toBe(8);
  });

  it('with concurrency 1, requests one page at a time', async () => {
    const cloud = new FakeCloud({ points: makePoints(1000), hold: answerWhenSettled() });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud, { concurrency: 8 })).iterate(
        { page_size: 100 },
        { concurrency: 1 },
      ),
    );
    expect(values(points)).toEqual(range(1000));
    expect(cloud.maxInFlight).toBe(1);
  });

  it('stops fetching on break and cancels what is in flight', async () => {
    // Pages 1 and 2 are answered at once, the others never: they are in flight until aborted.
    const cloud = new FakeCloud({
      points: makePoints(100_000),
      hold: (page) => (page <= 2 ? undefined : never()),
    });
    const seen: number[] = [];
    let inFlightAtBreak = 0;
    for await (const point of new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 })) {
      seen.push(point.value as number);
      if (seen.length === 150) {
        inFlightAtBreak = cloud.inFlight;
        break;
      }
    }
    expect(seen).toEqual(range(150));
    // Page 1, then page 2 (needed for point 150) and the pages fetched ahead of it.
    const requested = cloud.requests.length;
    expect(requested).toBeLessThanOrEqual(1 + 1 + 4);
    expect(inFlightAtBreak).toBeGreaterThan(0);
    // The client has settled after the break: what was in flight was aborted, nothing more was sent.
    await settled();
    expect(cloud.requests.length).toBe(requested);
    expect(cloud.inFlight).toBe(0);
    expect(cloud.aborted).toBe(inFlightAtBreak);
  });

  it('stops on abort with RequestAbortedError, after yielding points in order without a gap', async () => {
    const cloud = new FakeCloud({ points: makePoints(10_000), hold: answerWhenSettled(() => false) });
    const controller = new AbortController();
    const seen: number[] = [];
    const run = async () => {
      for await (const point of new StreamData(STREAM, apiFor(cloud)).iterate(
        { page_size: 100 },
        { signal: controller.signal },
      )) {
        seen.push(point.value as number);
        if (seen.length === 250) {
          controller.abort();
        }
      }
    };
    await expect(run()).rejects.toBeInstanceOf(RequestAbortedError);
    // Points of page 3 already parsed may still be yielded (each page is one chunk here): never a gap.
    expect(seen).toEqual(range(seen.length));
    expect(seen.length).toBeGreaterThanOrEqual(250);
    expect(seen.length).toBeLessThanOrEqual(300);
    // Once the client has settled, nothing is in flight.
    await settled();
    expect(cloud.inFlight).toBe(0);
    expect(cloud.requests.length).toBeLessThan(100);
  });

  it('retries a page that failed with 503 and yields no point twice and none missing', async () => {
    // The first requests of pages 3, 5 and 6 get a 503: each is retried by the Api with the same page
    // number (whatever the order the budget lets the pages go in).
    const busy = new Set([3, 5, 6]);
    const cloud = new FakeCloud({
      points: makePoints(1000),
      intercept: (_n, page) =>
        busy.delete(page) ? json(503, { detail: 'busy' }, { 'retry-after': '0' }) : undefined,
    });
    const points = await collect(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }));
    expect(values(points)).toEqual(range(1000));
    expect(cloud.requests).toHaveLength(13);
    const pages = cloud.pagesRequested();
    expect(new Set(pages).size).toBe(10);
  });

  it('re-requests a page whose body was cut midway, resuming at that page', async () => {
    let attempts = 0;
    const cloud = new FakeCloud({
      points: makePoints(1000),
      // The first two answers for page 4 are cut (the third of pageRetries' 1 + 2 attempts succeeds),
      // whatever the order the budget lets the pages go in.
      intercept: (_n, page) => (page === 4 && ++attempts <= 2 ? 'cut' : undefined),
    });
    const points = await collect(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }));
    expect(values(points)).toEqual(range(1000));
    // Page 4 was asked again after each cut.
    expect(cloud.pagesRequested().filter((p) => p === 4)).toHaveLength(3);
  });

  it('gives up after pageRetries cuts of the same page', async () => {
    const cloud = new FakeCloud({
      points: makePoints(1000),
      intercept: (_n, page) => (page === 2 ? 'cut' : undefined),
    });
    const { values: seen, error } = await valuesUntilError(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { pageRetries: 1 }),
    );
    expect(error).toMatchObject({ name: 'ConnectionError' });
    expect(seen).toEqual(range(100));
    expect(cloud.pagesRequested().filter((p) => p === 2)).toHaveLength(2);
  });

  it('fails with the server error when retries are exhausted, after yielding the pages before it', async () => {
    const cloud = new FakeCloud({
      points: makePoints(500),
      intercept: (_n, page) => (page === 3 ? json(500, { detail: 'boom' }) : undefined),
    });
    const { values: seen, error } = await valuesUntilError(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }),
    );
    expect(error).toBeInstanceOf(HttpServerError);
    expect(seen).toEqual(range(200));
  });

  it('stops with StreamDataChangedError when the count changes during the download', async () => {
    let served = 0;
    const base = makePoints(1000);
    // A point is backfilled after the first page was served: later pages shift by one.
    const cloud = new FakeCloud({
      points: () => (served++ === 0 ? base : [...makePoints(1, -1), ...base]),
    });
    const { values: seen, error } = await valuesUntilError(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { concurrency: 1 }),
    );
    expect(error).toBeInstanceOf(StreamDataChangedError);
    expect(error).toMatchObject({ expectedCount: 1000, actualCount: 1001, page: 2 });
    expect(seen).toEqual(range(100));
  });

  it('follows new pages when the window is open (pinEnd: false) and the stream grows at the end', async () => {
    let served = 0;
    const cloud = new FakeCloud({ points: () => makePoints(served++ === 0 ? 250 : 320) });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { pinEnd: false, concurrency: 2 }),
    );
    expect(values(points)).toEqual(range(320));
  });

  it('sends the token on every page', async () => {
    const cloud = new FakeCloud({ points: makePoints(300) });
    await collect(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }));
    expect(cloud.requests.map((r) => r.authorization)).toEqual(Array(3).fill('jwt secret-token'));
  });

  it('iteratePages yields the pages as arrays', async () => {
    const cloud = new FakeCloud({ points: makePoints(250) });
    const pages = await collect(new StreamData(STREAM, apiFor(cloud)).iteratePages({ page_size: 100 }));
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
  });

  it('an empty stream yields nothing after one request', async () => {
    const cloud = new FakeCloud({ points: [] });
    expect(await collect(new StreamData(STREAM, apiFor(cloud)).iterate())).toEqual([]);
    expect(cloud.requests).toHaveLength(1);
  });
});

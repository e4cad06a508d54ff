/**
 * `iterate()` reads each page's body as a stream: points are produced as the bytes arrive, responses
 * fetched ahead stay unread until their turn, the page being read is read at network speed, and a
 * body that fails midway is requested again without repeating or skipping a point.
 */

import { DEFAULT_TIMEOUT_MS } from '@iotile/client';
import { HttpNotFoundError, InvalidResponseError, RequestTimeoutError } from '@iotile/client/errors';
import { describe, expect, it } from 'vitest';
import { StreamData } from '../src/index.js';
import {
  apiFor,
  chunkedBody,
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
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

const timeoutError = () => new DOMException('The operation was aborted due to timeout', 'TimeoutError');
const cutError = () => new TypeError('terminated', { cause: new Error('other side closed') });

describe('iterate() reads page bodies as streams', () => {
  it('yields the first points of a page before the rest of its body has arrived', async () => {
    const gate = deferred();
    const gateReached = deferred();
    const cloud = new FakeCloud({
      points: makePoints(100),
      transform: (response) =>
        chunkedBody(response, {
          chunkSize: 300,
          onPull: (index) => {
            if (index === 4) {
              gateReached.resolve();
              return gate.promise;
            }
          },
        }),
    });
    const seen: number[] = [];
    const iterator = new StreamData(STREAM, apiFor(cloud)).iterate();
    // Only 4 chunks (about 1,200 bytes) can arrive until the gate opens. Once the body is read up to
    // the gate and the client has settled, the first point has been yielded or never will be.
    let first: IteratorResult<{ value: number | null }> | undefined;
    const next = iterator.next().then((result) => {
      first = result;
    });
    await gateReached.promise;
    await settled();
    expect(first?.value?.value).toBe(0);
    await next;
    seen.push(first?.value?.value as number);
    gate.resolve();
    for await (const point of iterator) {
      seen.push(point.value as number);
    }
    expect(seen).toEqual(range(100));
  });

  it('reads the page being consumed at network speed, whatever the pace of the consumer', async () => {
    let fullyRead = false;
    const cloud = new FakeCloud({
      points: makePoints(100),
      transform: (response) =>
        chunkedBody(response, {
          chunkSize: 200,
          onPull: (index, count) => {
            fullyRead ||= index === count;
          },
        }),
    });
    const iterator = new StreamData(STREAM, apiFor(cloud)).iterate();
    expect((await iterator.next()).value?.value).toBe(0);
    // The consumer holds the first point; the body is read to its end all the same (a body read
    // at the consumer's pace would outlive the Api's per-request deadline): by the time the client
    // has settled, with no point asked for.
    await settled();
    expect(fullyRead).toBe(true);
    expect(values(await collect(iterator))).toEqual(range(99, 1));
  });

  it('leaves the responses fetched ahead unread until their turn', async () => {
    const pulls = new Map<number, number>();
    const cloud = new FakeCloud({
      points: makePoints(500),
      transform: (response, _n, page) =>
        chunkedBody(response, {
          chunkSize: 500,
          onPull: () => {
            pulls.set(page, (pulls.get(page) ?? 0) + 1);
          },
        }),
    });
    // A fixed budget of 4 for the server: the 4 requests are all sent.
    const iterator = new StreamData(STREAM, apiFor(cloud, { concurrency: 4 })).iterate(
      { page_size: 100 },
      { concurrency: 4 },
    );
    for (let i = 0; i < 100; i++) {
      expect((await iterator.next()).value?.value).toBe(i);
    }
    // Whatever the client would read without being asked, it has read once it has settled.
    await settled();
    // Page 1 read; pages 2..4 requested (4 requests open at once) but not one byte of them read.
    expect(cloud.pagesRequested()).toEqual([1, 2, 3, 4]);
    expect([...pulls.keys()]).toEqual([1]);
    expect(values(await collect(iterator))).toEqual(range(400, 100));
    expect([...pulls.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('requests a page whose body was cut again and skips the points already yielded from it', async () => {
    const seen: number[] = [];
    let seenAtRetry = -1;
    const cloud = new FakeCloud({
      points: makePoints(300),
      transform: (response, _n, page) => {
        if (page !== 2) {
          return response;
        }
        const attempt = cloud.pagesRequested().filter((p) => p === 2).length;
        if (attempt === 1) {
          // About 40 points, then the connection is cut.
          return chunkedBody(response, { chunkSize: 500, failAt: { index: 12, error: cutError() } });
        }
        seenAtRetry = seen.length;
        return response;
      },
    });
    for await (const point of new StreamData(STREAM, apiFor(cloud)).iterate(
      { page_size: 100 },
      { concurrency: 1 },
    )) {
      seen.push(point.value as number);
    }
    expect(seen).toEqual(range(300));
    expect(cloud.pagesRequested()).toEqual([1, 2, 2, 3]);
    // Points of page 2 had been yielded before it was requested again, and none came twice.
    expect(seenAtRetry).toBeGreaterThan(120);
  });

  it('requests a body that ended inside the results again', async () => {
    const cloud = new FakeCloud({
      points: makePoints(300),
      transform: async (response, n) => {
        if (n !== 2) {
          return response;
        }
        const text = await response.text();
        return new Response(text.slice(0, Math.floor(text.length * 0.7)), { headers: response.headers });
      },
    });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { concurrency: 1 }),
    );
    expect(values(points)).toEqual(range(300));
    expect(cloud.pagesRequested()).toEqual([1, 2, 2, 3]);
  });

  it('requests a response that timed out while it waited unread again, without spending pageRetries', async () => {
    const cloud = new FakeCloud({
      points: makePoints(400),
      transform: (response, n) =>
        // The first requests of pages 2..4 (fetched ahead) expired before their turn.
        n >= 2 && n <= 4
          ? chunkedBody(response, { chunkSize: 500, failAt: { index: 0, error: timeoutError() } })
          : response,
    });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud, { concurrency: 4 })).iterate(
        { page_size: 100 },
        { pageRetries: 0 },
      ),
    );
    expect(values(points)).toEqual(range(400));
    expect(cloud.pagesRequested().sort()).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('a timeout of the page being read counts against pageRetries and is a RequestTimeoutError', async () => {
    const cloud = new FakeCloud({
      points: makePoints(300),
      transform: (response, _n, page) =>
        page === 1
          ? chunkedBody(response, { chunkSize: 500, failAt: { index: 3, error: timeoutError() } })
          : response,
    });
    const { values: seen, error } = await valuesUntilError(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { pageRetries: 1 }),
    );
    expect(error).toBeInstanceOf(RequestTimeoutError);
    // The client's error, with the Api's deadline (default 30 s) and how far the body got (3 chunks).
    expect(error).toMatchObject({ timeoutMs: DEFAULT_TIMEOUT_MS });
    expect((error as Error).message).toMatch(
      /timed out after 30000 ms while its body was read \(after 1500 bytes\)$/,
    );
    expect(seen).toEqual(range(seen.length));
    expect(cloud.pagesRequested().filter((p) => p === 1)).toHaveLength(2);
  });

  it('follows a server that serves smaller pages than asked for', async () => {
    const cloud = new FakeCloud({ points: makePoints(1000), maxPageSize: 100 });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 250 }, { concurrency: 3 }),
    );
    expect(values(points)).toEqual(range(1000));
    expect(cloud.pagesRequested().sort((a, b) => a - b)).toEqual(range(10, 1));
  });

  it('follows a server that serves larger pages than asked for, and cancels requests past the end', async () => {
    const cloud = new FakeCloud({
      points: makePoints(1000),
      servedPageSize: 300,
      // Pages past the end are never answered: in flight until cancelled.
      hold: (page) => (page > 4 ? never() : undefined),
    });
    const seen: number[] = [];
    let inFlightOnPage2 = -1;
    for await (const point of new StreamData(STREAM, apiFor(cloud, { concurrency: 8 })).iterate(
      { page_size: 100 },
      { concurrency: 8 },
    )) {
      seen.push(point.value as number);
      if (seen.length === 350) {
        inFlightOnPage2 = cloud.inFlight;
      }
    }
    expect(seen).toEqual(range(1000));
    // Pages 2..8 were requested ahead from page 1's count; once page 1 showed the real page size,
    // 5..8 (past the end, still unanswered) were cancelled.
    expect(cloud.pagesRequested()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(inFlightOnPage2).toBe(0);
    expect(cloud.aborted).toBe(4);
  });

  it('fails with InvalidResponseError when a page holds fewer points than count implies', async () => {
    const cloud = new FakeCloud({
      points: makePoints(300),
      transform: async (response, _n, page) => {
        if (page !== 2) {
          return response;
        }
        const body = (await response.json()) as { results: unknown[] };
        return json(200, { ...body, results: body.results.slice(0, 99) });
      },
    });
    const error = await collect(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { concurrency: 1 }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain(
      'page 2 has 99 points, where count 300 and page size 100 imply 100',
    );
  });

  it.each([
    ['HTML', () => new Response('<html>proxy error</html>', { headers: { 'content-type': 'text/html' } })],
    [
      'malformed JSON',
      () =>
        new Response('{"count":3,"next":null,"previous":null,"results":[{"a":}]}', {
          headers: { 'content-type': 'application/json' },
        }),
    ],
    ['not a page', () => json(200, { detail: 'ok' })],
  ])('a 200 with %s is an InvalidResponseError, not requested again', async (_name, answer) => {
    const cloud = new FakeCloud({ points: makePoints(10), intercept: () => answer() });
    const error = await collect(new StreamData(STREAM, apiFor(cloud)).iterate()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(cloud.requests).toHaveLength(1);
  });

  it('passes the client error of a page on (404 past the end)', async () => {
    const cloud = new FakeCloud({
      points: makePoints(300),
      intercept: (_n, page) => (page === 3 ? json(404, { detail: 'Invalid page.' }) : undefined),
    });
    const error = await collect(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpNotFoundError);
    expect(error).toMatchObject({ status: 404, detail: 'Invalid page.' });
  });

  it('yields points whose strings hold "},{" and multi-byte characters intact', async () => {
    const points = makePoints(250).map((point, i) => ({
      ...point,
      display_value: i % 3 === 0 ? `a"},{"b":${i}},{` : `é😀中 ${i}`,
    }));
    const cloud = new FakeCloud({
      points,
      transform: (response) => chunkedBody(response, { chunkSize: 7 }),
    });
    expect(await collect(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }))).toEqual(points);
  });
});

/**
 * Against `@iotile/mock-cloud` on 127.0.0.1: real HTTP, real DRF-style pagination, and the mock's
 * fault injection (503s with Retry-After, connection resets).
 */

import { Api } from '@iotile/client';
import { RequestTimeoutError } from '@iotile/client/errors';
import { IOTileStreamSlug } from '@iotile/gid';
import { MockIOTileCloud, type RunningServer } from '@iotile/mock-cloud';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RawData, StreamData } from '../src/index.js';
import { startCuttingProxy } from './cutting-proxy.js';
import { collect, type ManualDeadline, manualDeadlines } from './helpers.js';

const EMAIL = 'user@example.com';
const PASSWORD = 'secret';
const COUNT = 23_456;

let cloud: MockIOTileCloud;
let server: RunningServer;
let stream: string;
let api: Api;

beforeAll(async () => {
  cloud = new MockIOTileCloud();
  cloud.quickAddUser(EMAIL, PASSWORD);
  const project = cloud.quickAddProject('Meters');
  const device = cloud.quickAddDevice(project.id, 0xd2);
  stream = IOTileStreamSlug.fromParts(project.slug, device, 0x5001).toString();
  cloud.addData({
    streams: [
      {
        slug: stream,
        output_unit: {
          slug: 'out--volume--liters',
          unit_full: 'Liters',
          unit_short: 'L',
          m: 3,
          d: 2,
          o: 0.5,
        },
      },
    ],
  });
  cloud.addSyntheticStream(stream, { count: COUNT, start: '2021-01-01T00:00:00Z', intervalSeconds: 60 });
  server = await cloud.start({ port: 0 });
  api = new Api({ domain: server.url, retries: 10, backoff: { baseDelayMs: 1, maxDelayMs: 10 } });
  expect(await api.login({ email: EMAIL, password: PASSWORD })).toBe(true);
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  cloud.setFaults(null);
});

/**
 * An Api on the mock whose requests are counted where the client sends them (an injected fetch), not
 * where the server gets them: a request still in flight when a test ends would reach the server during
 * the next one, whatever a test waited.
 */
function countingApi() {
  const sent: Promise<unknown>[] = [];
  const counting = new Api({
    domain: server.url,
    token: api.token as string,
    retries: 0,
    fetch: (input, init) => {
      const response = fetch(input, init);
      sent.push(response.catch(() => undefined));
      return response;
    },
  });
  return { api: counting, sent };
}

interface Attempt {
  url: URL;
  page: number;
  /** The attempt's deadline (manual: it passes when the test says so). */
  deadline: ManualDeadline;
  /** Resolves once the response's headers are in (undefined if the request failed). */
  response: Promise<Response | undefined>;
}

/**
 * An Api on `domain` whose deadlines are manual and whose attempts are recorded as the client sends
 * them, each with its deadline (the client creates an attempt's deadline just before calling fetch).
 */
function apiWithManualDeadlines(domain: string, options: { timeoutMs: number; concurrency?: number }) {
  const clock = manualDeadlines();
  const attempts: Attempt[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const manual = new Api({
    domain,
    token: api.token as string,
    retries: 0,
    ...options,
    fetch: (input, init) => {
      const request = new Request(input, init);
      // One new deadline per attempt, made just before this call.
      expect(clock.created).toHaveLength(attempts.length + 1);
      const response = fetch(request);
      attempts.push({
        url: new URL(request.url),
        page: Number(new URL(request.url).searchParams.get('page') ?? '1'),
        deadline: clock.created.at(-1) as ManualDeadline,
        response: response.catch(() => undefined),
      });
      for (const waiter of waiting.filter((w) => w.count <= attempts.length)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      return response;
    },
  });
  /** The `index`-th attempt (0 = the first), once it was sent. */
  const attempt = async (index: number): Promise<Attempt> => {
    if (attempts.length <= index) {
      await new Promise<void>((resolve) => waiting.push({ count: index + 1, resolve }));
    }
    return attempts[index] as Attempt;
  };
  return { api: manual, attempts, attempt };
}

const expected = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('StreamData against the mock cloud', () => {
  it('initializeFromServer downloads every point, in order', async () => {
    const data = await new StreamData(stream, api).initializeFromServer({ page_size: 1000 });
    expect(data.data).toHaveLength(COUNT);
    expect(data.data.map((p) => p.value)).toEqual(expected(0, COUNT));
    expect(data.data[0]).toEqual({
      type: 'Num',
      timestamp: '2021-01-01T00:00:00Z',
      int_value: 0,
      value: 0,
      display_value: '0.5',
      output_value: 0.5,
      streamer_local_id: 1,
    });
  });

  it('start and end select [start, end)', async () => {
    const points = await collect(
      new StreamData(stream, api).iterate({
        start: '2021-01-01T01:00:00Z',
        end: new Date('2021-01-01T02:00:30Z'),
      }),
    );
    expect(points.map((p) => p.value)).toEqual(expected(60, 121));
  });

  it('lastn gives the last points in ascending order', async () => {
    const points = await collect(new StreamData(stream, api).iterate({ lastn: 2500, page_size: 1000 }));
    expect(points.map((p) => p.value)).toEqual(expected(COUNT - 2500, COUNT));
  });

  it('yields every point exactly once under injected 503s and connection resets', async () => {
    cloud.setFaults({
      failRate: 0.2,
      failStatuses: [503],
      retryAfterSeconds: 0,
      resetRate: 0.1,
      seed: 7,
      match: (_method, path) => path.includes('/data/'),
    });
    const before = cloud.faultCount;
    const points = await collect(new StreamData(stream, api).iterate({ page_size: 250 }, { concurrency: 6 }));
    expect(cloud.faultCount - before).toBeGreaterThan(10);
    expect(points.map((p) => p.value)).toEqual(expected(0, COUNT));
    expect(new Set(points.map((p) => p.timestamp)).size).toBe(COUNT);
  });

  it('yields every point exactly once when connections are reset in the middle of bodies', async () => {
    // Every other connection of the first 16 is reset 20-60 kB into the answers it carries (pages of
    // 1,000 points are about 150 kB), so bodies are cut after some of their points were yielded.
    const proxy = await startCuttingProxy(server.url, (n) =>
      n <= 16 && n % 2 === 1 ? 20_000 + ((n * 7919) % 40_000) : undefined,
    );
    try {
      // A fixed budget: 4 requests open from page 2 on, so at least 4 connections whatever the machine's
      // load (an adaptive limit that stays at 2 on a loaded machine opened too few to cut 4 of them).
      const viaProxy = new Api({
        domain: proxy.url,
        token: api.token as string,
        retries: 10,
        backoff: { baseDelayMs: 1, maxDelayMs: 10 },
        concurrency: 4,
      });
      const before = cloud.requestCount;
      const points = await collect(
        new StreamData(stream, viaProxy).iterate({ page_size: 1000 }, { concurrency: 4, pageRetries: 3 }),
      );
      expect(proxy.cuts).toBeGreaterThanOrEqual(4);
      expect(points.map((p) => p.value)).toEqual(expected(0, COUNT));
      expect(new Set(points.map((p) => p.timestamp)).size).toBe(COUNT);
      // 24 pages, and the pages whose bodies were cut requested again.
      expect(cloud.requestCount - before).toBeGreaterThan(24);
    } finally {
      await proxy.close();
    }
  });

  it("fails with the client's RequestTimeoutError, naming the Api's deadline, when a body stalls midway", async () => {
    // Every connection hangs 20 kB into the answers it carries (pages of 1,000 points are ~150 kB).
    const proxy = await startCuttingProxy(server.url, () => 20_000, { stall: true });
    try {
      const viaProxy = apiWithManualDeadlines(proxy.url, { timeoutMs: 1000 });
      // The deadline of each attempt passes once its answer is in and stalled: the first one when
      // points of it were yielded, the second (page 1 again, pageRetries 1) once its connection stalled.
      void (async () => {
        const second = await viaProxy.attempt(1);
        await second.response;
        await proxy.cutsReached(2);
        second.deadline.pass();
      })();
      const seen: number[] = [];
      let error: unknown;
      try {
        for await (const point of new StreamData(stream, viaProxy.api).iterate(
          { page_size: 1000 },
          { pageRetries: 1, concurrency: 1 },
        )) {
          seen.push(point.value as number);
          if (seen.length === 1) {
            (await viaProxy.attempt(0)).deadline.pass();
          }
        }
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 1000, method: 'GET' });
      expect((error as Error).message).toMatch(
        /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/stream\/s--[\w-]+\/data\/\?\S+ timed out after 1000 ms while its body was read \(after \d+ bytes\)$/,
      );
      // The points before the stall were yielded, in order and once (the retry skipped them); page 1
      // was requested twice (pageRetries 1), both times stalled.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual(expected(0, seen.length));
      expect(viaProxy.attempts.map((a) => a.page)).toEqual([1, 1]);
      expect(proxy.cuts).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("requests again a page whose response timed out unread behind a slow consumer (the Api's deadline)", async () => {
    // The consumer is slow: at the start of each page it waits until the responses fetched ahead are
    // in, and outlive their deadline while they wait unread; the page being read is read at network
    // speed and its deadline never passes. A fixed budget of 3, so that 2 pages are fetched ahead.
    const slow = apiWithManualDeadlines(server.url, { timeoutMs: 200, concurrency: 3 });
    const before = cloud.requestCount;
    const seen: number[] = [];
    for await (const point of new StreamData(stream, slow.api).iterate(
      { lastn: 4000, page_size: 1000 },
      { concurrency: 3, pageRetries: 0 },
    )) {
      if (seen.length % 1000 === 0) {
        const current = seen.length / 1000 + 1;
        for (const ahead of slow.attempts.filter((a) => a.page > current)) {
          if ((await ahead.response) !== undefined) {
            ahead.deadline.pass();
          }
        }
      }
      seen.push(point.value as number);
    }
    expect(seen).toEqual(expected(COUNT - 4000, COUNT));
    // 4 pages; pages 2, 3 and 4 expired while they waited unread and were requested again; then
    // the check of the lastn window (one point).
    const pages = slow.attempts
      .filter((a) => a.url.searchParams.get('page_size') === '1000')
      .map((a) => a.page);
    expect(pages.slice(0, 3)).toEqual([1, 2, 3]);
    expect([...pages].sort()).toEqual([1, 2, 2, 3, 3, 4, 4]);
    expect(slow.attempts).toHaveLength(pages.length + 1);
    expect(cloud.requestCount - before).toBe(slow.attempts.length);
  });

  it('stops requesting on break', async () => {
    const { api: counting, sent } = countingApi();
    let seen = 0;
    for await (const _ of new StreamData(stream, counting).iterate({ page_size: 100 }, { concurrency: 3 })) {
      if (++seen === 10) {
        break;
      }
    }
    // Page 1, plus the 3 pages requested ahead when it arrived; nothing after the break.
    const atBreak = sent.length;
    expect(atBreak).toBeLessThanOrEqual(4);
    // Let every request in flight settle, and whatever reacts to that run: none may send another.
    for (let settled = -1; settled !== sent.length; ) {
      settled = sent.length;
      await Promise.allSettled(sent);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sent.length).toBe(atBreak);
  });

  it('convert adds converted_value from the output unit (one /stream/{slug}/ request)', async () => {
    const { api: counting, sent } = countingApi();
    const points = await collect(new StreamData(stream, counting).iterate({ lastn: 3 }, { convert: true }));
    expect(points.map((p) => [p.value, p.converted_value, p.output_value])).toEqual([
      [COUNT - 3, 0.5 + ((COUNT - 3) * 3) / 2, 0.5 + ((COUNT - 3) * 3) / 2],
      [COUNT - 2, 0.5 + ((COUNT - 2) * 3) / 2, 0.5 + ((COUNT - 2) * 3) / 2],
      [COUNT - 1, 0.5 + ((COUNT - 1) * 3) / 2, 0.5 + ((COUNT - 1) * 3) / 2],
    ]);
    expect(sent).toHaveLength(2);
  });
});

describe('RawData against the mock cloud', () => {
  it('reads /data/?filter= with every point once', async () => {
    const raw = new RawData(api);
    await raw.initializeFromServer({ filter: stream, page_size: 5000 });
    expect(raw.data).toHaveLength(COUNT);
    expect(raw.data.map((p) => p.value)).toEqual(expected(0, COUNT));
    expect(new Set(raw.data.map((p) => p.id)).size).toBe(COUNT);
  });

  it('convert turns storage values into output units', async () => {
    const points = await collect(new RawData(api).iterate({ filter: stream, lastn: 2 }, { convert: true }));
    expect(points.map((p) => p.converted_value)).toEqual([
      0.5 + ((COUNT - 2) * 3) / 2,
      0.5 + ((COUNT - 1) * 3) / 2,
    ]);
  });
});

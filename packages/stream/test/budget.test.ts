/**
 * The `Api`'s request budget seen from the downloads: every request open at once, across concurrent
 * `StreamData` downloads and a `paginate` on one `Api`, stays within it; points are delivered exactly
 * once and in order while the limit changes; `initializeFromServer` and `iterate()` send the same
 * requests. Deterministic: responses are held by a barrier and released by the test in a fixed order,
 * the budget's clock is injected, nothing sleeps.
 */

import { Api, type FetchLike } from '@iotile/client';
import { type RequestBudget, requestBudgetOf, requestBudgetsOf } from '@iotile/client/internal';
import { describe, expect, it } from 'vitest';
import { StreamData } from '../src/index.js';

const DOMAIN = 'https://iotile.test';
const BASE = `${DOMAIN}/api/v1`;
const slug = (n: number) => `s--0000-0001--0000-0000-0000-00d2--${(0x5000 + n).toString(16)}`;

interface Options {
  /** Points of each stream, by stream number. */
  streams: number[];
  /** Devices of the `/device/` list. */
  devices?: number;
  /** Answers 503 (with `Retry-After: 0`) to these request numbers (1-based, over all requests). */
  busy?: Set<number>;
}

/**
 * A server whose answers wait until the test releases them, counting the requests open: from the
 * fetch call until the response body was read to its end, cancelled, or the request aborted.
 */
function heldServer(options: Options) {
  let open = 0;
  let peak = 0;
  let calls = 0;
  const held: (() => void)[] = [];
  const sent: string[] = [];
  const openAtSend: number[] = [];
  const fetch: FetchLike = async (request) => {
    const number = ++calls;
    const url = new URL(request.url);
    sent.push(`${url.pathname}?${url.searchParams.toString()}`);
    open++;
    peak = Math.max(peak, open);
    openAtSend.push(open);
    let closed = false;
    const close = () => {
      if (!closed) {
        closed = true;
        open--;
      }
    };
    try {
      await new Promise<void>((resolve, reject) => {
        held.push(resolve);
        request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      });
    } catch (error) {
      close();
      throw error;
    }
    if (options.busy?.has(number)) {
      close();
      return new Response('{"detail":"busy"}', {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '0' },
      });
    }
    const text = JSON.stringify(answer(url, options));
    const bytes = new TextEncoder().encode(text);
    let offset = 0;
    // The body in 3 chunks, so that it is read over several turns; the request is open until its end.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          close();
          return;
        }
        const size = Math.ceil(bytes.length / 3);
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
      },
      cancel() {
        close();
      },
    });
    const response = new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    Object.defineProperty(response, 'url', { value: request.url });
    return response;
  };
  /** Releases the held answers, a few at a time in a scrambled order, until nothing is held. */
  const drive = async (done: Promise<unknown>) => {
    let finished = false;
    done.then(
      () => {
        finished = true;
      },
      () => {
        finished = true;
      },
    );
    let turn = 0;
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      if (held.length > 0) {
        // Newest first every third turn: later requests may be answered first.
        const index = turn++ % 3 === 2 ? held.length - 1 : 0;
        const [release] = held.splice(index, 1);
        release?.();
      }
    }
    return done;
  };
  return {
    fetch,
    drive,
    sent,
    openAtSend,
    peak: () => peak,
    open: () => open,
  };
}

function answer(url: URL, options: Options): unknown {
  const page = Number(url.searchParams.get('page') ?? '1');
  const size = Number(url.searchParams.get('page_size') ?? '2');
  const match = /\/stream\/s--0000-0001--0000-0000-0000-00d2--([0-9a-f]{4})\/data\/$/.exec(url.pathname);
  const count = match
    ? (options.streams[Number.parseInt(match[1] as string, 16) - 0x5000] ?? 0)
    : (options.devices ?? 0);
  const from = (page - 1) * size;
  const results = Array.from({ length: Math.max(0, Math.min(size, count - from)) }, (_, i) =>
    match
      ? { timestamp: new Date(Date.UTC(2020, 0, 1) + (from + i) * 1000).toISOString(), value: from + i }
      : { id: from + i },
  );
  const next = from + size < count ? `${BASE}${url.pathname.replace('/api/v1', '')}?page=${page + 1}` : null;
  return { count, next, previous: null, results };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function values(data: AsyncIterable<{ value: number | null }>): Promise<number[]> {
  const seen: number[] = [];
  for await (const point of data) {
    seen.push(point.value as number);
  }
  return seen;
}

async function pagesOf(pages: AsyncIterable<{ value: number | null }[]>): Promise<number[]> {
  const seen: number[] = [];
  for await (const page of pages) {
    seen.push(...page.map((point) => point.value as number));
  }
  return seen;
}

async function ids(list: AsyncIterable<unknown>): Promise<number[]> {
  const seen: number[] = [];
  for await (const item of list) {
    seen.push((item as { id: number }).id);
  }
  return seen;
}

describe('one request budget per server, shared by every download of an Api', () => {
  it('a fixed budget: two StreamData downloads and a paginate at once never have more requests open', async () => {
    const server = heldServer({ streams: [300, 250], devices: 40 });
    const api = new Api({ domain: DOMAIN, token: 't', fetch: server.fetch, concurrency: 3 });
    const all = Promise.all([
      values(new StreamData(slug(0), api).iterate({ page_size: 20 })),
      values(new StreamData(slug(1), api).iterate({ page_size: 20 }, { concurrency: 8 })),
      ids(api.paginate('/device/', { params: { query: { page_size: 2 } } }, { concurrency: 'auto' })),
    ]);
    const [a, b, devices] = (await server.drive(all)) as [number[], number[], number[]];
    expect(a).toEqual(range(300));
    expect(b).toEqual(range(250));
    expect(devices).toEqual(range(40));
    // Every download asked for more (8 ahead each): the budget held them to 3 in all, and used them.
    expect(server.peak()).toBe(3);
    expect(server.sent).toHaveLength(15 + 13 + 20);
    expect(server.open()).toBe(0);
    expect((requestBudgetOf(api, BASE) as RequestBudget).inFlight).toBe(0);
  });

  it("'auto': never more requests open than the adaptive limit allowed, exactly-once delivery while it changes", async () => {
    // Two requests answered 503 (retried by the Api): each halves the limit; windows move it too.
    const server = heldServer({ streams: [400, 400, 300], devices: 60, busy: new Set([9, 30]) });
    const lines: string[] = [];
    // An injected clock: each request sent takes 1 ms, whatever the machine's speed.
    let now = 0;
    const limits: number[] = [];
    const watchedFetch: FetchLike = (request, init) => {
      now += 1;
      limits.push(shared.limit);
      return server.fetch(request, init);
    };
    const watched = new Api({
      domain: DOMAIN,
      token: 'secret-token-xyz',
      fetch: watchedFetch,
      maxConcurrency: 6,
      backoff: { baseDelayMs: 0, maxDelayMs: 0 },
      logger: { info: (line: string) => lines.push(line) },
      logLevel: 'info',
    });
    requestBudgetsOf(watched)?.useClock(() => now);
    const shared = requestBudgetOf(watched, BASE) as RequestBudget;
    const all = Promise.all([
      values(new StreamData(slug(0), watched).iterate({ page_size: 20 })),
      pagesOf(new StreamData(slug(1), watched).iteratePages({ page_size: 20 })),
      new StreamData(slug(2), watched).initializeFromServer({ page_size: 20 }),
      ids(watched.paginate('/device/', { params: { query: { page_size: 3 } } }, { concurrency: 'auto' })),
    ]);
    const [a, b, c, devices] = (await server.drive(all)) as [number[], number[], StreamData, number[]];
    expect(a).toEqual(range(400));
    expect(b).toEqual(range(400));
    expect(c.data.map((p) => p.value)).toEqual(range(300));
    expect(devices).toEqual(range(60));
    // At every request sent, the requests open (that one included) were within the highest limit
    // the budget had allowed so far, and the budget never went past its maximum.
    let highest = 2;
    server.openAtSend.forEach((open, i) => {
      highest = Math.max(highest, limits[i] ?? 0);
      expect(open).toBeLessThanOrEqual(highest);
    });
    expect(shared.peak).toBeLessThanOrEqual(6);
    expect(server.peak()).toBeLessThanOrEqual(6);
    const changes = lines.filter((line) => line.includes('request budget for https://iotile.test: limit'));
    expect(changes.filter((line) => line.includes('overload (503)')).length).toBeGreaterThanOrEqual(1);
    expect(changes.length).toBeGreaterThanOrEqual(3);
    expect(lines.join('\n')).not.toContain('secret-token-xyz');
    expect(server.open()).toBe(0);
    expect(shared.inFlight).toBe(0);
  });

  it('exactly once and in order, for each stream, whatever the order the answers come in', async () => {
    const server = heldServer({ streams: [170, 90, 230, 10] });
    const api = new Api({ domain: DOMAIN, token: 't', fetch: server.fetch, maxConcurrency: 4 });
    const all = Promise.all(
      [0, 1, 2, 3].map((n) => values(new StreamData(slug(n), api).iterate({ page_size: 7 }))),
    );
    const results = (await server.drive(all)) as number[][];
    expect(results).toEqual([range(170), range(90), range(230), range(10)]);
    expect(server.peak()).toBeLessThanOrEqual(4);
  });
});

describe('initializeFromServer and iterate()', () => {
  it('send the same requests (Deliver 4)', async () => {
    const run = async (use: (data: StreamData) => Promise<number>) => {
      const server = heldServer({ streams: [95] });
      const api = new Api({ domain: DOMAIN, token: 't', fetch: server.fetch, concurrency: 3 });
      const count = await server.drive(use(new StreamData(slug(0), api)));
      return { count, sent: server.sent.map((url) => url.replace(/end=[^&]+/, 'end=E')) };
    };
    const initialized = await run(
      async (data) => (await data.initializeFromServer({ page_size: 10 })).data.length,
    );
    const iterated = await run(async (data) => (await values(data.iterate({ page_size: 10 }))).length);
    expect(initialized.count).toBe(95);
    expect(iterated.count).toBe(95);
    expect(initialized.sent).toEqual(iterated.sent);
    expect(initialized.sent).toHaveLength(10);
  });
});

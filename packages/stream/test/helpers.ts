/**
 * A paged IOTile Cloud in a function: a `fetch` that answers `/stream/{slug}/data/`, `/data/` and
 * `/stream/{slug}/` from arrays, paginating exactly as DRF does (`count`, absolute `next`, 404 past
 * the end). Hooks let a test hold, fail or cut a given request, and it counts what was asked.
 *
 * No clock decides anything in these tests: a request is held until a promise the test controls
 * resolves (`hold`), and "nothing more happened" is checked once the client has settled (`settled`).
 */

import { Api, type FetchLike } from '@iotile/client';
import { vi } from 'vitest';
import type { StreamDataPoint } from '../src/index.js';

export const DOMAIN = 'https://iotile.test';
export const STREAM = 's--0000-0001--0000-0000-0000-00d2--5001';

/** `n` stream data points, one a minute from 2020-01-01T00:00:00Z, `value` = index. */
export function makePoints(n: number, first = 0): StreamDataPoint[] {
  const points: StreamDataPoint[] = [];
  for (let i = first; i < first + n; i++) {
    points.push({
      type: 'Num',
      timestamp: `${new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, 19)}Z`,
      int_value: i,
      value: i,
      display_value: String(i * 2),
      output_value: i * 2,
      streamer_local_id: i + 1,
    });
  }
  return points;
}

export interface SeenRequest {
  url: URL;
  page: number;
  authorization: string | null;
}

export interface FakeCloudOptions {
  /** Points of `/stream/{STREAM}/data/` (and of `/data/?filter=`); a function is read per request. */
  points: unknown[] | (() => unknown[]);
  /** The server's default and max page size. */
  defaultPageSize?: number;
  maxPageSize?: number;
  /** A page size the server uses whatever was asked for (a server that ignores `page_size`). */
  servedPageSize?: number;
  /** Stream objects for `/stream/{slug}/` by slug. */
  streams?: Record<string, unknown>;
  /**
   * Called before answering request number `n` (1-based, data pages only): return a Response to send
   * it instead, `'cut'` to send a body that breaks midway, or undefined to answer normally.
   */
  intercept?: (
    n: number,
    page: number,
  ) => Promise<Response | 'cut' | undefined> | Response | 'cut' | undefined;
  /**
   * Called when request number `n` (1-based, data pages only) for page `page` arrives: the answer
   * waits for the promise it returns (a request aborted meanwhile fails with the signal's reason).
   */
  hold?: (page: number, n: number) => Promise<void> | undefined;
  /** Replaces the normal answer to request number `n` (e.g. to send its body in chunks). */
  transform?: (response: Response, n: number, page: number) => Response | Promise<Response>;
}

export class FakeCloud {
  readonly requests: SeenRequest[] = [];
  readonly unitRequests: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  aborted = 0;
  #dataRequests = 0;

  constructor(readonly options: FakeCloudOptions) {}

  readonly fetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const streamMatch = /^\/stream\/([^/]+)\/$/.exec(path);
    if (streamMatch?.[1]) {
      this.unitRequests.push(streamMatch[1]);
      const stream = this.options.streams?.[streamMatch[1]];
      return stream === undefined ? json(404, { detail: 'Not found.' }) : json(200, stream);
    }
    if (!/^\/stream\/[^/]+\/data\/$/.test(path) && path !== '/data/') {
      return json(404, { detail: 'Not found.' });
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    this.requests.push({ url, page, authorization: request.headers.get('authorization') });
    const n = ++this.#dataRequests;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await abortable(this.options.hold?.(page, n), request.signal);
      const override = await this.options.intercept?.(n, page);
      if (override instanceof Response) {
        return override;
      }
      const response = this.#page(url, page);
      if (override === 'cut') {
        return cutBody(response);
      }
      return this.options.transform ? await this.options.transform(response, n, page) : response;
    } catch (error) {
      this.aborted++;
      throw error;
    } finally {
      this.inFlight--;
    }
  };

  #page(url: URL, page: number): Response {
    const all = typeof this.options.points === 'function' ? this.options.points() : this.options.points;
    const max = this.options.maxPageSize ?? 20_000;
    const asked = Number(url.searchParams.get('page_size'));
    const size =
      this.options.servedPageSize ??
      (asked > 0 ? Math.min(asked, max) : (this.options.defaultPageSize ?? 5000));
    const pages = Math.max(1, Math.ceil(all.length / size));
    if (!Number.isInteger(page) || page < 1 || page > pages) {
      return json(404, { detail: 'Invalid page.' });
    }
    const link = (p: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(p));
      return next.toString();
    };
    return json(200, {
      count: all.length,
      next: page < pages ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: all.slice((page - 1) * size, page * size),
    });
  }

  /** The page numbers requested, in request order. */
  pagesRequested(): number[] {
    return this.requests.map((r) => r.page);
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A response whose body sends half of its bytes and then fails, as a connection cut midway. */
function cutBody(response: Response): Response {
  const body = response.body;
  if (body === null) {
    return response;
  }
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const reader = body.getReader();
      const first = await reader.read();
      if (first.value) {
        controller.enqueue(first.value.slice(0, Math.floor(first.value.length / 2)));
      }
      controller.error(new TypeError('terminated', { cause: new Error('other side closed') }));
    },
  });
  return new Response(stream, { status: response.status, headers: response.headers });
}

function abortable(hold: Promise<void> | undefined, signal: AbortSignal): Promise<void> {
  if (signal.aborted) {
    return Promise.reject(signal.reason);
  }
  if (hold === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    hold.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}

/**
 * One macrotask. With `FakeCloud`'s fetch the client does no I/O and reads no clock: everything it
 * does runs on promises, and all of it has run once a macrotask comes (the microtask queue is
 * drained first). So this is the point where "nothing more happened" can be checked.
 */
export const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A hold that never ends: the request waits until it is aborted. */
export const never = (): Promise<void> => new Promise<void>(() => undefined);

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * A `hold` that answers the requests held once the client has settled, the last one sent first:
 * every request the client would send before an answer is in flight together (so `maxInFlight` is
 * the most it keeps open), and later pages answer before earlier ones. Pages in `firstAtOnce`
 * (default page 1) are answered at once.
 */
export function answerWhenSettled(firstAtOnce: (page: number) => boolean = (page) => page === 1) {
  const held: (() => void)[] = [];
  let scheduled = false;
  const answer = () => {
    scheduled = false;
    for (const release of held.splice(0).reverse()) {
      release();
    }
  };
  return (page: number): Promise<void> | undefined => {
    if (firstAtOnce(page)) {
      return undefined;
    }
    if (!scheduled) {
      scheduled = true;
      void settled().then(answer);
    }
    return new Promise<void>((resolve) => held.push(resolve));
  };
}

/** One deadline the client asked for (`AbortSignal.timeout(ms)`), passed by `pass()`. */
export interface ManualDeadline {
  readonly ms: number;
  readonly signal: AbortSignal;
  pass(): void;
}

/**
 * Replaces `AbortSignal.timeout` (the clock behind the client's per-attempt deadlines) until the test
 * ends (`restoreMocks`): a deadline passes only when the test calls `pass()`, with the reason a real
 * one has. The client creates an attempt's deadline just before it calls fetch for that attempt.
 */
export function manualDeadlines() {
  const created: ManualDeadline[] = [];
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
    const controller = new AbortController();
    created.push({
      ms,
      signal: controller.signal,
      pass: () =>
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    });
    return controller.signal;
  });
  return { created };
}

/** An `Api` on the fake cloud: fast retries so failure tests do not wait. */
export function apiFor(
  cloud: FakeCloud,
  options: { retries?: number; concurrency?: 'auto' | number } = {},
): Api {
  return new Api({
    domain: DOMAIN,
    token: 'secret-token',
    fetch: cloud.fetch,
    retries: options.retries ?? 2,
    backoff: { baseDelayMs: 1, maxDelayMs: 5 },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
}

/** The `value`s of the points yielded before the iteration failed, and its error (undefined if none). */
export async function valuesUntilError(
  points: AsyncIterable<{ value: number | null }>,
): Promise<{ values: (number | null)[]; error: unknown }> {
  const values: (number | null)[] = [];
  try {
    for await (const point of points) {
      values.push(point.value);
    }
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
  }
  return items;
}

export interface ChunkedBodyOptions {
  /** Bytes per chunk. */
  chunkSize: number;
  /** Called when chunk `index` is pulled by the reader (`index === count` at the end). */
  onPull?: (index: number, count: number) => void | Promise<void>;
  /** Fail with `error` instead of sending chunk `index` (the body is cut there). */
  failAt?: { index: number; error: unknown };
}

/**
 * The same response with its body sent `chunkSize` bytes at a time, each chunk only when the reader
 * asks (`highWaterMark` 0), so a test sees how far a body was read.
 */
export async function chunkedBody(response: Response, options: ChunkedBodyOptions): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const count = Math.ceil(bytes.length / options.chunkSize);
  let index = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await options.onPull?.(index, count);
        if (options.failAt !== undefined && index === options.failAt.index) {
          controller.error(options.failAt.error);
          return;
        }
        if (index === count) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(index * options.chunkSize, (index + 1) * options.chunkSize));
        index++;
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(stream, { status: response.status, headers: response.headers });
}

/**
 * Bodies read after the call resolved (`parseAs: 'stream'`, openapi-fetch's own parsing) fail with the
 * same typed errors as the request, against a real node:http server on 127.0.0.1 (no nock here): the
 * deadline, the caller's abort and a reset connection mid-body; and the response handed back keeps
 * what the caller sees (url, status, headers, redirected, type) and its backpressure.
 *
 * No timer races a socket event: deadlines are manual (`manualDeadlines`) and pass once the part of
 * the body the test waits for has arrived; the server resets a connection when the test tells it to.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { eventQueue, manualDeadlines } from './deadlines.js';

/** The first part of every body that then stalls or breaks: 1,000 bytes. */
const PARTIAL = `{"results": [${'1,'.repeat(493)}1`;
const BIG_BODY_BYTES = 64 * 1024 * 1024;
const BIG_CHUNK = Buffer.alloc(64 * 1024, 0x20);

let server: Server;
let domain: string;
/** Bytes of /big/ that Node handed to the kernel (write callbacks), per request. */
let bigFlushed = 0;
/** Writes of /big/ that the connection refused (the server then waits for 'drain'). */
const bigBlocked = eventQueue<number>();
/** Connections closed after serving a request whose path ends in /dropped/. */
const droppedClosed = eventQueue<void>();
/** Sockets of /reset/ requests whose partial body was flushed: the test destroys them when it wants. */
const resets = eventQueue<{ destroy(): void }>();
/** /held/ requests (a partial body, then nothing) whose connection the client closed before the end. */
const heldClosed = eventQueue<string>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.endsWith('/dropped/')) {
      req.socket.once('close', () => droppedClosed.push());
    }
    // A route and anything below it (the typed calls below send /server/ under a route as baseUrl).
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/v1/stalled/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(PARTIAL); // and never ends
    } else if (path.startsWith('/api/v1/held/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(PARTIAL); // and never ends
      res.on('close', () => heldClosed.push(path));
    } else if (path.startsWith('/api/v1/reset/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(PARTIAL, () => resets.push({ destroy: () => req.socket.destroy() }));
    } else if (path.startsWith('/api/v1/big/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-test': 'big' });
      writeBig(res);
    } else if (path.startsWith('/api/v1/moved/')) {
      res.writeHead(302, { location: '/api/v1/fast/' });
      res.end();
    } else if (path.startsWith('/api/v1/fast/')) {
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-test': 'fast' });
      res.end('{"fast": true}');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  bigFlushed = 0;
  bigBlocked.reset();
  resets.reset();
  heldClosed.reset();
});

/** An Api whose fetch reports each response (headers received) to `responses`. */
function apiSeeingResponses(options: ConstructorParameters<typeof Api>[0]) {
  const responses = eventQueue<Response>();
  const api = new Api({
    ...options,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      responses.push(response);
      return response;
    },
  });
  return { api, responses };
}

/** Writes BIG_BODY_BYTES as fast as the connection takes them (waiting for 'drain'). */
function writeBig(res: ServerResponse): void {
  let queued = 0;
  const more = () => {
    while (queued < BIG_BODY_BYTES) {
      queued += BIG_CHUNK.length;
      const ok = res.write(BIG_CHUNK, () => {
        bigFlushed += BIG_CHUNK.length;
      });
      if (!ok) {
        bigBlocked.push(bigFlushed);
        res.once('drain', more);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => res.off('drain', more));
  more();
}

/** Reads until `bytes` bytes arrived. */
async function readAtLeast(reader: ReadableStreamDefaultReader<Uint8Array>, bytes: number): Promise<void> {
  let received = 0;
  while (received < bytes) {
    const { value, done } = await reader.read();
    if (done) {
      throw new Error(`the body ended after ${received} bytes`);
    }
    received += value.byteLength;
  }
}

async function streamOf(api: Api, path: string, init: { signal?: AbortSignal } = {}) {
  const body = await api.rest(path).get({ token: 'secret', page: 2 }, { parseAs: 'stream', ...init });
  expect(body).toBeInstanceOf(ReadableStream);
  return (body as ReadableStream<Uint8Array>).getReader();
}

/** One macrotask: whatever the client does on promises alone (no I/O) has happened by then. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An Api whose fetch counts the reads of each response's original body (the one undici fills from
 * the socket), so that a test can tell whether the client read a body nobody asked for.
 */
function apiCountingBodyReads(options: ConstructorParameters<typeof Api>[0]) {
  let reads = 0;
  const api = new Api({
    ...options,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      const body = response.body;
      if (body !== null) {
        const getReader = body.getReader.bind(body) as () => ReadableStreamDefaultReader<Uint8Array>;
        Object.defineProperty(body, 'getReader', {
          value: () => {
            const reader = getReader();
            const read = reader.read.bind(reader);
            Object.defineProperty(reader, 'read', {
              value: () => {
                reads++;
                return read();
              },
            });
            return reader;
          },
        });
      }
      return response;
    },
  });
  return { api, reads: () => reads };
}

describe('a body read as a stream fails with the typed errors of the request', () => {
  it('deadline mid-body: RequestTimeoutError with the timeoutMs of the call', async () => {
    // The Api's default is 60 s; the per-call deadline is the one that fires and that the error names.
    const clock = manualDeadlines();
    const api = new Api({ domain, timeoutMs: 60_000, retries: 0 });
    const body = await api.rest('stalled').get(undefined, { parseAs: 'stream', timeoutMs: 150 });
    const reader = (body as ReadableStream<Uint8Array>).getReader();
    await readAtLeast(reader, PARTIAL.length);
    expect(clock.created.map((deadline) => deadline.ms)).toEqual([150]);
    clock.passAll();
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150, method: 'GET', url: `${domain}/api/v1/stalled/` });
    expect((error as Error).message).toBe(
      `GET ${domain}/api/v1/stalled/ timed out after 150 ms while its body was read (after 1000 bytes)`,
    );
  });

  it('names the redacted URL of the request', async () => {
    const clock = manualDeadlines();
    const api = new Api({ domain, timeoutMs: 100, retries: 0 });
    const reader = await streamOf(api, 'stalled');
    await readAtLeast(reader, PARTIAL.length);
    clock.passAll();
    const error = (await reader.read().catch((e: unknown) => e)) as RequestTimeoutError;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.timeoutMs).toBe(100);
    expect(error.url).toBe(`${domain}/api/v1/stalled/?token=%5Bredacted%5D&page=2`);
    expect(error.message).not.toContain('secret');
    expect(JSON.stringify(error)).not.toContain('secret');
  });

  it("caller's abort mid-body: RequestAbortedError carrying the reason, not a timeout", async () => {
    const api = new Api({ domain, timeoutMs: 60_000, retries: 2 });
    const controller = new AbortController();
    const reader = await streamOf(api, 'stalled', { signal: controller.signal });
    await readAtLeast(reader, PARTIAL.length);
    const reason = new Error('user stop');
    controller.abort(reason);
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toBe(reason);
    expect((error as Error).message).toBe(
      `GET ${domain}/api/v1/stalled/?token=%5Bredacted%5D&page=2 was aborted by the caller while its body was read (after 1000 bytes)`,
    );
  });

  // undici lets a request's signal follow the caller's through the call's `Request` objects, held
  // weakly: once they are collected, only the client's own watch of the caller's signal stops the body.
  // Without it these reads wait for the 60 s deadline (a timeout, misnamed), and the test times out.
  it("caller's abort after a garbage collection: the body read fails at once and the connection closes", async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const api = new Api({ domain, timeoutMs: 60_000, retries: 0 });
    const controller = new AbortController();
    const body = (await api
      .rest('held')('read')
      .get(undefined, { parseAs: 'stream', signal: controller.signal })) as ReadableStream<Uint8Array>;
    const reader = body.getReader();
    await readAtLeast(reader, PARTIAL.length);
    collectGarbage();
    const reason = new Error('user stop');
    controller.abort(reason);
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toBe(reason);
    expect(await heldClosed.next()).toBe('/api/v1/held/read/');
  });

  it("caller's abort after a garbage collection: a body never read (fetched ahead) closes its connection", async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const api = new Api({ domain, timeoutMs: 60_000, retries: 0 });
    const controller = new AbortController();
    const body = (await api
      .rest('held')('ahead')
      .get(undefined, { parseAs: 'stream', signal: controller.signal })) as ReadableStream<Uint8Array>;
    collectGarbage();
    controller.abort(new Error('user stop'));
    expect(await heldClosed.next()).toBe('/api/v1/held/ahead/');
    await expect(body.getReader().read()).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it('caller abort and deadline both set: the deadline firing is a timeout', async () => {
    const clock = manualDeadlines();
    const api = new Api({ domain, timeoutMs: 100, retries: 0 });
    const controller = new AbortController();
    const reader = await streamOf(api, 'stalled', { signal: controller.signal });
    await readAtLeast(reader, PARTIAL.length);
    clock.passAll();
    await expect(reader.read()).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(controller.signal.aborted).toBe(false);
  });

  it('connection reset mid-body: ConnectionError naming the cause and the bytes received', async () => {
    // No deadline at all: only the reset can end this body.
    const api = new Api({ domain, timeoutMs: 0, retries: 0 });
    const reader = await streamOf(api, 'reset');
    await readAtLeast(reader, PARTIAL.length);
    (await resets.next()).destroy();
    const error = await reader.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^GET ${domain}/api/v1/reset/\\?token=%5Bredacted%5D&page=2 failed while its body was read \\(after 1000 bytes\\): \\S`,
      ),
    );
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('also when openapi-fetch reads the body itself (typed call, raw client)', async () => {
    const clock = manualDeadlines();
    const { api, responses } = apiSeeingResponses({ domain, timeoutMs: 100, retries: 0 });
    const text = api.rest('stalled').get(undefined, { parseAs: 'text' });
    await responses.next(); // headers in: openapi-fetch is reading the body
    clock.passAll();
    await expect(text).rejects.toMatchObject({
      name: 'RequestTimeoutError',
      timeoutMs: 100,
      message: expect.stringContaining('while its body was read'),
    });
    const raw = api.client.GET('/server/', { baseUrl: `${domain}/api/v1/stalled`, parseAs: 'text' } as never);
    await responses.next();
    clock.passAll();
    await expect(raw).rejects.toBeInstanceOf(RequestTimeoutError);

    // A reset while openapi-fetch reads the JSON body, with no deadline that could fire first.
    const untimed = apiSeeingResponses({ domain, timeoutMs: 0, retries: 0 });
    const json = untimed.api.rest('reset').get();
    await untimed.responses.next();
    (await resets.next()).destroy();
    await expect(json).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('the response handed back', () => {
  it('keeps url, status, statusText, headers, redirected and type, also through clone()', async () => {
    const api = new Api({ domain, retries: 0 });
    const { response } = await api.GET('/server/', {
      baseUrl: `${domain}/api/v1/moved`,
      parseAs: 'stream',
    } as never);
    const copy = response.clone();
    for (const seen of [response, copy]) {
      expect(seen).toBeInstanceOf(Response);
      expect(seen.url).toBe(`${domain}/api/v1/fast/`);
      expect(seen.redirected).toBe(true);
      expect(seen.type).toBe('basic');
      expect(seen.status).toBe(201);
      expect(seen.statusText).toBe('Made');
      expect(seen.headers.get('x-test')).toBe('fast');
    }
    expect(await response.json()).toEqual({ fast: true });
    expect(await copy.json()).toEqual({ fast: true });
    const error = await new Api({ domain, retries: 0 })
      .rest('missing')
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'HttpNotFoundError', url: `${domain}/api/v1/missing/` });
  });

  it('leaves an unread body unread: the server can not send more than the socket buffers hold', async () => {
    const { api, reads } = apiCountingBodyReads({ domain, retries: 0 });
    const body = (await api.rest('big').get(undefined, { parseAs: 'stream' })) as ReadableStream<Uint8Array>;
    // The server has filled the socket buffers and waits for the client ...
    const flushedWhenBlocked = await bigBlocked.next();
    expect(flushedWhenBlocked).toBeLessThan(BIG_BODY_BYTES / 4);
    // ... which has settled without reading a byte of the body: it stays in the socket buffers
    // (transport flow control) and the server stays blocked.
    await settled();
    expect(reads()).toBe(0);
    // Read now: every byte arrives.
    const reader = body.getReader();
    let received = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      received += chunk.value.byteLength;
    }
    expect(received).toBe(BIG_BODY_BYTES);
    expect(reads()).toBeGreaterThan(0);
  });

  it('releases the connection of a response dropped unread, as fetch does', async () => {
    setFlagsFromString('--expose-gc');
    const collectGarbage = runInNewContext('gc') as () => void;
    const api = new Api({ domain, retries: 0 });
    await (async () => {
      await api.rest('big')('dropped').get(undefined, { parseAs: 'stream' });
    })();
    // Collect until the server sees the connection close (the test's own timeout catches a leak):
    // no fixed number of rounds that a loaded machine could run out of, and no clock; between two
    // rounds the finalizers run and the sockets' events arrive.
    const closed = droppedClosed.next();
    let isClosed = false;
    void closed.then(() => {
      isClosed = true;
    });
    while (!isClosed) {
      collectGarbage();
      await settled();
    }
    await closed;
    expect(droppedClosed.all).toHaveLength(1);
  });
});

/**
 * Deadlines and caller aborts against a real node:http server on 127.0.0.1 (no nock in this file): the
 * server holds requests open, so only the client's signals can end them. The deadlines are manual
 * (`manualDeadlines`): each passes when the test has seen what it waits for (the server got the
 * request, the client got the headers), so no timer races a socket event.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { RequestAbortedError, RequestTimeoutError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { eventQueue, manualDeadlines } from './deadlines.js';

interface Hit {
  url: string;
  /** Resolves when the server saw the connection of this request close. */
  closed: Promise<void>;
}

let server: Server;
let domain: string;
const hits = eventQueue<Hit>();

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const closed = new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
    hits.push({ url: req.url ?? '', closed });
    if (req.url?.startsWith('/api/v1/fast/')) {
      res.setHeader('content-type', 'application/json');
      res.end('{"fast": true}');
    } else if (req.url?.startsWith('/api/v1/stalled-body/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"results": [');
      // never ends
    }
    // anything else: never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  hits.reset();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const urls = () => hits.all.map((hit) => hit.url);

it('fails with RequestTimeoutError when the deadline of timeoutMs passes', async () => {
  const clock = manualDeadlines();
  const api = new Api({ domain, timeoutMs: 50, retries: 0 });
  const pending = api
    .rest('slow')
    .get()
    .catch((e: unknown) => e);
  expect((await hits.next()).url).toBe('/api/v1/slow/');
  const deadline = await clock.nth(0);
  expect(deadline.ms).toBe(50);
  deadline.pass();
  const error = (await pending) as RequestTimeoutError;
  expect(error).toBeInstanceOf(RequestTimeoutError);
  expect(error).toMatchObject({
    timeoutMs: 50,
    method: 'GET',
    url: `${domain}/api/v1/slow/`,
    status: undefined,
  });
  expect(error.message).toBe(`GET ${domain}/api/v1/slow/ timed out after 50 ms`);
  expect(urls()).toEqual(['/api/v1/slow/']);
  expect(clock.created).toHaveLength(1);
});

it('uses the real clock: a request the server never answers ends with RequestTimeoutError', async () => {
  // Nothing else can end this request, so the real timer races nothing.
  const api = new Api({ domain, timeoutMs: 20, retries: 0 });
  await expect(api.rest('slow').get()).rejects.toBeInstanceOf(RequestTimeoutError);
});

it('takes the per-call timeoutMs over the Api default', async () => {
  const clock = manualDeadlines();
  const api = new Api({ domain, timeoutMs: 60_000, retries: 0 });
  const first = api.rest('slow').get(undefined, { timeoutMs: 30 });
  await hits.next();
  (await clock.nth(0)).pass();
  await expect(first).rejects.toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 30 });

  const second = api.GET('/server/', { timeoutMs: 30 });
  await hits.next();
  (await clock.nth(1)).pass();
  await expect(second).rejects.toBeInstanceOf(RequestTimeoutError);
  expect(clock.created.map((deadline) => deadline.ms)).toEqual([30, 30]);
});

it('gives every attempt its own deadline and retries idempotent requests that timed out', async () => {
  const clock = manualDeadlines();
  const api = new Api({ domain, timeoutMs: 40, retries: 2, backoff: { baseDelayMs: 1, maxDelayMs: 1 } });
  const pending = api.rest('slow').get();
  for (let attempt = 0; attempt < 3; attempt++) {
    await hits.next();
    const deadline = await clock.nth(attempt);
    // A fresh deadline per attempt, not yet passed when the attempt reached the server.
    expect(deadline.signal.aborted).toBe(false);
    deadline.pass();
  }
  await expect(pending).rejects.toBeInstanceOf(RequestTimeoutError);
  expect(urls()).toEqual(['/api/v1/slow/', '/api/v1/slow/', '/api/v1/slow/']);
  expect(clock.created.map((deadline) => deadline.ms)).toEqual([40, 40, 40]);
});

it('also covers reading the body', async () => {
  const clock = manualDeadlines();
  const responses = eventQueue<Response>();
  const api = new Api({
    domain,
    timeoutMs: 80,
    retries: 0,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      responses.push(response);
      return response;
    },
  });
  const pending = api
    .rest('stalled-body')
    .get()
    .catch((e: unknown) => e);
  expect((await responses.next()).status).toBe(200); // the headers are in: now the body is being read
  (await clock.nth(0)).pass();
  const error = await pending;
  expect(error).toBeInstanceOf(RequestTimeoutError);
  expect((error as Error).message).toMatch(
    /^GET \S+\/api\/v1\/stalled-body\/ timed out after 80 ms while its body was read \(after \d+ bytes\)$/,
  );
});

it('stops at once when the caller aborts, without retrying', async () => {
  const api = new Api({ domain, timeoutMs: 60_000, retries: 3 });
  const controller = new AbortController();
  const pending = api
    .rest('slow')
    .get(undefined, { signal: controller.signal })
    .catch((e: unknown) => e);
  const hit = await hits.next();
  const reason = new Error('navigated away');
  controller.abort(reason);
  const error = (await pending) as RequestAbortedError;
  expect(error).toBeInstanceOf(RequestAbortedError);
  expect(error.cause).toBe(reason);
  expect(error.message).toBe(`GET ${domain}/api/v1/slow/ was aborted by the caller`);
  expect(urls()).toHaveLength(1);
  // the connection was really closed, not left hanging (the test times out otherwise)
  await hit.closed;
});

it('rejects at once with an already aborted signal, and leaves later calls alone', async () => {
  const api = new Api({ domain, retries: 0 });
  await expect(api.get('/server/', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
    RequestAbortedError,
  );
  await expect(api.rest('fast').get()).resolves.toEqual({ fast: true });
  expect(urls()).toEqual(['/api/v1/fast/']);
});

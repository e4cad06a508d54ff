/**
 * Deadlines and caller aborts against a real node:http server on 127.0.0.1 (no nock in this file): the
 * server holds requests open, so only the client's signals can end them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { Api, RequestAbortedError, RequestTimeoutError } from '../src/index.js';

let server: Server;
let domain: string;
let hits: string[] = [];
let closed = 0;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(req.url ?? '');
    req.on('close', () => {
      closed++;
    });
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
  hits = [];
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('fails with RequestTimeoutError after timeoutMs', async () => {
  const api = new Api({ domain, timeoutMs: 50, retries: 0 });
  const error = (await api
    .rest('slow')
    .get()
    .catch((e: unknown) => e)) as RequestTimeoutError;
  expect(error).toBeInstanceOf(RequestTimeoutError);
  expect(error).toMatchObject({
    timeoutMs: 50,
    method: 'GET',
    url: `${domain}/api/v1/slow/`,
    status: undefined,
  });
  expect(error.message).toBe(`GET ${domain}/api/v1/slow/ timed out after 50 ms`);
  expect(hits).toEqual(['/api/v1/slow/']);
});

it('takes the per-call timeoutMs over the Api default', async () => {
  const api = new Api({ domain, timeoutMs: 60_000, retries: 0 });
  await expect(api.rest('slow').get(undefined, { timeoutMs: 30 })).rejects.toMatchObject({
    name: 'RequestTimeoutError',
    timeoutMs: 30,
  });
  await expect(api.GET('/server/', { timeoutMs: 30 })).rejects.toBeInstanceOf(RequestTimeoutError);
});

it('gives every attempt its own deadline and retries idempotent requests that timed out', async () => {
  const api = new Api({ domain, timeoutMs: 40, retries: 2, backoff: { baseDelayMs: 1, maxDelayMs: 1 } });
  await expect(api.rest('slow').get()).rejects.toBeInstanceOf(RequestTimeoutError);
  expect(hits).toEqual(['/api/v1/slow/', '/api/v1/slow/', '/api/v1/slow/']);
});

it('also covers reading the body', async () => {
  const api = new Api({ domain, timeoutMs: 80, retries: 0 });
  await expect(api.rest('stalled-body').get()).rejects.toBeInstanceOf(RequestTimeoutError);
});

it('stops at once when the caller aborts, without retrying', async () => {
  const api = new Api({ domain, timeoutMs: 60_000, retries: 3 });
  const controller = new AbortController();
  const pending = api
    .rest('slow')
    .get(undefined, { signal: controller.signal })
    .catch((e: unknown) => e);
  while (hits.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const reason = new Error('navigated away');
  controller.abort(reason);
  const error = (await pending) as RequestAbortedError;
  expect(error).toBeInstanceOf(RequestAbortedError);
  expect(error.cause).toBe(reason);
  expect(error.message).toBe(`GET ${domain}/api/v1/slow/ was aborted by the caller`);
  expect(hits).toHaveLength(1);
  // the connection was really closed, not left hanging
  while (closed === 0) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});

it('rejects at once with an already aborted signal, and leaves later calls alone', async () => {
  const api = new Api({ domain, retries: 0 });
  await expect(api.get('/server/', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
    RequestAbortedError,
  );
  await expect(api.rest('fast').get()).resolves.toEqual({ fast: true });
});

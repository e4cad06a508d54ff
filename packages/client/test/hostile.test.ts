/**
 * A hostile or broken server can neither exhaust memory (body limits, counted after decoding) nor
 * keep a list going without end (pagination guards).
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServerError, PaginationError, ResponseTooLargeError } from '../src/all-errors.js';
import { Api, DEFAULT_MAX_RESPONSE_BYTES } from '../src/index.js';
import { json, stubFetch } from './helpers.js';

const API = 'https://iotile.test';

describe('response size limits', () => {
  let server: Server;
  let domain = '';
  /** 64 MiB of JSON whitespace, gzipped to ~64 kB: what a gzip bomb looks like. */
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
  let bytesSent = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const url = request.url ?? '';
      if (url.includes('/bomb/')) {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(bomb);
      } else if (url.includes('/announced/')) {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(10 * 1024 * 1024),
        });
        // Sends nothing: the announced length alone is refused, before any byte is read.
        response.flushHeaders();
      } else if (url.includes('/endless')) {
        // An unbounded body, sent while the client reads it.
        response.writeHead(url.includes('error') ? 500 : 200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const write = () => {
          while (!response.destroyed && response.write(chunk)) {
            bytesSent += chunk.length;
          }
        };
        response.on('drain', write);
        write();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('the default is 64 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(64 * 1024 * 1024);
  });

  it('a gzip bomb stops at the limit, counted in decoded bytes', async () => {
    const api = new Api({ domain, retries: 0, maxResponseBytes: 1024 * 1024 });
    const error = await api
      .rest('bomb')
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: 1024 * 1024, unit: 'body', method: 'GET' });
    expect((error as ResponseTooLargeError).bytesRead).toBeGreaterThan(1024 * 1024);
    expect((error as ResponseTooLargeError).bytesRead).toBeLessThan(2 * 1024 * 1024);
  });

  it('an endless body stops at the limit (typed call and generic resource), and its connection is dropped', async () => {
    const api = new Api({ domain, retries: 0, maxResponseBytes: 512 * 1024 });
    await expect(
      api.GET('/server/', { baseUrl: `${domain}/api/v1/endless` } as never),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    bytesSent = 0;
    await expect(api.rest('endless').get(undefined, { parseAs: 'text' })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    // Socket buffers hold a few MB at most; the server did not keep sending.
    expect(bytesSent).toBeLessThan(64 * 1024 * 1024);
  });

  it('an error body is limited too', async () => {
    const api = new Api({ domain, retries: 0, maxResponseBytes: 256 * 1024 });
    const error = await api
      .rest('endless-error')
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).not.toBeInstanceOf(HttpServerError);
  });

  it('a Content-Length over the limit is refused before reading', async () => {
    const api = new Api({ domain, retries: 0, maxResponseBytes: 1024 * 1024 });
    const error = await api
      .rest('announced')
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', bytesRead: 10 * 1024 * 1024 });
  });

  it('per call, and Infinity turns it off; a stream is the caller to bound', async () => {
    const api = new Api({ domain, retries: 0 });
    await expect(api.rest('bomb').get(undefined, { maxResponseBytes: 1000 })).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    const stream = (await api
      .rest('bomb')
      .get(undefined, { parseAs: 'stream' })) as ReadableStream<Uint8Array>;
    let total = 0;
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      total += read.value.byteLength;
    }
    expect(total).toBe(64 * 1024 * 1024);
    await expect(
      api.rest('ok').get(undefined, { maxResponseBytes: Number.POSITIVE_INFINITY }),
    ).resolves.toEqual({
      ok: true,
    });
  });
});

describe('pagination that never ends', () => {
  const page = (count: number, next: string | null, results: unknown[]) =>
    json({ count, next, previous: null, results });

  it('a next link back to a page already fetched is a PaginationError, not a loop', async () => {
    const { fetch, requests } = stubFetch((request) =>
      request.url.includes('page=2')
        ? page(4, `${API}/api/v1/device/`, [{ id: 3 }])
        : page(4, `${API}/api/v1/device/?page=2`, [{ id: 1 }]),
    );
    const api = new Api({ domain: API, fetch, retries: 0 });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of api.paginate('/device/')) {
        seen.push(item);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(requests).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it('a page with a next link to itself', async () => {
    const { fetch, requests } = stubFetch(() => page(10, `${API}/api/v1/device/?page=2`, [{ id: 1 }]));
    const api = new Api({ domain: API, fetch, retries: 0 });
    await expect(
      (async () => {
        for await (const _ of api.paginate('/device/')) {
          // read on
        }
      })(),
    ).rejects.toBeInstanceOf(PaginationError);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('count 0 with a next link: one request, nothing yielded', async () => {
    const { fetch, requests } = stubFetch(() => page(0, `${API}/api/v1/device/?page=2`, []));
    const api = new Api({ domain: API, fetch, retries: 0 });
    const items = [];
    for await (const item of api.paginate('/device/')) {
      items.push(item);
    }
    expect(items).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('stops once count items came, whatever next says', async () => {
    let n = 0;
    const { fetch, requests } = stubFetch(() => {
      n++;
      return page(2, `${API}/api/v1/device/?page=${n + 1}`, [{ id: n }]);
    });
    const api = new Api({ domain: API, fetch, retries: 0 });
    const items = [];
    for await (const item of api.paginate('/device/')) {
      items.push(item);
    }
    expect(items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(requests).toHaveLength(2);
  });

  it('a lying count with concurrency: an empty page before count ends it with PaginationError', async () => {
    const { fetch, requests } = stubFetch((request) => {
      const number = Number(new URL(request.url).searchParams.get('page') ?? 1);
      return page(1e9, `${API}/api/v1/device/?page=${number + 1}`, number <= 3 ? [{ id: number }] : []);
    });
    const api = new Api({ domain: API, fetch, retries: 0 });
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of api.paginate('/device/', {}, { concurrency: 4 })) {
        items.push(item);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationError);
    expect(items).toHaveLength(3);
    // Page 4 came back empty; at most `concurrency` were in flight beyond it.
    expect(requests.length).toBeLessThanOrEqual(4 + 4);
  });
});

/**
 * A hostile or broken server cannot make a download hold unbounded memory (page and row limits,
 * counted after decoding) nor request pages without end (empty pages, `count` reached, lying counts).
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Api } from '@iotile/client';
import { InvalidResponseError, PaginationError, ResponseTooLargeError } from '@iotile/client/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamData, StreamInputError } from '../src/index.js';

const STREAM = 's--0000-0001--0000-0000-0000-00d2--5001';
const END = '2030-01-01T00:00:00Z';

function point(i: number) {
  return {
    id: i,
    stream: STREAM,
    timestamp: '2020-01-01T00:00:00Z',
    int_value: i,
    type: 'Num',
    value: i,
    output_value: i,
    streamer_local_id: i,
    dirty_ts: false,
    status: 'cln',
  };
}

describe('page and row limits', () => {
  let server: Server;
  let domain = '';
  beforeAll(async () => {
    // 256 MiB of blanks inside the results, gzipped to ~1.1 MB (level 1: a quarter of the default
    // level's time, which took seconds of this hook on a loaded machine).
    const blanks = gzipSync(
      Buffer.concat([
        Buffer.from(`{"count":2,"next":null,"previous":null,"results":[${JSON.stringify(point(1))},`),
        Buffer.alloc(256 * 1024 * 1024, 0x20),
        Buffer.from(`${JSON.stringify(point(2))}]}`),
      ]),
      { level: 1 },
    );
    const many = Buffer.from(
      JSON.stringify({
        count: 20000,
        next: null,
        previous: null,
        results: Array.from({ length: 20000 }, (_, i) => point(i)),
      }),
    );
    server = createServer((request, response) => {
      if (request.url?.includes('0000-00d2')) {
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(blanks);
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(many);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a gzip page of blanks stops at maxRowBytes (1 MiB by default), after the points before it', async () => {
    const data = new StreamData(STREAM, new Api({ domain, retries: 0 }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const p of data.iterate({ end: END }, { pageRetries: 0 })) {
        seen.push(p);
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ unit: 'row', limit: 1024 * 1024 });
    expect((error as Error).message).toContain('maxRowBytes');
    // The first point is held with the blanks after it (its row is not known to be complete).
    expect(seen.length).toBeLessThanOrEqual(1);
  });

  it('maxPageBytes bounds the whole page; both limits may be raised', async () => {
    const slug = 's--0000-0001--0000-0000-0000-0001--5001';
    const data = new StreamData(slug, new Api({ domain, retries: 0 }));
    const error = await data
      .initializeFromServer({ end: END }, { maxPageBytes: 100_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ unit: 'page', limit: 100_000 });
    await data.initializeFromServer(
      { end: END },
      { maxPageBytes: Number.POSITIVE_INFINITY, maxRowBytes: 10_000 },
    );
    expect(data.data).toHaveLength(20000);
  });

  it.each([0, -1, 1.5, '1MB', Number.NaN])('refuses maxRowBytes %s before any request', async (value) => {
    const data = new StreamData(
      STREAM,
      new Api({ domain: 'https://iotile.test', fetch: () => Promise.reject(new Error('sent')) }),
    );
    await expect(data.initializeFromServer({}, { maxRowBytes: value as never })).rejects.toMatchObject({
      name: 'StreamInputError',
      param: 'maxRowBytes',
    });
    await expect(data.initializeFromServer({}, { maxPageBytes: value as never })).rejects.toBeInstanceOf(
      StreamInputError,
    );
  });
});

describe('pages that never end', () => {
  function pages(answer: (page: number) => { count: number; next: boolean; results: unknown[] }) {
    const requested: number[] = [];
    const fetch = async (request: Request): Promise<Response> => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? 1);
      requested.push(page);
      const { count, next, results } = answer(page);
      const body = {
        count,
        next: next ? `https://iotile.test/api/v1/stream/${STREAM}/data/?page=${page + 1}` : null,
        previous: null,
        results,
      };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    return { api: new Api({ domain: 'https://iotile.test', fetch, retries: 0 }), requested };
  }

  it('count 0 with a next link: one request, no points', async () => {
    const { api, requested } = pages(() => ({ count: 0, next: true, results: [] }));
    const data = new StreamData(STREAM, api);
    await data.initializeFromServer({ end: END });
    expect(data.data).toEqual([]);
    expect(requested).toEqual([1]);
  });

  it('no open window either (pinEnd false): one request', async () => {
    const { api, requested } = pages(() => ({ count: 0, next: true, results: [] }));
    const points = [];
    for await (const p of new StreamData(STREAM, api).iterate({}, { pinEnd: false })) {
      points.push(p);
    }
    expect(requested).toEqual([1]);
  });

  it.each([
    ['an open window', false, PaginationError],
    ['a closed window', true, InvalidResponseError],
  ] as const)(
    'a lying count with concurrency 4, %s: an empty page ends it, requests bounded',
    async (_, closed, ErrorClass) => {
      const { api, requested } = pages((page) => ({
        count: 1e9,
        next: true,
        results: page <= 2 ? [point(page)] : [],
      }));
      const data = new StreamData(STREAM, api);
      const error = await data
        .initializeFromServer(closed ? { end: END } : {}, { concurrency: 4, pageRetries: 0, pinEnd: closed })
        .catch((e: unknown) => e);
      // Page 1 of size 1 where page_size is 20000: the server serves smaller pages; page 3 is empty.
      expect(error).toBeInstanceOf(ErrorClass);
      expect(requested.length).toBeLessThanOrEqual(3 + 4);
    },
  );

  it('stops once count points came, whatever next says', async () => {
    const { api, requested } = pages((page) => ({ count: 2, next: true, results: [point(page)] }));
    const data = new StreamData(STREAM, api);
    await data.initializeFromServer({}, { pinEnd: false, concurrency: 1 });
    expect(data.data).toHaveLength(2);
    expect(requested).toEqual([1, 2]);
  });
});

/**
 * Downloads whose window moves while it is read are stopped, not silently wrong: a `lastn` window
 * that shifts (points added inside it) and an open window (`pinEnd: false`) that a backfill shifts.
 * A stub server holds the rows and changes them between two page requests (concurrency 1, so the
 * order of requests is fixed).
 */

import { Api } from '@iotile/client';
import { describe, expect, it } from 'vitest';
import { StreamData, StreamDataChangedError } from '../src/index.js';

const STREAM = 's--0000-0001--0000-0000-0000-00d2--5001';

function row(second: number) {
  const timestamp = new Date(Date.UTC(2020, 0, 1, 0, 0, second)).toISOString().replace('.000Z', 'Z');
  return {
    type: 'Num',
    timestamp,
    int_value: second,
    value: second,
    output_value: second,
    streamer_local_id: second,
  };
}

/** A server over `rows` (sorted by timestamp); `afterPage(n)` runs once page n was served. */
function server(rows: ReturnType<typeof row>[], afterPage: (page: number) => void) {
  const requests: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    requests.push(url.search);
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('page_size'));
    const lastn = url.searchParams.get('lastn');
    const window = lastn === null ? rows : rows.slice(-Number(lastn));
    const results = window.slice((page - 1) * size, page * size);
    const next = page * size < window.length ? `${url.origin}${url.pathname}?page=${page + 1}` : null;
    const body = JSON.stringify({ count: window.length, next, previous: null, results });
    if (size > 1) {
      afterPage(page);
    }
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { api: new Api({ domain: 'https://iotile.test', fetch, retries: 0 }), requests };
}

async function collect(iterable: AsyncIterable<unknown>) {
  const seen: unknown[] = [];
  const error = await (async () => {
    for await (const point of iterable) {
      seen.push(point);
    }
  })().catch((e: unknown) => e);
  return { seen, error };
}

describe('a lastn window that moves', () => {
  it('points added inside it while its pages are read: StreamDataChangedError at the end', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    const { api } = server(rows, (page) => {
      if (page === 1) {
        rows.push(row(100)); // arrives mid-download: the last 4 are now 7, 8, 9, 100
      }
    });
    const { seen, error } = await collect(
      new StreamData(STREAM, api).iterate({ lastn: 4, page_size: 2 }, { concurrency: 1, pinEnd: false }),
    );
    expect(error).toBeInstanceOf(StreamDataChangedError);
    // What was yielded: 6, 7 from the first window, 9, 100 from the second (8 was lost).
    expect(seen.map((p) => (p as { value: number }).value)).toEqual([6, 7, 9, 100]);
  });

  it('a window that stays still: no error, one small extra request', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(i));
    const { api, requests } = server(rows, () => undefined);
    const data = await new StreamData(STREAM, api).initializeFromServer(
      { lastn: 4, page_size: 2 },
      { concurrency: 1, pinEnd: false },
    );
    expect(data.data.map((p) => p.value)).toEqual([6, 7, 8, 9]);
    expect(requests).toHaveLength(3);
    expect(requests[2]).toContain('page_size=1');
  });

  it('a window within one page is not checked again', async () => {
    const { api, requests } = server(
      Array.from({ length: 10 }, (_, i) => row(i)),
      () => undefined,
    );
    await new StreamData(STREAM, api).initializeFromServer({ lastn: 4 });
    expect(requests).toHaveLength(1);
  });
});

describe('an open window (pinEnd: false) that a backfill shifts', () => {
  it('page 2 starting with the last point of page 1: StreamDataChangedError, no duplicate yielded', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => row(i + 10));
    const { api } = server(rows, (page) => {
      if (page === 1) {
        rows.unshift(row(1)); // an old reading uploaded late
      }
    });
    const { seen, error } = await collect(
      new StreamData(STREAM, api).iterate({ page_size: 2 }, { concurrency: 1, pinEnd: false }),
    );
    expect(error).toBeInstanceOf(StreamDataChangedError);
    expect(seen.map((p) => (p as { value: number }).value)).toEqual([10, 11]);
  });
});

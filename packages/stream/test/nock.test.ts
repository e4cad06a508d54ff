/**
 * HTTP-level tests with nock: the requests `StreamData` and `RawData` send (path, query, header) and
 * Python's own `tests/test_stream_data.py`, rewritten.
 */

import { Api } from '@iotile/client';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawData, StreamData } from '../src/index.js';
import { DOMAIN, makePoints, STREAM } from './helpers.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const api = () => new Api({ domain: DOMAIN, token: 'tok', retries: 0 });
const page = (results: unknown[], next: string | null = null, count = results.length) => ({
  count,
  next,
  previous: null,
  results,
});
const DATA_PATH = `/api/v1/stream/${STREAM}/data/`;

/** Answers `times` GETs of `path` with `body`; the array receives the query of each request. */
function answerRecordingQueries(
  path: string,
  body: Record<string, unknown>,
  times = 1,
): Record<string, unknown>[] {
  const queries: Record<string, unknown>[] = [];
  nock(DOMAIN)
    .get(path)
    .times(times)
    .query((query) => {
      queries.push(query);
      return true;
    })
    .reply(200, body);
  return queries;
}

describe('Python tests/test_stream_data.py', () => {
  it('test_single_page_fetch', async () => {
    const payload = {
      next: null,
      count: 2,
      results: [
        { timestamp: '20170109', value: 40, output_value: '4' },
        { timestamp: '20170109', value: 50, output_value: '5' },
      ],
    };
    nock(DOMAIN).get(DATA_PATH).query(true).reply(200, payload);
    const streamData = new StreamData(STREAM, api());
    expect(streamData.data).toHaveLength(0);
    await streamData.initializeFromServer({ lastn: 3 });
    expect(streamData.data).toHaveLength(2);
  });

  it('test_multi_page_fetch', async () => {
    const results = [
      { timestamp: '20170109T10:00:00', value: 10, output_value: '1' },
      { timestamp: '20170109T10:00:01', value: 20, output_value: '2' },
      { timestamp: '20170109T10:00:02', value: 30, output_value: '3' },
    ];
    const url = `${DOMAIN}/api/v1/stream/${STREAM}/data/`;
    nock(DOMAIN)
      .get(DATA_PATH)
      .query((q) => q.page === undefined || q.page === '1')
      // Python's fixture says count 3 on both pages; a real server counts all 6 (the SDK stops once
      // `count` points came, whatever `next` says, so the fixture is made consistent).
      .reply(200, { next: `${url}?page=2`, count: 6, results })
      .get(DATA_PATH)
      .query((q) => q.page === '2')
      .reply(200, { next: null, count: 6, results });
    const streamData = new StreamData(STREAM, api());
    expect(streamData.data).toHaveLength(0);
    await streamData.initializeFromServer({ lastn: 6 });
    expect(streamData.data).toHaveLength(6);
  });
});

describe('the request StreamData sends', () => {
  it('reads /stream/{slug}/data/ with the normalised slug, the token and the default page size', async () => {
    let query: Record<string, unknown> = {};
    let authorization: string | undefined;
    nock(DOMAIN)
      .get('/api/v1/stream/s--0000-0001--0000-0000-0000-00d2--5001/data/')
      .query((q) => {
        query = q;
        return true;
      })
      .reply(function reply() {
        authorization = this.req.headers.authorization;
        return [200, page(makePoints(1))];
      });
    await new StreamData('s--0001--00d2--5001', api()).initializeFromServer();
    expect(authorization).toBe('jwt tok');
    expect(query.page_size).toBe('20000');
    expect(query.page).toBeUndefined();
  });

  it('sends start and end in the server format, Dates and ISO strings alike', async () => {
    const queries = answerRecordingQueries(DATA_PATH, page([]));
    await new StreamData(STREAM, api()).initializeFromServer({
      start: '2016-01-01T00:00:00.000Z',
      end: new Date(Date.UTC(2016, 0, 30, 23)),
    });
    expect(queries[0]).toMatchObject({ start: '2016-01-01T00:00:00Z', end: '2016-01-30T23:00:00Z' });
  });

  it('reads offsets and offset-less strings as the server does (UTC), and rounds fractions up', async () => {
    const queries = answerRecordingQueries(DATA_PATH, page([]));
    await new StreamData(STREAM, api()).initializeFromServer({
      start: '2016-01-01T02:00:00+02:00',
      end: '2016-01-02 10:20:30.25',
    });
    expect(queries[0]).toMatchObject({ start: '2016-01-01T00:00:00Z', end: '2016-01-02T10:20:31Z' });
  });

  it('pins end to now (next whole second) when none is given, unless pinEnd is false', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2021-06-01T12:00:00.400Z'));
    const queries = answerRecordingQueries(DATA_PATH, page([]), 2);
    await new StreamData(STREAM, api()).initializeFromServer({ lastn: 10 });
    await new StreamData(STREAM, api()).initializeFromServer({ lastn: 10 }, { pinEnd: false });
    expect(queries[0]).toMatchObject({ lastn: '10', end: '2021-06-01T12:00:01Z' });
    expect(queries[1]?.end).toBeUndefined();
  });

  it('passes other filters through and clamps page_size to the server maximum', async () => {
    const queries = answerRecordingQueries(DATA_PATH, page([]));
    await new StreamData(STREAM, api()).initializeFromServer({ page_size: 50_000, mask: 1, format: 'json' });
    expect(queries[0]).toMatchObject({ page_size: '20000', mask: '1', format: 'json' });
  });

  it('requests pages 2..N by number once page 1 gave the count', async () => {
    const seen: string[] = [];
    nock(DOMAIN)
      .get(DATA_PATH)
      .times(3)
      .query((q) => {
        seen.push(String(q.page ?? '1'));
        return true;
      })
      .reply((uri) => {
        const number = Number(new URL(uri, DOMAIN).searchParams.get('page') ?? '1');
        const next = number < 3 ? `${DOMAIN}${uri.replace(/&?page=\d+/, '')}&page=${number + 1}` : null;
        return [200, page(makePoints(2, (number - 1) * 2), next, 6)];
      });
    const data = await new StreamData(STREAM, api()).initializeFromServer({ page_size: 2 });
    expect(seen.sort()).toEqual(['1', '2', '3']);
    expect(data.data.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('the request RawData sends', () => {
  it('reads /data/ with the normalised filter and its page size', async () => {
    const queries = answerRecordingQueries(
      '/api/v1/data/',
      page([{ id: 1, stream: STREAM, timestamp: '2020-01-01T00:00:00Z', value: 3 }]),
    );
    const raw = new RawData(api());
    await raw.initializeFromServer({ filter: 'd--00d2', lastn: 1, page_size: 12_000 });
    expect(queries[0]).toMatchObject({ filter: 'd--0000-0000-0000-00d2', lastn: '1', page_size: '10000' });
    expect(raw.data).toEqual([{ id: 1, stream: STREAM, timestamp: '2020-01-01T00:00:00Z', value: 3 }]);
  });
});

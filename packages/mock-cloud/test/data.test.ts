import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, INFLOW, LEVEL, NO_RECORD, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

const values = (body: { results: Array<{ int_value: number }> }) => body.results.map((p) => p.int_value);

describe('GET /data/', () => {
  it('serves the rows of a stream with the DataPoint fields', async () => {
    const res = await t.client.get('/data/', { filter: LEVEL });
    expect(res.body.count).toBe(12);
    expect(res.body.results[0]).toEqual({
      id: expect.any(Number),
      stream: LEVEL,
      project: 'p--0000-0042',
      device: DEVICE,
      variable: 'v--0000-0042--5001',
      type: 'Num',
      device_timestamp: null,
      timestamp: '2019-06-01T08:00:00Z',
      int_value: 1000,
      value: 1000,
      streamer_local_id: 0,
      dirty_ts: false,
      status: 'unk',
    });
    expect(res.body.results[0]).not.toHaveProperty('output_value');
  });

  it('serves streams without a Stream record', async () => {
    expect(values((await t.client.get('/data/', { filter: NO_RECORD })).body)).toEqual([1, 2]);
  });

  it('selects by device, variable and short stream slugs', async () => {
    expect((await t.client.get('/data/', { filter: DEVICE })).body.count).toBe(18);
    expect((await t.client.get('/data/', { filter: 'd--a1b' })).body.count).toBe(18);
    expect((await t.client.get('/data/', { filter: 'v--0000-0042--5002' })).body.count).toBe(4);
    expect((await t.client.get('/data/', { filter: 's--42--a1b--5002' })).body.count).toBe(4);
  });

  it('answers an empty page for a missing, unknown or project filter', async () => {
    for (const query of [{}, { filter: 'p--0000-0042' }, { filter: 'x--1' }]) {
      const res = await t.client.get('/data/', query);
      expect(res.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    }
  });

  it('answers 400 for a malformed stream filter', async () => {
    const res = await t.client.get('/data/', { filter: 's--nothex' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^Illegal filter argument format \(Illegal Stream\)/);
  });

  it('honours start, end, timestamp and lastn, strictly', async () => {
    const q = async (query: Record<string, string | number>) =>
      (await t.client.get('/data/', { filter: INFLOW, ...query })).body;
    expect(values(await q({ start: '2019-06-02T01:30:00.000001Z' }))).toEqual([7, 0, 12]);
    expect(values(await q({ end: '2019-06-02T01:30:00.000001Z' }))).toEqual([5]);
    expect(values(await q({ start: '2019-06-02T01:00:00+01:00' }))).toEqual([5, 7, 0, 12]);
    expect(values(await q({ timestamp: '2019-06-02T02:30:00.000001Z' }))).toEqual([0]);
    expect(values(await q({ lastn: 3 }))).toEqual([7, 0, 12]);
  });

  it('rejects bad dates and lastn bounds with 400', async () => {
    const q = (query: Record<string, string | number>) =>
      t.client.get('/data/', { filter: INFLOW, ...query });
    expect(await q({ start: '2019-06-02' })).toMatchObject({
      status: 400,
      body: { start: ['Enter a valid date/time.'] },
    });
    expect(await q({ lastn: 0 })).toMatchObject({ status: 400, body: ['lastn must be greater than 0'] });
    expect(await q({ lastn: 100001 })).toMatchObject({ status: 400, body: ['lastn limit is 100000'] });
  });

  it('filters on id and streamer id ranges', async () => {
    const all = (await t.client.get('/data/', { filter: LEVEL })).body.results;
    const ids = all.map((p: { id: number }) => p.id);
    const res = await t.client.get('/data/', { filter: LEVEL, id_min: ids[2], id_max: ids[4] });
    expect(res.body.results.map((p: { id: number }) => p.id)).toEqual(ids.slice(2, 5));
    expect((await t.client.get('/data/', { filter: LEVEL, streamer_id_min: 1 })).body.count).toBe(0);
    expect((await t.client.get('/data/', { filter: LEVEL, id_min: 'x' })).status).toBe(400);
  });

  it('pages with the Large class: default 1000, max 10000', async () => {
    t.cloud.addSyntheticStream('s--0000-0042--0000-0000-0000-0a1b--5e00', { count: 12_000 });
    const slug = 's--0000-0042--0000-0000-0000-0a1b--5e00';
    expect((await t.client.get('/data/', { filter: slug })).body.results).toHaveLength(1000);
    const big = await t.client.get('/data/', { filter: slug, page_size: 50000, page: 2 });
    expect(big.body.results).toHaveLength(2000);
    expect(big.body.previous).toBe(`${t.server.url}/api/v1/data/?filter=${slug}&page_size=50000`);
  });
});

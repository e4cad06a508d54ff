import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, INFLOW, LEVEL, OUTFLOW, PROJECT_ID, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

const slugs = (body: { results: Array<{ slug: string }> }) => body.results.map((s) => s.slug);

describe('GET /stream/', () => {
  it('lists the streams of active devices by default (not only with a filter)', async () => {
    const res = await t.client.get('/stream/');
    expect(slugs(res.body)).toEqual([LEVEL, INFLOW, OUTFLOW]);
  });

  it('filters by project (UUID or slug), device (any slug form), variable and enabled', async () => {
    expect(slugs((await t.client.get('/stream/', { project: PROJECT_ID })).body)).toEqual([
      LEVEL,
      INFLOW,
      OUTFLOW,
    ]);
    expect((await t.client.get('/stream/', { project: 'p--0000-0042' })).body.count).toBe(3);
    expect(slugs((await t.client.get('/stream/', { device: 'd--0a1c' })).body)).toEqual([
      's--0000-0042--0000-0000-0000-0a1c--5001',
    ]);
    expect((await t.client.get('/stream/', { device: DEVICE })).body.count).toBe(3);
    expect(slugs((await t.client.get('/stream/', { variable: 'v--0000-0042--5003' })).body)).toEqual([
      OUTFLOW,
    ]);
    expect(slugs((await t.client.get('/stream/', { enabled: 'false' })).body)).toEqual([INFLOW]);
    expect((await t.client.get('/stream/', { all: 1 })).body.count).toBe(4);
  });

  it('answers 403 for a device filter that is not a device or block slug', async () => {
    expect((await t.client.get('/stream/', { device: 'p--0000-0042' })).status).toBe(403);
  });
});

describe('GET/PATCH /stream/{slug}/', () => {
  it('returns every field, with data_type filled in when the fixture lacks it', async () => {
    const res = await t.client.get(`/stream/${LEVEL}/`);
    expect(res.body).toMatchObject({
      id: '0a6e5c1e-3b7d-4e0f-8a21-7f4c2d9b1e30',
      project_id: PROJECT_ID,
      project: 'p--0000-0042',
      device: DEVICE,
      variable: 'v--0000-0042--5001',
      data_type: '00',
      var_lid: 20481,
      output_unit: { slug: 'out--tank-level--meters', m: 1, d: 1000, decimal_places: 3 },
      slug: LEVEL,
    });
  });

  it('accepts short slug forms and answers 404 for unknown streams', async () => {
    expect((await t.client.get('/stream/s--42--a1b--5001/')).body.slug).toBe(LEVEL);
    expect((await t.client.get('/stream/s--0000-0042--0000-0000-0000-0a1b--9999/')).status).toBe(404);
  });

  it('PATCH updates writable fields', async () => {
    const res = await t.client.patch(`/stream/${OUTFLOW}/`, { data_label: 'Out', data_type: 'E0' });
    expect(res.body).toMatchObject({ data_label: 'Out', data_type: 'E0' });
    const bad = await t.client.patch(`/stream/${OUTFLOW}/`, { data_type: 'XX' });
    expect(bad.status).toBe(400);
  });
});

describe('GET /stream/{slug}/data/', () => {
  it('serves points with second-precision timestamps and the fixture values', async () => {
    const res = await t.client.get(`/stream/${LEVEL}/data/`);
    expect(res.body.count).toBe(12);
    expect(res.body.results[0]).toEqual({
      type: 'Num',
      timestamp: '2019-06-01T08:00:00Z',
      int_value: 1000,
      value: 1000,
      display_value: '1.000',
      output_value: 1,
      streamer_local_id: 0,
    });
  });

  it('serves CSV points with the integer as value, and output_value from the output unit (m 1, d 1000)', async () => {
    // The Python mock gave the integer as output_value too; the server converts it with the unit.
    const res = await t.client.get(`/stream/${INFLOW}/data/`);
    expect(res.body.results.map((p: { output_value: number }) => p.output_value)).toEqual([
      0.005, 0.007, 0, 0.012,
    ]);
    expect(res.body.results[1]).toMatchObject({
      type: 'ITR',
      int_value: 7,
      value: 7,
      display_value: '0.007',
    });
  });

  it('computes output_value with the output unit when a point has none', async () => {
    const slug = 's--0000-0042--0000-0000-0000-0a1b--5003';
    t.cloud.addStreamData(slug, [{ timestamp: '2019-07-01T00:00:00Z', int_value: 2500 }]);
    const res = await t.client.get(`/stream/${slug}/data/`);
    expect(res.body.results[0]).toMatchObject({ value: 2500, output_value: 2.5, display_value: '2.500' });
  });

  it('honours start (inclusive), end (exclusive), date-only bounds and lastn', async () => {
    const q = async (query: Record<string, string | number>) =>
      (await t.client.get(`/stream/${LEVEL}/data/`, query)).body.results.map(
        (p: { int_value: number }) => p.int_value,
      );
    expect(await q({ start: '2019-06-01T08:30:00Z', end: '2019-06-01T09:10:00Z' })).toEqual([
      1111, 1148, 1185, 1222,
    ]);
    expect(await q({ start: '2019-06-01T09:00:00.000006Z' })).toHaveLength(6);
    expect(await q({ end: '2019-06-01' })).toEqual([]);
    expect(await q({ start: '2019-06-01' })).toHaveLength(12);
    expect(await q({ lastn: 2 })).toEqual([1370, 1407]);
    expect(await q({ lastn: 0 })).toEqual([1407]);
    expect(await q({ start: 'garbage' })).toHaveLength(12);
  });

  it('pages with SuperLarge defaults and absolute links', async () => {
    const res = await t.client.get(`/stream/${LEVEL}/data/`, { page_size: 5, page: 2 });
    expect(res.body.results).toHaveLength(5);
    expect(res.body.next).toBe(`${t.server.url}/api/v1/stream/${LEVEL}/data/?page=3&page_size=5`);
    expect(res.body.previous).toBe(`${t.server.url}/api/v1/stream/${LEVEL}/data/?page_size=5`);
  });

  it('answers 404 for a stream without a record, even when it has data', async () => {
    const res = await t.client.get('/stream/s--0000-0042--0000-0000-0000-0a1b--5d00/data/');
    expect(res.status).toBe(404);
  });
});

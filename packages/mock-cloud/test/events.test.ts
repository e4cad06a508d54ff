import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, OUTFLOW, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

const ids = (body: { results: Array<{ id: number }> }) => body.results.map((e) => e.id);

describe('GET /event/', () => {
  it('lists the events of a stream with every Event field', async () => {
    const res = await t.client.get('/event/', { filter: OUTFLOW });
    expect(ids(res.body)).toEqual([41, 42, 43]);
    expect(res.body.results[1]).toEqual({
      id: 42,
      stream: OUTFLOW,
      project: 'p--0000-0042',
      device: DEVICE,
      variable: 'v--0000-0042--5003',
      s3bucket: null,
      s3key: null,
      ext: 'json',
      has_raw_data: true,
      device_timestamp: null,
      timestamp: '2019-06-01T09:05:00.500000Z',
      streamer_local_id: 0,
      dirty_ts: false,
      status: 'unk',
      extra_data: { kind: 'drain' },
    });
  });

  it('selects by device and variable; nothing without a filter', async () => {
    expect(ids((await t.client.get('/event/', { filter: DEVICE })).body)).toEqual([41, 42, 43]);
    expect(ids((await t.client.get('/event/', { filter: 'v--0000-0042--5003' })).body)).toEqual([41, 42, 43]);
    expect((await t.client.get('/event/')).body.count).toBe(0);
  });

  it('honours start, end and lastn', async () => {
    expect(
      ids((await t.client.get('/event/', { filter: OUTFLOW, start: '2019-06-01T09:05:00Z' })).body),
    ).toEqual([42, 43]);
    expect(
      ids((await t.client.get('/event/', { filter: OUTFLOW, end: '2019-06-01T09:05:00.5Z' })).body),
    ).toEqual([41]);
    expect(ids((await t.client.get('/event/', { filter: OUTFLOW, lastn: 1 })).body)).toEqual([43]);
    expect((await t.client.get('/event/', { filter: OUTFLOW, lastn: -1 })).status).toBe(400);
  });
});

describe('GET /event/{id}/ and /event/{id}/data/', () => {
  it('gets one event; 400 for a non-integer id, 404 for an unknown one', async () => {
    expect((await t.client.get('/event/41/')).body.extra_data).toEqual({ kind: 'overflow' });
    expect((await t.client.get('/event/abc/')).status).toBe(400);
    expect((await t.client.get('/event/999/')).status).toBe(404);
  });

  it('serves the raw data document from the stream folder', async () => {
    expect((await t.client.get('/event/41/data/')).body).toEqual({ samples: [1, 2, 3], unit: 'cm' });
    expect((await t.client.get('/event/42/data/')).body).toEqual({ samples: [], reason: 'scheduled' });
  });

  it('answers 404 {"error": "Event has no data"} for an event without raw data', async () => {
    expect(await t.client.get('/event/43/data/')).toMatchObject({
      status: 404,
      body: { error: 'Event has no data' },
    });
  });

  it('serves data added with addEventData', async () => {
    t.cloud.addEventData(43, { added: true });
    expect((await t.client.get('/event/43/data/')).body).toEqual({ added: true });
  });
});

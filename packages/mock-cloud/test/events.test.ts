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
      // The bucket every event has; the key of a fixture event's raw data (the server's first key format).
      s3bucket: 'iotile-mock-cloud-stream-event-data',
      s3key: expect.stringMatching(
        /^mock\/s--0000-0042--0000-0000-0000-0a1b--5003\/[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json$/,
      ),
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

describe('POST /event/upload/', () => {
  function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array<ArrayBuffer> }) {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) {
      data.set(key, value);
    }
    if (file) {
      data.set('file', new Blob([file.bytes]), file.name);
    }
    return data;
  }
  const doc = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value)));

  it('creates an event with its raw data (201), readable through /event/ and /event/{id}/data/', async () => {
    const res = await t.client.post(
      '/event/upload/',
      form(
        {
          stream: 's--42--a1b--5003',
          timestamp: '2019-06-02T10:00:00Z',
          streamer_local_id: '12',
          encoded_extra_data: '{"peak": 3}',
        },
        { name: 'trace.json', bytes: doc({ trace: [1, 2, 3] }) },
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stream: OUTFLOW,
      timestamp: '2019-06-02T10:00:00Z',
      streamer_local_id: 12,
      device_timestamp: null,
    });
    const event = await t.client.get(`/event/${res.body.id}/`);
    expect(event.body).toMatchObject({ extra_data: { peak: 3 }, has_raw_data: true, ext: 'json' });
    expect((await t.client.get(`/event/${res.body.id}/data/`)).body).toEqual({ trace: [1, 2, 3] });
  });

  it('reads .json.gz files', async () => {
    const { gzipSync } = await import('node:zlib');
    const res = await t.client.post(
      '/event/upload/',
      form(
        { stream: OUTFLOW, timestamp: '2019-06-02T11:00:00Z' },
        { name: 'x.json.gz', bytes: new Uint8Array(gzipSync(Buffer.from('{"z": 1}'))) },
      ),
    );
    expect(res.status).toBe(201);
    expect((await t.client.get(`/event/${res.body.id}/data/`)).body).toEqual({ z: 1 });
  });

  it('answers 400 for a missing file, a bad extension, missing fields or bad JSON', async () => {
    const fields = { stream: OUTFLOW, timestamp: '2019-06-02T11:00:00Z' };
    expect((await t.client.post('/event/upload/', form(fields))).body).toEqual({
      error: "missing request.data['file']",
    });
    expect(
      (await t.client.post('/event/upload/', form(fields, { name: 'a.csv', bytes: doc(1) }))).body,
    ).toEqual(['Unsupported extension for Stream Event']);
    const missing = await t.client.post('/event/upload/', form({}, { name: 'a.json', bytes: doc(1) }));
    expect(Object.keys(missing.body).sort()).toEqual(['stream', 'timestamp']);
    const bad = await t.client.post(
      '/event/upload/',
      form(fields, { name: 'a.json', bytes: new Uint8Array(Buffer.from('{')) }),
    );
    expect(bad.status).toBe(400);
  });
});

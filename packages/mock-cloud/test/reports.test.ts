import { beforeAll, describe, expect, it } from 'vitest';

import { MockIOTileCloud } from '../src/index.js';
import { type Started, startCloud } from './support/cloud.js';
import { encodeMsgpack, encodeSignedList, flexibleReport, type Reading } from './support/report-encoder.js';

let t: Started;
let device: string;
let projectSlug: string;
/** The server clock: 2020-03-01T12:00:00.25Z (report records' `created_on` follows it). */
const NOW = Date.UTC(2020, 2, 1, 12, 0, 0, 250) / 1000;
beforeAll(async () => {
  t = await startCloud({ data: [], clock: () => NOW });
  t.cloud.quickAddUser();
  const project = t.cloud.quickAddProject('Reports');
  projectSlug = project.slug;
  device = t.cloud.quickAddDevice(project.id, 10);
  await t.client.login();
});

const RECEIVED = '2020-03-01T12:00:00Z';

function form(bytes: Uint8Array<ArrayBuffer>, name: string): FormData {
  const data = new FormData();
  data.set('file', new Blob([bytes]), name);
  return data;
}

function upload(
  bytes: Uint8Array<ArrayBuffer> | null,
  name = 'report.bin',
  timestamp: string | null = RECEIVED,
) {
  const body = bytes === null ? new FormData() : form(bytes, name);
  return t.client.post('/streamer/report/', body, { query: timestamp === null ? {} : { timestamp } });
}

const readings = (n: number, first = 1): Reading[] =>
  Array.from({ length: n }, (_, i) => ({
    stream: 0x5001,
    id: first + i,
    timestamp: 100 + 10 * i,
    value: 500 + i,
  }));

describe('POST /streamer/report/ with a binary signed-list report', () => {
  it('answers 201 {count}, creates the streamer, records the report and stores the data', async () => {
    const bytes = encodeSignedList({
      deviceId: 10,
      readings: readings(5),
      reportId: 77,
      sentTimestamp: 1000,
      streamerIndex: 1,
      selector: 0xabcd,
    });
    const res = await upload(bytes);
    expect(res).toMatchObject({ status: 201, body: { count: 5 } });

    const streamer = await t.client.get('/streamer/t--0000-0000-0000-000a--0001/');
    expect(streamer.body).toMatchObject({ device, index: 1, last_id: 5, selector: 0xabcd, is_system: false });

    const reports = await t.client.get('/streamer/report/');
    expect(reports.body.count).toBe(1);
    const report = reports.body.results[0];
    expect(report).toMatchObject({
      original_first_id: 1,
      original_last_id: 5,
      actual_first_id: 1,
      actual_last_id: 5,
      streamer: 't--0000-0000-0000-000a--0001',
      sent_timestamp: '2020-03-01T12:00:00Z',
      device_sent_timestamp: 1000,
      incremental_id: 77,
      created_on: '2020-03-01T12:00:00.250000Z',
      created_by: 'test',
    });
    expect((await t.client.get(`/streamer/report/${report.id}/`)).body.id).toBe(report.id);
    expect(t.cloud.rawReportFiles.get(report.id)).toEqual(bytes);

    const stream = `s--${projectSlug.slice(3)}--0000-0000-0000-000a--5001`;
    const data = await t.client.get('/data/', { filter: stream });
    expect(data.body.results.map((p: { timestamp: string }) => p.timestamp)).toEqual([
      '2020-03-01T11:45:00Z',
      '2020-03-01T11:45:10Z',
      '2020-03-01T11:45:20Z',
      '2020-03-01T11:45:30Z',
      '2020-03-01T11:45:40Z',
    ]);
    expect(data.body.results[4]).toMatchObject({
      int_value: 504,
      streamer_local_id: 5,
      device_timestamp: 140,
    });
  });

  it('does not store readings twice: only ids above the acknowledgement become data', async () => {
    const bytes = encodeSignedList({
      deviceId: 10,
      readings: readings(8),
      streamerIndex: 1,
      selector: 0xabcd,
    });
    const res = await upload(bytes);
    expect(res.body.count).toBe(8);
    const stream = `s--${projectSlug.slice(3)}--0000-0000-0000-000a--5001`;
    expect((await t.client.get('/data/', { filter: stream })).body.count).toBe(8);
    expect((await t.client.get('/streamer/t--0000-0000-0000-000a--0001/')).body.last_id).toBe(8);
    const history = await t.client.get('/streamer/t--0000-0000-0000-000a--0001/report/');
    expect(history.body).toHaveLength(2);
  });

  it('accepts a file without extension as binary', async () => {
    const res = await upload(
      encodeSignedList({ deviceId: 10, readings: readings(2, 100), streamerIndex: 2 }),
      'report',
    );
    expect(res).toMatchObject({ status: 201, body: { count: 2 } });
  });

  it.each([
    [
      'a wrong hash',
      encodeSignedList({ deviceId: 10, readings: readings(2), badHash: true }),
      /^Invalid Hash: d--0000-0000-0000-000a/,
    ],
    [
      'signature flags',
      encodeSignedList({ deviceId: 10, readings: readings(2), signatureFlags: 1 }),
      /^Unrecognized signature flags/,
    ],
    [
      'another format',
      encodeSignedList({ deviceId: 10, readings: readings(2), format: 2 }),
      /^Unsupported Report Format: 2/,
    ],
    [
      'a truncated file',
      encodeSignedList({ deviceId: 10, readings: readings(2) }).slice(0, 40),
      /length mismatch/,
    ],
    ['a tiny file', new Uint8Array([1, 2, 3]), /too short/],
  ])('answers 400 with a message for %s', async (_name, bytes, message) => {
    const res = await upload(bytes);
    expect(res.status).toBe(400);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatch(message);
  });

  it('answers 404 for an unknown device and 400 for an unclaimed one', async () => {
    expect((await upload(encodeSignedList({ deviceId: 0xbeef, readings: readings(1) }))).status).toBe(404);
    t.cloud.addData({ devices: [{ slug: 'd--0000-0000-0000-0bbb', project: null }] });
    const unclaimed = await upload(encodeSignedList({ deviceId: 0xbbb, readings: readings(1) }));
    expect(unclaimed).toMatchObject({
      status: 400,
      body: ['Device d--0000-0000-0000-0bbb has not been claimed. Yet, it is uploading a report'],
    });
  });
});

describe('POST /streamer/report/ request errors', () => {
  it('requires the file part and the timestamp', async () => {
    expect(await upload(null)).toMatchObject({
      status: 400,
      body: { error: "missing request.data['file']" },
    });
    const bytes = encodeSignedList({ deviceId: 10, readings: readings(1) });
    expect(await upload(bytes, 'r.bin', null)).toMatchObject({
      status: 400,
      body: { error: 'missing timestamp argument' },
    });
    expect(await upload(bytes, 'r.bin', 'yesterday')).toMatchObject({
      status: 400,
      body: ['Upload function requires a ?timestamp=str argument in UTC format'],
    });
  });

  it('takes a timestamp without zone as UTC', async () => {
    const res = await upload(
      encodeSignedList({ deviceId: 10, readings: readings(1, 500), streamerIndex: 3 }),
      'r.bin',
      '2020-03-01T12:00:00',
    );
    expect(res.status).toBe(201);
  });

  it('refuses other extensions', async () => {
    const res = await upload(new Uint8Array([1]), 'report.txt');
    expect(res).toMatchObject({
      status: 400,
      body: ['Streamer Report file extension not supported. Expected: .bin, .json or .mp'],
    });
  });
});

describe('POST /streamer/report/ with a msgpack (.mp) or JSON report', () => {
  it('stores data and events, with their extra data and raw data', async () => {
    const report = flexibleReport({
      device: 10,
      streamer_index: 4,
      device_sent_timestamp: 60,
      data: [
        { stream: 0x5010, streamer_local_id: 1, timestamp: '2020-03-01T10:00:00', value: 42 },
        { stream: '5010', streamer_local_id: 2, device_timestamp: 30, timestamp: null, value: 43 },
      ],
      events: [
        {
          stream: 0x5020,
          streamer_local_id: 3,
          timestamp: null,
          device_timestamp: 45,
          extra_data: { peak: 9.5 },
          data: { trace: [1, 2] },
        },
      ],
    });
    const res = await upload(encodeMsgpack(report), 'report.mp');
    expect(res).toMatchObject({ status: 201, body: { count: 3 } });
    const base = `s--${projectSlug.slice(3)}--0000-0000-0000-000a`;
    const data = await t.client.get('/data/', { filter: `${base}--5010` });
    expect(
      data.body.results.map((p: { timestamp: string; int_value: number }) => [p.timestamp, p.int_value]),
    ).toEqual([
      ['2020-03-01T10:00:00Z', 42],
      ['2020-03-01T11:59:30Z', 43],
    ]);
    const events = await t.client.get('/event/', { filter: `${base}--5020` });
    expect(events.body.results[0]).toMatchObject({
      extra_data: { peak: 9.5 },
      has_raw_data: true,
      timestamp: '2020-03-01T11:59:45Z',
    });
    expect((await t.client.get(`/event/${events.body.results[0].id}/data/`)).body).toEqual({ trace: [1, 2] });
  });

  it('accepts the same report as .json', async () => {
    const report = flexibleReport({
      device: 10,
      streamer_index: 5,
      data: [{ stream: 0x5011, streamer_local_id: 9, value: 1 }],
    });
    const res = await upload(new TextEncoder().encode(JSON.stringify(report)), 'report.json');
    expect(res).toMatchObject({ status: 201, body: { count: 1 } });
  });

  it.each([
    [
      'a wrong format tag',
      encodeMsgpack(flexibleReport({ device: 10, format: 'v200' })),
      /unsupported report format "v200"/,
    ],
    [
      'missing fields',
      encodeMsgpack({ format: 'v100', device: 10 }),
      /missing required field\(s\): streamer_index/,
    ],
    // Out-of-range values were 500s (the slug classes threw); they are the client's mistake: 400.
    [
      'a device id above 2^53',
      encodeMsgpack(flexibleReport({ device: 1e20 })),
      /"device": expected an integer/,
    ],
    ['a negative device id', encodeMsgpack(flexibleReport({ device: -1 })), /"device": expected an integer/],
    [
      'a streamer index above 16 bits',
      encodeMsgpack(flexibleReport({ device: 10, streamer_index: 1e9 })),
      /"streamer_index": expected an integer from 0 to 0xffff, got 1000000000/,
    ],
    [
      'a reading on stream 0',
      encodeMsgpack(flexibleReport({ device: 10, data: [{ stream: 0, streamer_local_id: 1, value: 1 }] })),
      /data\[0\]: "stream" must be a 16-bit variable id from 1 to 0xffff/,
    ],
    [
      'an uptime beyond 32 bits',
      encodeMsgpack(flexibleReport({ device: 10, device_sent_timestamp: 1e300 })),
      /"device_sent_timestamp": expected an integer from 0 to 0xffffffff/,
    ],
    [
      'a reading uptime beyond 32 bits',
      encodeMsgpack(
        flexibleReport({
          device: 10,
          data: [{ stream: 0x5001, streamer_local_id: 1, value: 1, device_timestamp: 2 ** 40 }],
        }),
      ),
      /data\[0\]: "device_timestamp": expected an integer from 0 to 0xffffffff/,
    ],
    ['garbage', new Uint8Array([0xc1, 0xc1]), /msgpack decoding failed/],
    [
      'a bad item',
      encodeMsgpack(flexibleReport({ device: 10, data: [{ stream: 'zz', streamer_local_id: 1, value: 1 }] })),
      /"stream" must be/,
    ],
  ])('answers 400 for a .mp report with %s', async (_name, bytes, message) => {
    const res = await upload(bytes, 'report.mp');
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatch(message);
  });

  it("stores value = o + int_value * m / d with the stream's input unit (raw when the unit cannot convert)", async () => {
    const base = `s--${projectSlug.slice(3)}--0000-0000-0000-000a`;
    t.cloud.addData({
      streams: [
        { slug: `${base}--5031`, input_unit: { slug: 'in--x', m: 3, d: 2, o: 1 } },
        { slug: `${base}--5032`, input_unit: { slug: 'in--y', m: 3, d: 0 } },
      ],
    });
    const report = flexibleReport({
      device: 10,
      streamer_index: 7,
      data: [
        { stream: 0x5031, streamer_local_id: 1, value: 10, timestamp: '2020-01-01T00:00:00Z' },
        { stream: 0x5032, streamer_local_id: 2, value: 10, timestamp: '2020-01-01T00:00:00Z' },
      ],
    });
    expect((await upload(new TextEncoder().encode(JSON.stringify(report)), 'report.json')).status).toBe(201);
    const converted = await t.client.get(`/stream/${base}--5031/data/`);
    expect(converted.body.results[0]).toMatchObject({ int_value: 10, value: 16 });
    const raw = await t.client.get(`/stream/${base}--5032/data/`);
    expect(raw.body.results[0]).toMatchObject({ int_value: 10, value: 10 });
  });

  it('answers 400 for a .json report with "device": 1e20, and keeps nothing of it', async () => {
    const before = (await t.client.get('/streamer/report/')).body.count;
    const text = JSON.stringify(
      flexibleReport({ device: 1e20, data: [{ stream: 0x5001, streamer_local_id: 1, value: 1 }] }),
    );
    const res = await upload(new TextEncoder().encode(text), 'report.json');
    expect(res.status).toBe(400);
    expect(res.body).toEqual(['"device": expected an integer from 0 to 2^53 - 1, got 100000000000000000000']);
    expect((await t.client.get('/streamer/report/')).body.count).toBe(before);
  });

  it('answers 400 for a binary report with a reading on stream 0', async () => {
    const bytes = encodeSignedList({
      deviceId: 10,
      readings: [{ stream: 0, id: 1, timestamp: 1, value: 1 }],
    });
    const res = await upload(bytes);
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatch(
      /readings\[0\]: "stream" must be a 16-bit variable id from 1 to 0xffff, got 0/,
    );
  });

  it('answers 400 for a reading dated outside years 1 to 9999', async () => {
    const report = flexibleReport({
      device: 10,
      data: [{ stream: 0x5001, streamer_local_id: 1, value: 1, timestamp: '9999-12-31T23:59:59Z' }],
      events: [{ stream: 0x5001, streamer_local_id: 2 }],
      device_sent_timestamp: 0xffffffff,
    });
    const res = await upload(
      new TextEncoder().encode(JSON.stringify(report)),
      'report.json',
      '0001-01-02T00:00:00Z',
    );
    expect(res.status).toBe(400);
    expect(res.body[0]).toMatch(/events\[0\]: the time .* is outside years 1 to 9999/);
  });
});

describe('streamer listing', () => {
  it('lists streamers, filters by device, and says is_system only for selector 0x5FFF', async () => {
    const cloud = new MockIOTileCloud();
    cloud.quickAddUser();
    const server = await cloud.start();
    try {
      const { SpecClient } = await import('./support/spec-client.js');
      const client = new SpecClient(server.url);
      await client.login();
      const project = cloud.quickAddProject();
      const dev = cloud.quickAddDevice(project.id, 15, [10, 15]);
      cloud.quickAddDevice(project.id, 20, [1]);
      expect((await client.get('/streamer/')).body.count).toBe(3);
      const mine = await client.get('/streamer/', { device: dev });
      expect(
        mine.body.results.map((s: { is_system: boolean; selector: number }) => [s.selector, s.is_system]),
      ).toEqual([
        [0xd7ff, false],
        [0x5fff, true],
      ]);
      expect((await client.get('/streamer/', { device: 'd--0000-0000-0000-9999' })).status).toBe(404);
      expect((await client.get('/streamer/t--0000-0000-0000-0015--0001/')).status).toBe(404);
      expect((await client.get('/streamer/report/not-a-uuid/')).body).toEqual([
        'Streamer Report ID must be a UUID',
      ]);
    } finally {
      await server.close();
    }
  });
});

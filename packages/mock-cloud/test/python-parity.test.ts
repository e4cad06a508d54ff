/**
 * The calls the Python client (`iotile_cloud` 0.9.14) makes — login, device, project by UUID, stream lists
 * by project and by device, stream data (page by page), `/data/?filter=`, events and event data, device
 * extra, vartype, data frame, report upload — replayed with `@iotile/client`'s `Api` against the mock
 * loaded with fixtures in the Python mock's format (our own files). Each result is compared with what
 * the Python mock answers for the same fixtures; where the answer differs on purpose (the real server's
 * behaviour), the test says so.
 */
import { Api } from '@iotile/client';
import { beforeAll, describe, expect, it } from 'vitest';

import { MockIOTileCloud, type RunningServer } from '../src/index.js';
import {
  DEVICE,
  fixture,
  INFLOW,
  LEVEL,
  NO_RECORD,
  OUTFLOW,
  PROJECT_ID,
  STREAM_FOLDER,
} from './support/cloud.js';
import { encodeSignedList } from './support/report-encoder.js';
import { validatingFetch } from './support/validating-fetch.js';

let cloud: MockIOTileCloud;
let server: RunningServer;
let api: Api;

beforeAll(async () => {
  // The Python fixture setup: `add_data(basic)`, `add_data(project)`, `stream_folder = ...`.
  cloud = new MockIOTileCloud();
  cloud.addData(fixture('users.json'));
  cloud.addData(fixture('project.json'));
  cloud.streamFolder = STREAM_FOLDER;
  server = await cloud.start({ port: 0 });
  api = new Api({ domain: server.url, fetch: validatingFetch, retries: 0 });
  return () => server.close();
});

type Page<T> = { count: number; next: string | null; results: T[] };
type Row = Record<string, unknown>;

describe('Python client calls', () => {
  it('login: true for the right password (username read from the answer), false otherwise', async () => {
    expect(await api.login({ email: 'ada@example.com', password: 'lovelace' })).toBe(true);
    // Python mock: `username` is the e-mail; the real server (and this mock) send the account's username.
    expect(api.username).toBe('ada');
    const other = new Api({ domain: server.url, fetch: validatingFetch, retries: 0 });
    expect(await other.login({ email: 'ada@example.com', password: 'nope' })).toBe(false);
    expect(await other.login({ email: 'nobody@example.com', password: 'lovelace' })).toBe(false);
  });

  it('device, datablock, stream and project by id: the fixture objects', async () => {
    const device = await api.rest.device(DEVICE).get<Row>();
    expect(device).toMatchObject({
      slug: DEVICE,
      label: 'North Tank',
      project: PROJECT_ID,
      sg: 'tank-monitor-v2-0-0',
    });
    expect((await api.rest.datablock('b--0002-0000-0000-0a1b').get<Row>()).slug).toBe(
      'b--0002-0000-0000-0a1b',
    );
    expect((await api.rest.stream(INFLOW).get<Row>()).slug).toBe(INFLOW);
    const project = await api.rest.project(PROJECT_ID).get<Row>();
    expect(project).toMatchObject({ slug: 'p--0000-0042', name: 'Reservoir Levels', org: 'reservoir-co' });
  });

  it('stream lists by project and by device (the report generator reads count and slugs)', async () => {
    const byProject = await api.rest.stream.get<Page<Row>>({ project: 'p--0000-0042' });
    const byDevice = await api.rest.stream.get<Page<Row>>({ device: DEVICE });
    expect(byProject.results.map((s) => s.slug)).toEqual([LEVEL, INFLOW, OUTFLOW]);
    expect(byDevice.count).toBe(3);
    expect(byDevice.results[0]?.output_unit).toMatchObject({ unit_short: 'm' });
  });

  it('stream data page by page, like StreamData.initialize_from_server', async () => {
    const points: Row[] = [];
    for (let page = 1; page; ) {
      const res = await api.rest.stream(LEVEL).data.get<Page<Row>>({ page, page_size: 5 });
      points.push(...res.results);
      page = res.next ? page + 1 : 0;
    }
    expect(points).toHaveLength(12);
    expect(points.map((p) => p.int_value)).toEqual(Array.from({ length: 12 }, (_, i) => 1000 + 37 * i));
    // Real server: second-precision timestamps (the fixture has microseconds, the Python mock echoes them).
    expect(points[6]?.timestamp).toBe('2019-06-01T09:00:00Z');
    expect(points[0]?.output_value).toBe(1);
  });

  it('/data/?filter= gives the rows with project, device, stream and variable', async () => {
    const res = await api.rest.data.get<Page<Row>>({ filter: LEVEL });
    expect(res.count).toBe(12);
    expect(res.results[0]).toMatchObject({
      project: 'p--0000-0042',
      device: DEVICE,
      stream: LEVEL,
      variable: 'v--0000-0042--5001',
      value: 1000,
      int_value: 1000,
      dirty_ts: false,
    });
    expect((await api.rest.data.get<Page<Row>>({ filter: NO_RECORD })).count).toBe(2);
    // Real server: `lastn` is honoured (the Python mock ignores it).
    expect((await api.rest.data.get<Page<Row>>({ filter: LEVEL, lastn: 1 })).results[0]?.int_value).toBe(
      1407,
    );
  });

  it('events of a stream, and their raw data', async () => {
    const events = await api.rest.event.get<Page<Row>>({ filter: OUTFLOW });
    expect(events.results.map((e) => [e.id, e.extra_data])).toEqual([
      [41, { kind: 'overflow' }],
      [42, { kind: 'drain' }],
      [43, { kind: 'note' }],
    ]);
    expect(await api.rest.event(41).data.get()).toEqual({ samples: [1, 2, 3], unit: 'cm' });
    expect(await api.rest.event(42).data.get()).toEqual({ samples: [], reason: 'scheduled' });
    // Real server: 404 for an event without raw data (the Python mock serves a file regardless).
    await expect(api.rest.event(43).data.get()).rejects.toMatchObject({ status: 404 });
  });

  it('device extra: data counts per stream and whether the stream has a record', async () => {
    const extra = await api.rest.device(DEVICE).extra.get<{ stream_counts: Record<string, Row> }>();
    expect(extra.stream_counts[LEVEL]).toEqual({ data_cnt: 12, has_streamid: true });
    expect(extra.stream_counts[INFLOW]).toEqual({ data_cnt: 4, has_streamid: true });
    expect(extra.stream_counts[NO_RECORD]).toEqual({ data_cnt: 2, has_streamid: false });
    // Real server: event counts too (the Python mock counts data only).
    expect(extra.stream_counts[OUTFLOW]).toEqual({ event_cnt: 3, has_streamid: true });
  });

  it('vartype from the stream folder', async () => {
    const vartype = await api.rest.vartype('tank-level').get<Row>();
    expect(vartype).toMatchObject({ slug: 'tank-level', name: 'Tank Level' });
  });

  it('data frame as CSV', async () => {
    // Python's `api.df.get(filter=...)` sends `Accept: */*` and gets the CSV (as bytes). The generic
    // resource asks for JSON first; `parseAs: 'text'` leaves Accept to fetch (`*/*`), as Python does.
    const csv = await api.rest.df.get({ filter: INFLOW }, { parseAs: 'text' });
    const lines = String(csv).trim().split('\n');
    // Real server: header `value` for a stream with a record (the Python mock says `int_value`).
    expect(lines[0]).toBe('row,value,stream_slug');
    expect(lines).toHaveLength(5);
    // The same CSV by `format`, read as text because of its type; and through the typed call.
    expect(await api.rest.df.get({ filter: INFLOW, format: 'csv' })).toBe(csv);
    const typed = await api.GET('/df/', {
      params: { query: { filter: INFLOW, format: 'csv' } },
      parseAs: 'text',
    });
    expect(typed.data).toBe(csv);
    // Without either, the generic resource gets the JSON rows.
    const rows = await api.rest.df.get<Row[]>({ filter: INFLOW });
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ stream_slug: INFLOW });
  });

  it('report upload: 201 {count}, then the streamer acknowledgement and the report record', async () => {
    cloud.addData({ devices: [{ slug: 'd--0000-0000-0000-000a', project: PROJECT_ID }] });
    const bytes = encodeSignedList({
      deviceId: 10,
      streamerIndex: 1,
      selector: 0xabcd,
      readings: Array.from({ length: 100 }, (_, i) => ({
        stream: 0x5001,
        id: i + 1,
        timestamp: i,
        value: 100 + i,
      })),
    });
    const res = await api.rest.streamer.report.uploadFile<{ count: number }>(bytes, {
      filename: 'report.bin',
      query: { timestamp: '2018-01-01T00:00:00Z' },
    });
    expect(res).toEqual({ count: 100 });
    const streamer = await api.rest.streamer('t--0000-0000-0000-000a--0001').get<Row>();
    expect(streamer).toMatchObject({ last_id: 100, selector: 0xabcd });
    const reports = await api.rest.streamer.report.get<Page<Row>>();
    expect(reports.results).toHaveLength(1);
    const id = reports.results[0]?.id as string;
    expect((await api.rest.streamer.report(id).get<Row>()).id).toBe(id);
    expect(cloud.rawReportFiles.get(id)).toEqual(bytes);
  });

  it('logout answers 204', async () => {
    expect(await api.logout()).toBe(true);
  });
});

/**
 * The data group beyond what the spec can state: fixture sections of the new tables, answers whose shape
 * the spec does not describe (DRF's list of per-item errors, an empty 201), msgpack, the server's value
 * conversions and Python formatting, and where the server's own code fails (500).
 */
import { decode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_STREAMS, FixtureError, MockIOTileCloud, type RunningServer } from '../src/index.js';
import { pyFloat, pyRepr } from '../src/resources/stream-tables.js';
import { SpecClient } from './support/spec-client.js';

const PROJECT = { id: '0a5ff4c0-66c3-4d4b-9d37-1c1c2c3c4c5c', slug: 'p--0000-0042', org: 'acme' };
const DEVICE = 'd--0000-0000-0000-0a1b';
const STREAM = 's--0000-0042--0000-0000-0000-0a1b--5001';
const SIGNED = 's--0000-0042--0000-0000-0000-0a1b--5002';

let cloud: MockIOTileCloud;
let server: RunningServer;
let client: SpecClient;

beforeAll(async () => {
  cloud = new MockIOTileCloud({
    data: {
      users: { 'ada@example.com': { password: 'pw', username: 'ada' } },
      orgs: [{ slug: 'acme', name: 'Acme' }],
      projects: [{ id: PROJECT.id, slug: PROJECT.slug, org: 'acme', name: 'Tanks' }],
      devices: [{ slug: DEVICE, project: PROJECT.id, org: 'acme' }],
      streams: [
        { slug: STREAM, output_unit: { slug: 'out--x', m: 1, d: 4, o: 0 } },
        { slug: SIGNED, raw_value_format: '<l', multiplication_factor: 1, division_factor: 10 },
      ],
      variables: [{ slug: 'v--0042--5001', name: 'Level', lid: 0x5001, project: PROJECT.id }],
      stream_filters: [{ project: PROJECT.slug, variable: 'v--0000-0042--5001', name: 'Tank' }],
      filter_states: [{ filter: 'f--0000-0042----5001', label: 'High' }],
      filter_actions: [{ type: 'slk', state: 1 }],
      stream_aliases: [{ id: 7, name: 'Tank level', org: 'acme' }],
      stream_alias_taps: [
        { alias: 'a--0000-0000-0000-0007', timestamp: '2020-01-01T00:00:00Z', stream: STREAM },
      ],
      generated_reports: [{ label: 'Old report', org: 'acme', status: 'G1', created_by: 'ada' }],
      data: {
        [STREAM]: [
          { timestamp: '2020-01-01T00:00:00Z', int_value: 10, value: 10 },
          { timestamp: '2020-01-01T00:01:00Z', int_value: 2, value: 2 },
        ],
      },
    },
  });
  server = await cloud.start({ port: 0 });
  client = new SpecClient(server.url);
  await client.login('ada@example.com', 'pw');
});
afterAll(() => server?.close());

/** A request outside the spec check, for answers the spec does not describe. */
async function raw(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `jwt ${client.token}`);
  if (typeof init.body === 'string') {
    headers.set('content-type', 'application/json');
  }
  return fetch(`${server.url}/api/v1${path}`, { ...init, headers });
}

describe('fixture sections of the data group', () => {
  it('serves variables, filters with their states and actions, aliases, taps and generated reports', async () => {
    expect((await client.get('/variable/v--0000-0042--5001/')).body).toMatchObject({
      name: 'Level',
      project: PROJECT.id,
      org: 'acme',
    });
    const filter = await client.get('/filter/f--0000-0042----5001/');
    expect(filter.body).toMatchObject({
      id: 1,
      name: 'Tank',
      input_stream: null,
      device: null,
      states: [
        { id: 1, label: 'High', slug: 'high', actions: [{ id: 1, type: 'slk', on: 'entry', state: 1 }] },
      ],
    });
    expect((await client.get('/alias/a--0000-0000-0000-0007/')).body).toMatchObject({
      id: 7,
      name: 'Tank level',
    });
    expect((await client.get('/tap/', { target: 'a--0000-0000-0000-0007' })).body.results).toEqual([
      expect.objectContaining({ id: 1, stream: STREAM, timestamp: '2020-01-01T00:00:00Z' }),
    ]);
    const reports = await client.get('/report/generated/');
    expect(reports.body.results).toEqual([
      expect.objectContaining({
        label: 'Old report',
        status: 'G1',
        user_info: expect.objectContaining({ slug: 'ada' }),
      }),
    ]);
    // New objects take the ids after the fixture's.
    expect((await client.post('/alias/', { name: 'Second', org: 'acme' })).body.id).toBe(8);
  });

  it('refuses a bad item with a FixtureError naming it', () => {
    expect(() => cloud.addData({ variables: [{ slug: 'v--nope' }] })).toThrow(FixtureError);
    expect(() => cloud.addData({ generated_reports: [{ id: 'x', label: 'L', org: 'acme' }] })).toThrow(
      /generated_reports\[0\]: "id" must be a UUID/,
    );
  });
});

describe('answers the spec does not describe', () => {
  it('lists one error object per item of an array body (DRF ListSerializer)', async () => {
    const res = await raw('/data/', {
      method: 'POST',
      body: JSON.stringify([
        { stream: STREAM, timestamp: '2020-01-02T00:00:00Z', int_value: 1 },
        { stream: STREAM },
      ]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([{}, { timestamp: ['This field is required.'] }]);
    const notes = await raw('/note/', { method: 'POST', body: JSON.stringify([{ target: DEVICE }]) });
    expect(await notes.json()).toEqual([{ timestamp: ['This field is required.'] }]);
  });

  it('answers an empty note array with 201 and no body, as for events', async () => {
    for (const path of ['/note/', '/event/']) {
      const res = await raw(path, { method: 'POST', body: '[]' });
      expect(res.status).toBe(201);
      expect(await res.text()).toBe('');
    }
  });
});

describe('msgpack on /event/', () => {
  it('renders lists, items and created events as msgpack when asked', async () => {
    const created = await raw('/event/?format=msgpack', {
      method: 'POST',
      body: JSON.stringify({ stream: STREAM, timestamp: '2020-01-01T00:00:00Z', extra_data: { level: 3 } }),
    });
    expect(created.headers.get('content-type')).toBe('application/msgpack');
    const event = decode(new Uint8Array(await created.arrayBuffer())) as { id: number; extra_data: unknown };
    expect(event.extra_data).toEqual({ level: 3 });
    const list = await raw(`/event/?filter=${STREAM}`, { headers: { accept: 'application/msgpack' } });
    expect(decode(new Uint8Array(await list.arrayBuffer()))).toMatchObject({
      count: 1,
      results: [{ id: event.id }],
    });
  });
});

describe('values', () => {
  it('converts an int_value with the raw format and the stream factors (signed 32 bits, then / 10)', async () => {
    const res = await client.post('/data/', {
      stream: SIGNED,
      timestamp: '2020-01-01T00:00:00Z',
      int_value: 0xfffffff6,
    });
    // 0xfffffff6 read as '<l' is -10; the stream's factors make it -1; no input unit: type Num.
    expect(res.body).toMatchObject({ int_value: 0xfffffff6, value: -1, type: 'Num' });
  });

  it('writes CSV values through the output unit, as Python prints floats', async () => {
    const csv = await client.get(`/stream/${STREAM}/csv/`);
    expect(csv.text).toBe('Timestamp,Value\r\n2020/01/01 00:00:00,2.5\r\n2020/01/01 00:01:00,0.5\r\n');
  });

  it('prints floats and dicts as Python does', () => {
    expect([1, 2.5, 1e-5, 1e16, 123456789012345.6, -0, 0.0001].map(pyFloat)).toEqual([
      '1.0',
      '2.5',
      '1e-05',
      '1e+16',
      '123456789012345.6',
      '-0.0',
      '0.0001',
    ]);
    expect(pyRepr({ a: "it's", b: [true, null, 2, 0.5], c: 'x"y' })).toBe(
      `{'a': "it's", 'b': [True, None, 2, 0.5], 'c': 'x"y'}`,
    );
  });
});

describe("where the server's code fails", () => {
  it('answers 500 for a DataTables page past the end, a filter PATCH without its variable, a note on nothing', async () => {
    // Django's paginator refuses a page past the last one.
    expect((await raw(`/stream/${STREAM}/datatable/?start=5&length=1`)).status).toBe(500);
    expect((await raw(`/stream/${STREAM}/datatable/?start=0&length=1`)).status).toBe(200);
    expect(
      (await raw('/filter/f--0000-0042----5001/', { method: 'PATCH', body: JSON.stringify({ name: 'x' }) }))
        .status,
    ).toBe(500);
    const note = await raw('/note/', {
      method: 'POST',
      body: JSON.stringify({ target: 'd--0000-0000-0000-0fff', timestamp: '2020-01-01T00:00:00Z' }),
    });
    expect(note.status).toBe(500);
  });

  it('still serves the demo', async () => {
    const demo = await new MockIOTileCloud({ demo: true }).start({ port: 0 });
    try {
      const c = new SpecClient(demo.url);
      await c.login('demo@example.com', 'iotile-demo');
      expect(
        (await c.get(`/stream/${DEMO_STREAMS.tripEnd}/datatable/`, { start: 0, length: 1 })).body
          .recordsTotal,
      ).toBe(1);
    } finally {
      await demo.close();
    }
  });
});

describe('more of the server rules', () => {
  const json = async (path: string, method: string, body?: unknown) => {
    const res = await raw(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  it('variables: template variables, project filters, derived variables, a null project', async () => {
    expect((await json('/variable/', 'POST', { name: 'T', lid: 0x5100, project: null })).status).toBe(500);
    const derived = await json('/variable/', 'POST', {
      name: 'Derived',
      lid: 0x5101,
      project: PROJECT.id,
      derived_variable: 'v--0000-0042--5001',
      input_unit: 'in--nope',
    });
    expect(derived.body).toEqual({ input_unit: ['Object with slug=in--nope does not exist.'] });
    const made = await json('/variable/', 'POST', {
      name: 'Derived',
      lid: 0x5101,
      project: PROJECT.id,
      derived_variable: 'v--0000-0042--5001',
    });
    expect(made.body).toMatchObject({ derived_variable: 'v--0000-0042--5001', slug: 'v--0000-0042--5101' });
    expect(
      (await json('/variable/', 'POST', { name: 'X', lid: 1, project: PROJECT.id, derived_variable: 'v--9' }))
        .body,
    ).toEqual({
      derived_variable: ['Object with slug=v--9 does not exist.'],
    });
    expect(
      (
        await json('/variable/', 'POST', {
          name: 'X',
          lid: 1,
          project: '00000000-0000-4000-8000-000000000000',
        })
      ).body,
    ).toEqual({
      project: ['Invalid pk "00000000-0000-4000-8000-000000000000" - object does not exist.'],
    });
    cloud.addData({ variables: [{ slug: 'v--0000-0000--5999', name: 'Template', project: null }] });
    const count = async (query: string) => (await json(`/variable/?${query}`, 'GET')).body.count;
    expect(await count(`project=${PROJECT.id}`)).toBe(2);
    expect(await count(`project=${PROJECT.id}&include_templates=1`)).toBe(3);
    expect(await count('project=p--0042')).toBe(2);
    expect(await count('project=p--zz')).toBe(0);
    expect(await count('org=acme')).toBe(2);
    // A template variable is readable by everyone; its type is none.
    expect((await json('/variable/v--0000-0000--5999/type/', 'GET')).body).toEqual({
      name: '',
      stream_data_type: '00',
      storage_units_full: '',
    });
  });

  it('streams: virtual streams, duplicates, lists', async () => {
    const virtual = await json('/stream/', 'POST', { variable: 'v--0000-0042--5101' });
    expect(virtual.body).toMatchObject({ slug: 's--0000-0042--0000-0000-0000-0000--5101', device: null });
    expect((await json('/stream/', 'POST', { variable: 'v--0000-0042--5101' })).status).toBe(500);
    expect((await json('/stream/', 'POST', { variable: 'v--nope' })).body).toEqual({
      variable: ['Object with slug=v--nope does not exist.'],
    });
    expect((await json('/stream/?virtual=1', 'GET')).body.count).toBe(1);
    expect((await json(`/stream/?variable=v--0000-0042--5001&all=1`, 'GET')).body.count).toBe(1);
  });

  it('DataTables: every row, ordered by value, and the failures of the view', async () => {
    const page = await json(`/stream/${STREAM}/datatable/?length=-1&order[0][column]=1`, 'GET');
    expect(page.body.data.map((r: { int_value: number }) => r.int_value)).toEqual([2, 10]);
    const last = await json(
      `/stream/${STREAM}/datatable/?length=-1&order[0][column]=-1&order[0][dir]=desc`,
      'GET',
    );
    expect(last.body.data.map((r: { int_value: number }) => r.int_value)).toEqual([10, 2]);
    for (const query of ['length=0', 'length=x', 'order[0][column]=5', 'length=-2']) {
      expect((await raw(`/stream/${STREAM}/datatable/?${query}`)).status, query).toBe(500);
    }
    expect(
      (await json(`/stream/${STREAM}/eventtable/?start=0&length=1&order[0][column]=1`, 'GET')).status,
    ).toBe(200);
    expect([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map(pyFloat)).toEqual([
      'nan',
      'inf',
      '-inf',
    ]);
    expect(pyRepr('a\\b\n\t\r\u0001')).toBe("'a\\\\b\\n\\t\\r\\x01'");
  });

  it('stream filters: the lookups of the sub-routes', async () => {
    const f = '/filter/f--0000-0042----5001';
    expect((await json(`${f}/state/`, 'DELETE', { color: 'red' })).status).toBe(500);
    expect((await json(`${f}/state/`, 'POST', { label: 'Low' })).status).toBe(201);
    // Two states match an empty body.
    expect((await json(`${f}/state/`, 'DELETE', {})).status).toBe(500);
    expect((await json(`${f}/transition/`, 'POST', { src: null, dst: 1 })).status).toBe(500);
    expect((await json(`${f}/transition/`, 'POST', { src: 1, dst: 2 })).status).toBe(201);
    expect(
      (await json('/filter/', 'POST', { project: PROJECT.slug, variable: 'v--0000-0042--5101' })).status,
    ).toBe(201);
    const other = '/filter/f--0000-0042----5101';
    expect((await json(`${other}/state/`, 'POST', { label: 'Elsewhere' })).body.id).toBe(3);
    expect((await json(`${f}/transition/`, 'POST', { src: 1, dst: 3 })).body).toEqual({
      non_field_errors: ['Src and dst must be states of the filter in serializer context'],
    });
    const transition = (await json(`${f}/transition/`, 'GET')).body[0].id;
    expect(
      (await json(`${other}/trigger/`, 'POST', { operator: 'gt', user_threshold: 1, transition })).body,
    ).toEqual({
      non_field_errors: ['Invalid transition'],
    });
    // A project-wide filter converts thresholds with the variable's factors.
    expect(
      (await json(`${f}/trigger/`, 'POST', { operator: 'gt', user_threshold: 3, transition })).body,
    ).toMatchObject({
      threshold: 3,
      user_unit_full: null,
    });
    expect((await json(`${f}/action/`, 'POST', { type: 'eml', state: 99 })).body).toEqual({
      state: ['Invalid pk "99" - object does not exist.'],
    });
    expect((await json(`${f}/action/`, 'DELETE', { id: 'x' })).status).toBe(404);
    expect((await json('/filter/?staff=1', 'GET')).body.count).toBe(2);
    expect((await json(`/filter/?project=${PROJECT.id}`, 'GET')).body.count).toBe(2);
    expect(
      (await json('/filter/', 'POST', { project: 'p--zz', variable: 'v--0000-0042--5001', device: 'd--zz' }))
        .body,
    ).toEqual({
      project: ['Object with slug=p--zz does not exist.'],
      device: ['Object with slug=d--zz does not exist.'],
    });
    // Deleting a filter takes its parts with it.
    expect((await json(`${f}/`, 'DELETE')).status).toBe(204);
    expect(
      (await json('/filter/', 'POST', { project: PROJECT.slug, variable: 'v--0000-0042--5001' })).status,
    ).toBe(201);
    expect((await json(`${f}/state/`, 'GET')).body).toEqual([]);
  });

  it('streamers and reports: related slugs, uniqueness, filters', async () => {
    expect((await json('/streamer/', 'POST', { device: 'd--0fff' })).status).toBe(403);
    const report = (await json('/streamer/report/?created_by__slug=nobody', 'GET')).body;
    expect(report.count).toBe(0);
    expect((await json('/streamer/?selector=1&slug=t--x', 'GET')).body.count).toBe(0);
  });

  it('msgpack bodies that do not decode, or are not a map or an array', async () => {
    const send = (body: Uint8Array<ArrayBuffer>) =>
      raw('/event/', { method: 'POST', body, headers: { 'content-type': 'application/msgpack' } });
    expect((await send(new Uint8Array([0xc1]))).status).toBe(400);
    expect((await send(new Uint8Array([0x05]))).status).toBe(400);
  });
});

describe('targets and items', () => {
  it('takes data blocks and streams as targets, and refuses an array item that is not an object', async () => {
    cloud.addData({
      datablocks: [{ slug: 'b--0001-0000-0000-0a1b', title: 'Archive' }],
      filter_transitions: [{ filter: 'f--0000-0042----5001', src: null, dst: 1 }],
    });
    expect(() => cloud.addData({ filter_transitions: [{ id: 'x', filter: 'f', src: 1, dst: 2 }] })).toThrow(
      /"id" must be a UUID/,
    );
    const property = await client.post('/property/', {
      target: 'b--0001-0000-0000-0a1b',
      name: 'Kept',
      bool_value: false,
    });
    expect(property.body).toEqual({
      target: 'b--0001-0000-0000-0a1b',
      name: 'Kept',
      is_system: false,
      value: false,
    });
    const note = await client.post('/note/', {
      target: STREAM,
      timestamp: '2020-01-01T00:00:00Z',
      note: 'On the stream',
    });
    expect(note.body).toMatchObject({ target: STREAM, note: 'On the stream' });
    const res = await raw('/data/', { method: 'POST', body: '[1, null]' });
    expect(await res.json()).toEqual([
      { non_field_errors: ['Invalid data. Expected a dictionary, but got int.'] },
      { non_field_errors: ['Invalid data. Expected a dictionary, but got NoneType.'] },
    ]);
  });
});

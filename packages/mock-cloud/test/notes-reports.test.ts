/** The fixture sections `notes`, `reports` and `event_data`, fleet `members`, and the `/note/` routes. */
import { beforeAll, describe, expect, it } from 'vitest';

import { type FixtureData, FixtureError, MockIOTileCloud, type RunningServer } from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

const DEVICE = 'd--0000-0000-0000-00d2';
const STREAMER = 't--0000-0000-0000-00d2--0001';
const REPORT_ID = '0d6e5c1e-3b7d-4e0f-8a21-7f4c2d9b1e30';
const fixture: FixtureData = {
  users: { 'u@example.com': { password: 'pw', username: 'ursula' } },
  devices: [{ slug: DEVICE }],
  streamers: [{ slug: STREAMER, selector: 0x5fff, last_id: 40 }],
  fleets: [{ slug: 'g--0001', members: [{ device: 'd--00d2', is_access_point: true }] }],
  reports: [
    {
      id: REPORT_ID,
      streamer: STREAMER,
      actual_first_id: 1,
      actual_last_id: 20,
      created_on: '2020-01-01T00:00:00Z',
    },
    {
      streamer: 't--00d2--0001',
      actual_first_id: 21,
      actual_last_id: 40,
      created_on: '2020-01-02T00:00:00Z',
    },
  ],
  notes: [
    {
      id: 5,
      target: DEVICE,
      timestamp: '2020-01-02T00:00:00Z',
      note: 'Valve replaced',
      created_by: 'ursula',
    },
    { target: DEVICE, timestamp: '2020-01-01T00:00:00Z', note: 'Installed', type: 'si' },
    { target: 'p--0000-0001', timestamp: '2020-01-01T00:00:00Z', note: 'Other target' },
  ],
  events: [{ id: 9, stream: 's--0000-0001--0000-0000-0000-00d2--5020', timestamp: '2020-01-01T00:00:00Z' }],
  event_data: { '9': { acceleration_data: { x: [1, 2], y: [3], z: [] } } },
};

let server: RunningServer;
let client: SpecClient;
beforeAll(async () => {
  server = await new MockIOTileCloud({ data: fixture }).start({ port: 0 });
  client = new SpecClient(server.url);
  await client.login('u@example.com', 'pw');
  return () => server.close();
});

describe('/note/', () => {
  it('lists the notes of a target in time order, with the author as user_info', async () => {
    const res = await client.get('/note/', { target: DEVICE });
    expect(res.body.count).toBe(2);
    expect(res.body.results.map((n: { note: string }) => n.note)).toEqual(['Installed', 'Valve replaced']);
    expect(res.body.results[1]).toMatchObject({
      id: 5,
      target: DEVICE,
      timestamp: '2020-01-02T00:00:00Z',
      type: 'ui',
      attachment: null,
      user_info: { username: '@ursula', slug: 'ursula' },
    });
    expect(res.body.results[0]).toMatchObject({ type: 'si', id: 6 });
  });

  it('honours start, end and lastn, and needs a target', async () => {
    const q = async (query: Record<string, string | number>) =>
      (await client.get('/note/', { target: DEVICE, ...query })).body.results.map(
        (n: { id: number }) => n.id,
      );
    expect(await q({ start: '2020-01-01T12:00:00Z' })).toEqual([5]);
    expect(await q({ end: '2020-01-01T12:00:00Z' })).toEqual([6]);
    expect(await q({ lastn: 1 })).toEqual([5]);
    const missing = await client.get('/note/');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ target: ['This field is required.'] });
  });

  it('gets one note by id (400 for a non-integer, 404 for an unknown one)', async () => {
    expect((await client.get('/note/5/')).body.note).toBe('Valve replaced');
    expect((await client.get('/note/x/')).status).toBe(400);
    expect((await client.get('/note/999/')).status).toBe(404);
  });
});

describe('fixture reports and event data', () => {
  it('serves the report history of a streamer', async () => {
    const res = await client.get(`/streamer/${STREAMER}/report/`);
    expect(res.status).toBe(200);
    const rows = Array.isArray(res.body) ? res.body : res.body.results;
    expect(rows.map((r: { actual_last_id: number }) => r.actual_last_id)).toEqual([20, 40]);
    expect((await client.get(`/streamer/report/${REPORT_ID}/`)).body.streamer).toBe(STREAMER);
  });

  it('serves fleet members', async () => {
    expect((await client.get('/fleet/g--0001/devices/')).body.results).toEqual([
      { device: DEVICE, always_on: true, is_access_point: true },
    ]);
    expect((await client.get('/fleet/g--0001/')).body).not.toHaveProperty('members');
  });

  it('serves event data and marks the event as having it', async () => {
    expect((await client.get('/event/9/')).body.has_raw_data).toBe(true);
    expect((await client.get('/event/9/data/')).body).toEqual({
      acceleration_data: { x: [1, 2], y: [3], z: [] },
    });
  });

  it('rejects bad entries, naming them', () => {
    const cloud = new MockIOTileCloud();
    expect(() => cloud.addData({ notes: [{ target: DEVICE } as never] })).toThrow(FixtureError);
    expect(() => cloud.addData({ reports: [{ streamer: 'nope' }] })).toThrow(/reports\[0\]/);
    expect(() => cloud.addData({ reports: [{ streamer: STREAMER, id: 'x' }] })).toThrow(/UUID/);
    expect(() => cloud.addData({ event_data: { abc: {} } })).toThrow(/event_data\["abc"\]/);
  });
});

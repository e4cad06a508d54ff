/**
 * Who sees and changes the data group's objects once the demo org records its members (`access.ts`): an
 * outsider gets empty lists, 403 on items and writes (404 where the view's queryset is scoped), and a member
 * whose role lacks a permission gets that permission's 403. Notes are the exception the server has: their
 * list is not scoped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  DEMO_DEVICES,
  DEMO_ORG,
  DEMO_PROJECTS,
  DEMO_STREAMS,
  MockIOTileCloud,
  type RunningServer,
} from '../src/index.js';
import type { OrgMember, Store } from '../src/store.js';
import { SpecClient } from './support/spec-client.js';

const PERMISSIONS = [
  'can_read_stream_data',
  'can_create_stream_data',
  'can_read_stream_ids',
  'can_read_notes',
  'can_access_reports',
  'can_create_reports',
  'can_manage_stream_aliases',
];

function member(user: string, granted: readonly string[]): OrgMember {
  return {
    user,
    role: granted.length === PERMISSIONS.length ? 'a0' : 'r1',
    isOrgAdmin: granted.length === PERMISSIONS.length,
    isActive: true,
    createdOn: '2018-01-01T00:00:00Z',
    permissions: Object.fromEntries(PERMISSIONS.map((p) => [p, granted.includes(p)])),
  };
}

let server: RunningServer;
let owner: SpecClient;
let outsider: SpecClient;
let viewer: SpecClient;
let staff: SpecClient;

beforeAll(async () => {
  const cloud = new MockIOTileCloud({
    demo: true,
    data: {
      users: {
        'out@example.com': { password: 'pw', username: 'outsider' },
        'view@example.com': { password: 'pw', username: 'viewer' },
        'staff@example.com': { password: 'pw', username: 'staffer', is_staff: true },
      },
    },
  });
  const store = (cloud as unknown as { store: Store }).store;
  store.orgMembers.set(
    DEMO_ORG.slug,
    new Map([
      ['demo', member('demo', PERMISSIONS)],
      ['viewer', member('viewer', ['can_read_stream_data', 'can_read_stream_ids'])],
    ]),
  );
  server = await cloud.start({ port: 0 });
  const login = async (email: string, password: string) => {
    const client = new SpecClient(server.url);
    expect((await client.login(email, password)).status).toBe(200);
    return client;
  };
  owner = await login('demo@example.com', 'iotile-demo');
  outsider = await login('out@example.com', 'pw');
  viewer = await login('view@example.com', 'pw');
  staff = await login('staff@example.com', 'pw');
  // Objects of the org for the checks below: an alias, a generated report, a filter with a state.
  expect((await owner.post('/alias/', { name: 'Inflow', org: DEMO_ORG.slug })).status).toBe(201);
  expect((await owner.post('/report/generated/', { label: 'R', org: DEMO_ORG.slug })).status).toBe(201);
  const filter = await owner.post('/filter/', {
    project: DEMO_PROJECTS.plant.slug,
    variable: 'v--0000-0010--5001',
    device: DEMO_DEVICES.mainInflow,
  });
  expect(filter.status).toBe(201);
  expect((await owner.post(`/filter/${filter.body.slug}/state/`, { label: 'On' })).status).toBe(201);
});
afterAll(() => server?.close());

const FILTER = 'f--0000-0010--0000-0000-0000-0a01--5001';
const count = async (client: SpecClient, path: string, query: Record<string, string> = {}) =>
  (await client.request(path, { query })).body.count;

describe('an outsider of a scoped org', () => {
  it('gets empty lists, never a 403, on the data lists', async () => {
    expect(await count(outsider, '/variable/')).toBe(0);
    expect(await count(outsider, '/stream/')).toBe(0);
    expect(await count(outsider, '/data/', { filter: DEMO_STREAMS.tripStart })).toBe(0);
    expect(await count(outsider, '/event/', { filter: DEMO_STREAMS.shocks })).toBe(0);
    expect(await count(outsider, '/streamer/')).toBe(0);
    expect(await count(outsider, '/alias/')).toBe(0);
    expect(await count(outsider, '/report/generated/')).toBe(0);
    expect(await count(outsider, '/filter/')).toBe(0);
    // The owner sees them.
    expect(await count(owner, '/data/', { filter: DEMO_STREAMS.tripStart })).toBe(1);
    expect(await count(owner, '/event/', { filter: DEMO_STREAMS.shocks })).toBe(14);
    expect(await count(owner, '/variable/')).toBe(9);
  });

  it('reads the notes of any target: the note list is not scoped, as on the server', async () => {
    expect(await count(outsider, '/note/', { target: DEMO_DEVICES.pallet17 })).toBe(3);
    expect((await outsider.get('/note/4/')).status).toBe(403);
  });

  it('gets 403 on items looked up without scoping, 404 where the queryset is scoped', async () => {
    for (const path of [
      '/variable/v--0000-0010--5001/',
      '/variable/v--0000-0010--5001/type/',
      `/stream/${DEMO_STREAMS.mainInflowVolume}/`,
      `/stream/${DEMO_STREAMS.mainInflowVolume}/data/`,
      `/stream/${DEMO_STREAMS.mainInflowVolume}/csv/`,
      `/stream/${DEMO_STREAMS.shocks}/eventtable/`,
      '/event/1/',
      '/event/1/data/',
      '/property/1/',
      `/filter/${FILTER}/`,
    ]) {
      expect((await outsider.get(path)).status, path).toBe(403);
    }
    expect((await outsider.get('/property/', { target: DEMO_DEVICES.mainInflow })).status).toBe(403);
    expect((await outsider.get('/alias/a--0000-0000-0000-0001/')).status).toBe(404);
    expect((await outsider.get('/streamer/t--0000-0000-0000-0a01--0000/')).status).toBe(404);
    // The filter's sub-routes look it up without an access check.
    expect((await outsider.get(`/filter/${FILTER}/state/`)).body).toHaveLength(1);
  });

  it('may not write into the org', async () => {
    const stream = DEMO_STREAMS.boilerTemperature;
    expect(
      (await outsider.post('/data/', { stream, timestamp: '2026-01-01T00:00:00Z', int_value: 1 })).body,
    ).toEqual({ detail: `Not allowed to upload to ${stream}` });
    expect((await outsider.post('/event/', { stream, timestamp: '2026-01-01T00:00:00Z' })).status).toBe(403);
    expect(
      (await outsider.post('/note/', { target: DEMO_DEVICES.pallet17, timestamp: '2026-01-01T00:00:00Z' }))
        .status,
    ).toBe(403);
    expect(
      (await outsider.post('/property/', { target: DEMO_DEVICES.mainInflow, name: 'X', int_value: 1 }))
        .status,
    ).toBe(403);
    expect((await outsider.post('/stream/', { variable: 'v--0000-0010--5001' })).status).toBe(403);
    expect((await outsider.post('/alias/', { name: 'Mine', org: DEMO_ORG.slug })).body).toEqual({
      detail: 'Access Denied due to lack of sufficient permissions',
    });
    expect((await outsider.post('/report/generated/', { label: 'Mine', org: DEMO_ORG.slug })).body).toEqual({
      detail: 'User has no access permissions',
    });
    expect((await outsider.patch('/variable/v--0000-0010--5001/', { about: 'x' })).status).toBe(403);
    expect((await outsider.patch(`/filter/${FILTER}/`, { name: 'x' })).status).toBe(403);
  });
});

describe('a member whose role lacks a permission', () => {
  it('reads stream data but gets the 403 of each missing permission', async () => {
    expect((await viewer.get(`/stream/${DEMO_STREAMS.mainInflowVolume}/`)).status).toBe(200);
    expect(await count(viewer, '/variable/')).toBe(9);
    expect((await viewer.get('/alias/a--0000-0000-0000-0001/')).body).toEqual({
      detail: 'Access Denied due to lack of sufficient permissions',
    });
    expect((await viewer.get('/note/4/')).body).toEqual({ detail: 'Not allowed to read note' });
    expect(await count(viewer, '/report/generated/')).toBe(0);
    // Reading an event needs `can_create_stream_data`.
    expect((await viewer.get('/event/1/')).status).toBe(403);
  });
});

describe('staff', () => {
  it('see every object with ?staff=1, and only their orgs without it', async () => {
    expect(await count(staff, '/alias/')).toBe(0);
    expect(await count(staff, '/alias/', { staff: '1' })).toBe(1);
    expect(await count(staff, '/variable/', { staff: '1' })).toBe(9);
    // Items: staff pass every object permission.
    expect((await staff.get('/event/1/')).status).toBe(200);
    expect((await staff.get('/note/4/')).status).toBe(200);
  });
});

/**
 * Org memberships and the records beside devices, loaded from fixtures: who sees what (the server's
 * scoping for orgs that list members, everything for orgs that do not), what each role may do, and the
 * device keys, versions, filter logs, locations and health settings a fixture can hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type FixtureData, FixtureError, MockIOTileCloud, type RunningServer } from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

const ACME = { id: '11111111-1111-4111-8111-111111111111', slug: 'p--0000-0001' };
const OPEN = { id: '22222222-2222-4222-8222-222222222222', slug: 'p--0000-0002' };
const ACME_DEVICE = 'd--0000-0000-0000-0001';
const OPEN_DEVICE = 'd--0000-0000-0000-0002';
const STREAM = 's--0000-0001--0000-0000-0000-0001--5001';
/** The clock: 2025-06-01T12:00:00Z. */
const NOW = Date.parse('2025-06-01T12:00:00Z') / 1000;

const DATA: FixtureData = {
  users: {
    'owner@example.com': { password: 'o', username: 'owner' },
    'operator@example.com': { password: 'p', username: 'operator' },
    'outsider@example.com': { password: 'x', username: 'outsider' },
  },
  orgs: [
    {
      slug: 'acme',
      name: 'Acme',
      members: [
        { user: 'owner', role: 'a0' },
        { user: 'operator', role: 'r1' },
        { user: 'outsider', role: 'm1', is_active: false },
      ],
      invitations: [
        { email: 'soon@example.com', sent_by: 'owner', sent_on: '2025-05-01T00:00:00Z' },
        { email: 'done@example.com', sent_by: 'owner', accepted: true },
      ],
    },
    // No members: open to every user, as fixtures without memberships always were.
    { slug: 'open-co', name: 'Open Co' },
  ],
  projects: [
    { id: ACME.id, slug: ACME.slug, name: 'Acme plant', org: 'acme' },
    { id: OPEN.id, slug: OPEN.slug, name: 'Open plant', org: 'open-co' },
  ],
  devices: [
    {
      slug: ACME_DEVICE,
      project: ACME.id,
      claimed_by: 'owner',
      status: {
        health_check_enabled: true,
        health_check_period: 3600,
        last_report_ts: '2025-06-01T11:30:00Z',
      },
    },
    {
      slug: OPEN_DEVICE,
      project: OPEN.id,
      status: { health_check_enabled: true, last_report_ts: '2025-05-01T00:00:00Z' },
    },
  ],
  streams: [{ slug: STREAM }],
  properties: [{ name: 'Site', value: 'North', type: 'str', target: ACME_DEVICE }],
  device_keys: [
    { slug: ACME_DEVICE, type: 'SSH', secret: 'ssh-secret', downloadable: true },
    { slug: ACME_DEVICE, type: 'MQTT', secret: 'mqtt-secret' },
  ],
  device_versions: [
    {
      device: ACME_DEVICE,
      type: 'os',
      tag: 1024,
      major_version: 1,
      minor_version: 0,
      updated_ts: '2025-01-01T00:00:00Z',
    },
    {
      device: ACME_DEVICE,
      type: 'os',
      tag: 1024,
      major_version: 1,
      minor_version: 2,
      updated_ts: '2025-03-01T00:00:00Z',
    },
    { device: ACME_DEVICE, type: 'app', tag: 2049, major_version: 2, minor_version: 0, streamer_local_id: 7 },
  ],
  filter_logs: [
    {
      uuid: 'f-1',
      target_slug: STREAM,
      timestamp: '2025-05-02T00:00:00Z',
      src: 'idle',
      dst: 'alarm',
      triggers: [],
    },
    { uuid: 'f-2', target_slug: 's--0000-0002--0000-0000-0000-0002--5001' },
  ],
  locations: [
    { target: ACME_DEVICE, timestamp: '2025-05-02T00:00:00Z', lat: 47.5, lon: -122.25, user: 'owner' },
    { id: 9, target: ACME_DEVICE, timestamp: '2025-05-01T00:00:00Z', lat: '47.4', lon: '-122.2' },
  ],
};

let server: RunningServer;
const as: Record<'owner' | 'operator' | 'outsider', SpecClient> = {} as never;

beforeAll(async () => {
  const cloud = new MockIOTileCloud({ data: DATA, clock: () => NOW });
  server = await cloud.start({ port: 0 });
  for (const [name, password] of [
    ['owner', 'o'],
    ['operator', 'p'],
    ['outsider', 'x'],
  ] as const) {
    as[name] = new SpecClient(server.url);
    expect((await as[name].login(`${name}@example.com`, password)).status).toBe(200);
  }
});
afterAll(() => server?.close());

const slugs = (body: { results: Array<{ slug: string }> }) => body.results.map((o) => o.slug);

describe('org scoping from fixture memberships', () => {
  it('shows an org that lists members to its active members only; an org without members to everyone', async () => {
    expect(slugs((await as.owner.get('/org/')).body)).toEqual(['acme', 'open-co']);
    expect(slugs((await as.outsider.get('/org/')).body)).toEqual(['open-co']);
    expect((await as.outsider.get('/org/acme/')).status).toBe(404);
    expect((await as.outsider.get(`/project/${ACME.id}/`)).status).toBe(404);
    expect(slugs((await as.outsider.get('/device/')).body)).toEqual([OPEN_DEVICE]);
    // A device outside the user's orgs is a 403 (the view checks access after finding it).
    expect((await as.outsider.get(`/device/${ACME_DEVICE}/`)).status).toBe(403);
  });

  it('grants what the role grants', async () => {
    // An operator reads the org but not device properties, and manages nothing.
    expect((await as.operator.get('/org/acme/')).status).toBe(200);
    const props = await as.operator.get(`/device/${ACME_DEVICE}/properties/`);
    expect(props.status).toBe(403);
    expect(props.body).toEqual({ detail: 'User has no access to read properties' });
    expect((await as.operator.get('/org/acme/members/')).status).toBe(403);
    expect((await as.operator.patch(`/device/${ACME_DEVICE}/`, { label: 'x' })).status).toBe(403);
    const membership = await as.operator.get('/org/acme/membership/');
    expect(membership.body).toMatchObject({ role: 'r1', role_name: 'r1 - Operator', is_org_admin: false });
    expect(membership.body.permissions).toMatchObject({
      can_read_stream_ids: true,
      can_read_stream_data: false,
    });
    // The owner manages members; inactive ones show with all=1.
    const members = await as.owner.get('/org/acme/members/');
    expect(members.body.results.map((m: { user: string }) => m.user)).toEqual(['operator', 'owner']);
    const all = await as.owner.get('/org/acme/members/', { all: 1 });
    expect(all.body.count).toBe(3);
    expect((await as.owner.get('/org/acme/extra/')).body.counts.members).toBe(2);
  });

  it('lists the pending invitations of the fixture', async () => {
    const pending = await as.owner.get('/org/acme/pending/');
    expect(pending.body.results).toEqual([
      { email: 'soon@example.com', sent_on: '2025-05-01T00:00:00Z', sent_by: 'owner' },
    ]);
  });
});

describe('records beside devices', () => {
  it('hands out downloadable keys only', async () => {
    expect((await as.owner.get(`/device/${ACME_DEVICE}/key/`, { type: 'ssh' })).body).toEqual({
      key: 'ssh-secret',
    });
    expect((await as.owner.get(`/device/${ACME_DEVICE}/key/`, { type: 'MQTT' })).status).toBe(403);
  });

  it('shows the latest version of each type', async () => {
    const res = await as.owner.get(`/device/${ACME_DEVICE}/versions/`);
    expect(res.body).toEqual([
      { type: 'app', tag: 2049, version: 'v2.0', streamer_local_id: 7, updated_ts: null },
      { type: 'os', tag: 1024, version: 'v1.2', streamer_local_id: 0, updated_ts: '2025-03-01T00:00:00Z' },
    ]);
  });

  it("shows the filter logs of the device's streams", async () => {
    const res = await as.owner.get(`/device/${ACME_DEVICE}/filterlog/`);
    expect(res.body.device_filter_logs).toEqual([
      {
        uuid: 'f-1',
        target_slug: STREAM,
        timestamp: '2025-05-02T00:00:00Z',
        src: 'idle',
        dst: 'alarm',
        triggers: [],
      },
    ]);
  });

  it('lists the fixture locations in time order, with ids given to those without one', async () => {
    const res = await as.owner.get('/location/', { target: ACME_DEVICE });
    expect(res.body.results).toEqual([
      {
        id: 9,
        timestamp: '2025-05-01T00:00:00Z',
        target: ACME_DEVICE,
        lat: '47.400000',
        lon: '-122.200000',
        user: null,
      },
      {
        id: 1,
        timestamp: '2025-05-02T00:00:00Z',
        target: ACME_DEVICE,
        lat: '47.500000',
        lon: '-122.250000',
        user: 'owner',
      },
    ]);
    // The operator may not read locations: an empty page.
    expect((await as.operator.get('/location/', { target: ACME_DEVICE })).body.count).toBe(0);
  });

  it('derives the health alert from the last upload and the period', async () => {
    expect((await as.owner.get(`/device/${ACME_DEVICE}/status/`)).body).toMatchObject({
      alert: 'OK',
      health_check_period: 3600,
    });
    // No upload for a month, checked every 7200 s (the default): failing.
    expect((await as.owner.get(`/device/${OPEN_DEVICE}/status/`)).body.alert).toBe('FAIL');
  });

  it('refuses a device token once the device is unclaimed', async () => {
    const key = (await as.owner.get(`/device/${ACME_DEVICE}/key/`, { type: 'A-JWT' })).body.key;
    const headers = { authorization: `a-jwt ${key}` };
    expect((await as.outsider.get('/auth/user-info/', {}, { headers })).body.username).toBe('owner');
    expect((await as.owner.post(`/device/${ACME_DEVICE}/unclaim/`, {})).status).toBe(202);
    const after = await as.outsider.get('/auth/user-info/', {}, { headers });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: 'Device is not claimed.' });
  });
});

describe('fixture checks', () => {
  it('names the org and the member for a bad membership', () => {
    const cloud = new MockIOTileCloud();
    expect(() =>
      cloud.addData({ orgs: [{ slug: 'x', members: [{ user: 'a', role: 'zz' as never }] }] }),
    ).toThrow(/orgs\[0\]\.members\[0\]: "role" must be one of s0, a0, a1, m1, r1, d1; got "zz"/);
    expect(() => cloud.addData({ orgs: [{ slug: 'x', members: [{} as never] }] })).toThrow(FixtureError);
    expect(() =>
      cloud.addData({ orgs: [{ slug: 'x', invitations: [{ email: 'a@b.co' } as never] }] }),
    ).toThrow(/invitations\[0\]: needs "email" and "sent_by"/);
    expect(() => cloud.addData({ device_keys: [{ slug: 'nope', type: 'SSH', secret: 's' }] })).toThrow(
      /device_keys\[0\]: "slug" must be a device slug/,
    );
    expect(() => cloud.addData({ filter_logs: [{ uuid: 'u' } as never] })).toThrow(/filter_logs\[0\]/);
  });
});

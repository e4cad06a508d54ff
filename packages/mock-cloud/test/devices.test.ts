import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, LEVEL, NO_RECORD, OUTFLOW, PROJECT_ID, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

describe('GET /device/', () => {
  it('lists active devices with every serializer field', async () => {
    const res = await t.client.get('/device/');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    expect(res.body.results[0]).toEqual({
      id: 2587,
      slug: DEVICE,
      gid: '0000-0000-0000-0a1b',
      label: 'North Tank',
      active: true,
      external_id: 'NT-1',
      sg: 'tank-monitor-v2-0-0',
      template: 'tank-sensor-v1-0-0',
      org: 'reservoir-co',
      project: PROJECT_ID,
      lat: '47.606210',
      lon: '-122.332070',
      state: 'N1',
      busy: false,
      created_on: '2019-05-01T10:00:00Z',
      claimed_by: 'ada',
      claimed_on: '2019-05-01T11:30:00.500000Z',
    });
  });

  it('includes inactive devices with all=1, and fills fields a fixture leaves out', async () => {
    const res = await t.client.get('/device/', { all: 1 });
    expect(res.body.count).toBe(2);
    expect(res.body.results[1]).toMatchObject({
      slug: 'd--0000-0000-0000-0a1c',
      active: false,
      state: 'N0',
      sg: null,
    });
  });

  it('filters by project UUID or p-- slug (short forms too)', async () => {
    for (const project of [PROJECT_ID, 'p--0000-0042', 'p--42']) {
      expect((await t.client.get('/device/', { project })).body.count, project).toBe(1);
    }
    expect((await t.client.get('/device/', { project: 'p--0000-0099' })).body.count).toBe(0);
  });

  it('filters by sg and dt (unknown slug -> 404), external_id and org__slug', async () => {
    expect((await t.client.get('/device/', { sg: 'tank-monitor-v2-0-0' })).body.count).toBe(1);
    expect((await t.client.get('/device/', { dt: 'tank-sensor-v1-0-0' })).body.count).toBe(1);
    expect((await t.client.get('/device/', { sg: 'nope-v1-0-0' })).status).toBe(404);
    expect((await t.client.get('/device/', { external_id: 'NT-1' })).body.count).toBe(1);
    expect((await t.client.get('/device/', { external_id: 'x' })).body.count).toBe(0);
    expect((await t.client.get('/device/', { org__slug: 'reservoir-co' })).body.count).toBe(1);
  });
});

describe('GET/PATCH /device/{slug}/', () => {
  it('finds a device by any form of its slug', async () => {
    for (const slug of [DEVICE, 'd--0a1b', 'd--0000-0a1b']) {
      const res = await t.client.get(`/device/${slug}/`);
      expect(res.status, slug).toBe(200);
      expect(res.body.slug).toBe(DEVICE);
    }
  });

  it('answers 404 for an unknown or malformed slug', async () => {
    expect((await t.client.get('/device/d--0000-0000-0000-ffff/')).body).toEqual({ detail: 'Not found.' });
    expect((await t.client.get('/device/nonsense/')).status).toBe(404);
  });

  it('PATCH stores writable fields, ignores read-only ones, and validates', async () => {
    const res = await t.client.patch(`/device/${DEVICE}/`, {
      label: 'Tank A',
      lat: 1.5,
      gid: 'ignored',
      busy: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      label: 'Tank A',
      lat: '1.500000',
      gid: '0000-0000-0000-0a1b',
      busy: false,
    });
    expect((await t.client.get(`/device/${DEVICE}/`)).body.label).toBe('Tank A');
    const bad = await t.client.patch(`/device/${DEVICE}/`, { label: 'x'.repeat(101), state: 'Z9' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(['label', 'state']);
    expect((await t.client.get(`/device/${DEVICE}/`)).body.label).toBe('Tank A');
    const state = await t.client.patch(`/device/${DEVICE}/`, { state: 'N0' });
    expect(state.body).toMatchObject({ state: 'N0', active: false });
    await t.client.patch(`/device/${DEVICE}/`, { state: 'N1', label: 'North Tank', lat: 47.60621 });
  });

  it('PUT takes the same writable fields', async () => {
    const res = await t.client.request(`/device/${DEVICE}/`, {
      method: 'PUT',
      body: { label: 'Put Tank', external_id: 'NT-2' },
    });
    expect(res.body).toMatchObject({ label: 'Put Tank', external_id: 'NT-2', slug: DEVICE });
    await t.client.patch(`/device/${DEVICE}/`, { label: 'North Tank', external_id: 'NT-1' });
  });
});

describe('GET /device/{slug}/extra/, properties, streamers', () => {
  it('counts data and events per stream, and says which streams have a record', async () => {
    const res = await t.client.get(`/device/${DEVICE}/extra/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 2587, slug: DEVICE, project: PROJECT_ID, label: 'North Tank' });
    expect(res.body.stream_counts).toEqual({
      [LEVEL]: { data_cnt: 12, has_streamid: true },
      's--0000-0042--0000-0000-0000-0a1b--5002': { data_cnt: 4, has_streamid: true },
      [NO_RECORD]: { data_cnt: 2, has_streamid: false },
      [OUTFLOW]: { event_cnt: 3, has_streamid: true },
    });
  });

  it('lists the device properties without target', async () => {
    const res = await t.client.get(`/device/${DEVICE}/properties/`);
    expect(res.body).toEqual([
      { id: 11, name: 'Site', value: 'Hill 3', type: 'str', is_system: false },
      { id: 12, name: 'Capacity', value: 5000, type: 'int', is_system: false },
    ]);
  });

  it('lists the device streamers', async () => {
    t.cloud.quickAddStreamer(DEVICE, 0, 5);
    const res = await t.client.get(`/device/${DEVICE}/streamers/`);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ slug: 't--0000-0000-0000-0a1b--0000', last_id: 5, selector: 0xd7ff });
  });
});

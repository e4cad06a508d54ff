/** Fleets, properties, variable types, sensor graphs, device templates, data blocks and server info. */
import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, type Started, startCloud } from './support/cloud.js';

let t: Started;
let project: { id: string; slug: string };
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
  project = t.cloud.quickAddProject();
});

describe('/fleet/', () => {
  it('lists fleets, filters by device, gets one, and lists its members', async () => {
    const d1 = t.cloud.quickAddDevice(project.id, 1);
    const d2 = t.cloud.quickAddDevice(project.id);
    const d3 = t.cloud.quickAddDevice(project.id);
    const d4 = t.cloud.quickAddDevice(project.id);
    const network = t.cloud.quickAddFleet([1, [d2, false, false], [d3, true]], true);
    const other = t.cloud.quickAddFleet([d2]);
    expect((await t.client.get('/fleet/')).body.count).toBe(2);
    expect((await t.client.get(`/fleet/${network}/`)).body).toMatchObject({
      slug: network,
      is_network: true,
      org: 'quick-test-org',
    });
    expect(
      (await t.client.get('/fleet/', { device: d1 })).body.results.map((f: { slug: string }) => f.slug),
    ).toEqual([network]);
    expect((await t.client.get('/fleet/', { device: d2 })).body.count).toBe(2);
    expect((await t.client.get('/fleet/', { device: d4 })).body.count).toBe(0);
    expect((await t.client.get('/fleet/', { is_network: 'true' })).body.count).toBe(1);
    const members = await t.client.get(`/fleet/${network}/devices/`);
    expect(members.body.results).toEqual([
      { device: d1, always_on: true, is_access_point: false },
      { device: d2, always_on: false, is_access_point: false },
      { device: d3, always_on: true, is_access_point: true },
    ]);
    expect(other).toBe('g--0000-0000-0001');
    expect((await t.client.get('/fleet/g--0000-0000-00ff/')).status).toBe(404);
  });
});

describe('/property/', () => {
  it('requires target (406) and lists the properties of one', async () => {
    expect((await t.client.get('/property/')).status).toBe(406);
    const res = await t.client.get('/property/', { target: DEVICE });
    expect(res.body.results).toEqual([
      { id: 12, name: 'Capacity', value: 5000, type: 'int', is_system: false, target: DEVICE },
      { id: 11, name: 'Site', value: 'Hill 3', type: 'str', is_system: false, target: DEVICE },
    ]);
  });
});

describe('/vartype/', () => {
  it('serves variable types from the stream folder', async () => {
    const res = await t.client.get('/vartype/tank-level/');
    expect(res.body).toMatchObject({
      name: 'Tank Level',
      slug: 'tank-level',
      stream_data_type: 'D0',
      decoder: null,
      schema: null,
      storage_units_full: 'Millimeters',
      storage_units_short: '',
    });
    expect(res.body.available_output_units).toHaveLength(2);
    expect((await t.client.get('/vartype/')).body.count).toBe(1);
    expect((await t.client.get('/vartype/unknown/')).status).toBe(404);
  });
});

describe('/sg/, /dt/, /datablock/, /server/', () => {
  it('serves sensor graphs and device templates with every field', async () => {
    const sg = await t.client.get('/sg/tank-monitor-v2-0-0/');
    expect(sg.body).toMatchObject({
      slug: 'tank-monitor-v2-0-0',
      name: 'Tank Monitor',
      version: 'v2.0.0',
      app_tag: 2049,
    });
    t.cloud.quickAddSg('test-sg', 1027);
    expect((await t.client.get('/sg/test-sg/')).body.app_tag).toBe(1027);
    const dt = await t.client.get('/dt/tank-sensor-v1-0-0/');
    expect(dt.body).toMatchObject({ slug: 'tank-sensor-v1-0-0', os_tag: 1024, family: 'tank' });
    t.cloud.quickAddDt('test-dt', 7);
    expect((await t.client.get('/dt/')).body.count).toBe(2);
    expect((await t.client.get('/sg/none/')).status).toBe(404);
  });

  it('serves data blocks by slug', async () => {
    const res = await t.client.get('/datablock/b--0002-0000-0000-0a1b/');
    expect(res.body).toMatchObject({
      slug: 'b--0002-0000-0000-0a1b',
      block: 2,
      title: 'Archive: North Tank 2018',
    });
    expect((await t.client.get('/datablock/')).body.count).toBe(1);
    expect((await t.client.get('/datablock/b--0009-0000-0000-0a1b/')).status).toBe(404);
  });

  it('gives a data block without a creator in its fixture a created_by string (a required key), not null', async () => {
    t.cloud.addData({ datablocks: [{ slug: 'b--0003-0000-0000-0a1b', title: 'No creator' }] });
    const res = await t.client.get('/datablock/b--0003-0000-0000-0a1b/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: 'No creator', created_by: '', org: null, sg: null });
  });

  it('answers /server/ without credentials', async () => {
    const res = await t.client.get('/server/', {}, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
});

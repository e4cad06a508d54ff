/** OTA (device info, scripts, requests, actions) and generated reports. */
import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';
import { SpecClient } from './support/spec-client.js';

let t: Started;
let staff: SpecClient;
let devices: string[];
let fleet: string;
/** The server clock (objects' `created_on` follows it): 2021-06-01T08:30:00.5Z. */
const NOW = Date.UTC(2021, 5, 1, 8, 30, 0, 500) / 1000;
const CREATED_ON = '2021-06-01T08:30:00.500000Z';
beforeAll(async () => {
  t = await startCloud({ data: [], clock: () => NOW });
  t.cloud.quickAddUser();
  t.cloud.addData({ users: { 'admin@example.com': { password: 'pw', is_staff: true } } });
  await t.client.login();
  staff = new SpecClient(t.server.url);
  await staff.login('admin@example.com', 'pw');
  const project = t.cloud.quickAddProject();
  devices = [t.cloud.quickAddDevice(project.id, 0x21), t.cloud.quickAddDevice(project.id, 0x22)];
  fleet = t.cloud.quickAddFleet(devices);
  t.cloud.quickAddDeploymentToFleet(fleet, 7, ['os_tag eq 1024'], false);
  t.cloud.quickAddDeploymentToFleet(fleet, 8, ['app_tag eq 9'], true);
});

describe('/ota/', () => {
  it('gives device OTA info with its deployments and actions', async () => {
    const res = await t.client.get(`/ota/device/${devices[0]}/`);
    expect(res.body).toMatchObject({ slug: devices[0], sg: 'water-meter-v1-1-0', actions: [], versions: [] });
    // Released requests that are not completed (8 is): `device_deployments_qs(released=True)`.
    expect(res.body.deployments.map((d: { id: number }) => d.id)).toEqual([7]);
    expect((await t.client.get('/ota/device/d--0a1b/')).status).toBe(404);
  });

  it('lists requests only with a fleet, org or scope filter, and never completed ones', async () => {
    expect((await t.client.get('/ota/request/')).body.count).toBe(0);
    const res = await t.client.get('/ota/request/', { fleet });
    expect(res.body.results).toEqual([
      {
        id: 7,
        script: 'z--0000-0002',
        selection_criteria: ['os_tag eq 1024'],
        org: 'quick-test-org',
        fleet,
        released_on: '2018-10-16T00:00:00Z',
        completed_on: null,
      },
    ]);
    expect((await t.client.get('/ota/request/8/')).body.completed_on).toBe('2018-10-15T00:00:00Z');
    // The devices a request reaches are its fleet's devices with a version attribute matching its criteria
    // (`os_tag eq 1024` is not a `type:op:value` rule: the mock skips it); none has a version yet.
    expect((await t.client.get('/ota/request/7/devices/')).body.count).toBe(0);
    const version = await staff.post(
      '/ota/version/',
      { device: devices[0], type: 'os', tag: 1024, major_version: 2, minor_version: 1 },
      { query: { staff: 1 } },
    );
    expect(version.status).toBe(201);
    const reached = await t.client.get('/ota/request/7/devices/');
    expect(reached.body.results).toEqual([
      {
        id: expect.any(Number),
        slug: devices[0],
        sg: expect.any(String),
        template: expect.any(String),
        versions: [{ type: 'os', tag: 1024, version: 'v2.1', streamer_local_id: 1, updated_ts: null }],
      },
    ]);
  });

  it('hides scripts from the list for non-staff, serves released ones and their file', async () => {
    expect((await t.client.get('/ota/script/')).body.count).toBe(0);
    expect((await staff.get('/ota/script/')).body.count).toBe(1);
    expect((await t.client.get('/ota/script/z--0000-0002/')).body).toMatchObject({
      slug: 'z--0000-0002',
      released: true,
    });
    expect((await t.client.get('/ota/script/z--0000-0002/file/')).body).toEqual({
      name: 'foo',
      url: 'bar.com/zipzap',
      key: 'baz',
      major_version: 1,
      minor_version: 0,
      patch_version: 0,
    });
  });

  it('creates actions with 201 and lists them by request or device', async () => {
    const created = await t.client.post('/ota/action/', {
      deployment: 7,
      device: devices[1],
      attempt_successful: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      deployment: 7,
      device: devices[1],
      attempt_successful: true,
      device_confirmation: false,
      created_on: CREATED_ON,
    });
    expect((await t.client.get('/ota/action/')).body.count).toBe(0);
    expect((await t.client.get('/ota/action/', { request: 7 })).body.count).toBe(1);
    expect((await t.client.get('/ota/action/', { device: devices[0] })).body.count).toBe(0);
    expect((await t.client.get(`/ota/action/${created.body.id}/`)).body.id).toBe(created.body.id);
    // The device's OTA info lists it with the read-only action serializer's five fields only.
    expect((await t.client.get(`/ota/device/${devices[1]}/`)).body.actions).toEqual([
      {
        id: created.body.id,
        deployment: 7,
        last_attempt_on: null,
        attempt_successful: true,
        device_confirmation: false,
      },
    ]);
    const bad = await t.client.post('/ota/action/', { deployment: 99, device: devices[1] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(['deployment']);
  });
});

describe('/report/generated/', () => {
  it('creates (201), lists, then runs the upload-url / upload-success handshake (202)', async () => {
    const created = await t.client.post('/report/generated/', {
      label: 'Weekly',
      org: 'quick-test-org',
      source_ref: 'p--0000-0000',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: 'Weekly',
      org: 'quick-test-org',
      status: 'G0',
      url: null,
      index_file: null,
      created_on: CREATED_ON,
    });
    const id = created.body.id;
    expect((await t.client.get('/report/generated/')).body.count).toBe(1);
    const url = await t.client.post(`/report/generated/${id}/uploadurl/`, {
      name: 'index.html',
      content_type: 'text/html',
    });
    expect(url.status).toBe(202);
    expect(url.body).toMatchObject({
      uuid: id,
      fields: { key: `mock/shared/quick-test-org/${id}/index.html`, 'Content-Type': 'text/html' },
    });
    const done = await t.client.post(`/report/generated/${id}/uploadsuccess/`, { name: 'index.html' });
    expect(done.status).toBe(202);
    // The server's file record: the report's id, titled with its label.
    expect(done.body).toMatchObject({ id, title: 'Weekly', file_type: 'html', created_on: CREATED_ON });
    expect((await t.client.get(`/report/generated/${id}/`)).body.status).toBe('G1');
  });

  it('validates bodies with field errors', async () => {
    expect((await t.client.post('/report/generated/', { org: 'x' })).body).toEqual({
      label: ['This field is required.'],
      org: ['Object with slug=x does not exist.'],
    });
    const created = await t.client.post('/report/generated/', { label: 'L', org: 'quick-test-org' });
    const bad = await t.client.post(`/report/generated/${created.body.id}/uploadurl/`, {
      name: 'a',
      content_type: 'text/evil',
    });
    expect(bad.status).toBe(400);
    expect((await t.client.post(`/report/generated/${created.body.id}/uploadsuccess/`, {})).body).toEqual({
      name: ['This field is required.'],
    });
  });
});

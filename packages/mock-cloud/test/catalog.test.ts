/**
 * The catalogue resources beyond one request per operation (`operations/catalog-*.ts`): their fixture
 * sections, org API keys (revoked, expired), stream-folder var types written through the API, visibility
 * of inactive objects, OTA reach (vendors, scopes, selection rules), config search up to the user, and
 * background jobs for `/pid/`.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { type FixtureData, FixtureError, MockIOTileCloud } from '../src/index.js';
import { startJob } from '../src/resources/jobs.js';
import type { Env } from '../src/router.js';
import type { Store } from '../src/store.js';
import { DEVICE, fixture, PROJECT_ID, type Started, startCloud } from './support/cloud.js';
import { SpecClient } from './support/spec-client.js';

/** The server clock, moved by the tests: 2021-06-01T00:00:00Z. */
let now = Date.UTC(2021, 5, 1) / 1000;
const DAY = 86_400;

const catalog: FixtureData = {
  orgs: [{ slug: 'vendor-inc', name: 'Vendor Inc', is_vendor: true }],
  api_keys: [
    { key: 'live0001.secret-one', org: 'reservoir-co' },
    { key: 'gone0002.secret-two', org: 'reservoir-co', revoked: true },
    { key: 'old00003.secret-three', org: 'reservoir-co', expiry_date: '2021-06-01T12:00:00Z' },
  ],
  sgs: [
    {
      slug: 'retired-v1-0-0',
      name: 'Retired',
      major_version: 1,
      variable_templates: [
        {
          id: 900,
          label: 'given',
          lid_hex: '5001',
          derived_lid_hex: '',
          var_type: null,
          default_input_unit: null,
          default_output_unit: null,
          ctype: 'unsigned int',
          m: 1,
          d: 1,
          o: 0,
          app_only: false,
          web_only: false,
        },
      ],
    },
  ],
  variable_templates: [{ id: 5, sg: 'retired-v1-0-0', lid_hex: '5002', var_type: 'tank-level' }],
  org_templates: [{ name: 'Classic', major_version: 1 }, { name: 'Old' }],
  property_templates: [{ org: 'reservoir-co', name: 'Color', enums: ['red', 'blue'], created_by: 'ada' }],
  config_names: [{ name: ':app:units' }],
  config_attributes: [{ target: '@ada', name: ':app:units', data: 'metric' }],
  device_keys: [{ slug: DEVICE, type: 'SSH', secret: 'ssh-rsa AAAA', downloadable: true }],
  device_versions: [
    {
      device: DEVICE,
      type: 'os',
      tag: 1024,
      major_version: 1,
      minor_version: 4,
      updated_ts: '2021-01-01T00:00:00Z',
    },
    { device: DEVICE, type: 'app', tag: 2049, major_version: 2 },
  ],
  dts: [{ slug: 'vendor-box-v1-0-0', org: 'vendor-inc' }],
  ota_scripts: [{ slug: 'z--0000-0007', name: 'fw', org: 'vendor-inc', released: true, major_version: 3 }],
  ota_requests: [
    // A vendor's global request, an org request and a future one.
    {
      id: 1,
      script: 'z--0000-0007',
      org: 'vendor-inc',
      released_on: '2021-01-01T00:00:00Z',
      selection_criteria: ['os_tag:eq:1024'],
    },
    {
      id: 2,
      script: 'z--0000-0007',
      org: 'reservoir-co',
      released_on: '2021-02-01T00:00:00Z',
      selection_criteria: ['os_version:lt:1.5'],
    },
    { id: 3, script: 'z--0000-0007', org: 'reservoir-co', released_on: '2022-01-01T00:00:00Z' },
  ],
  ota_actions: [{ id: 4, deployment: 2, device: DEVICE, attempt_successful: true }],
};

let t: Started;
let staff: SpecClient;
let cloud: MockIOTileCloud;

beforeAll(async () => {
  t = await startCloud({
    data: [fixture('users.json'), fixture('project.json'), fixture('extras.json'), catalog],
    clock: () => now,
  });
  cloud = t.cloud;
  // The devices of the vendor's templates: the fixture's device runs `vendor-box` too.
  cloud.addData({
    devices: [{ slug: DEVICE, template: 'vendor-box-v1-0-0', org: 'reservoir-co', project: PROJECT_ID }],
  });
  await t.client.login('ada@example.com', 'lovelace');
  staff = new SpecClient(t.server.url);
  await staff.login('grace@example.com', 'hopper');
});

describe('org API keys', () => {
  const read = (key: string) =>
    new SpecClient(t.server.url).request('/vartype/', { headers: { authorization: `Api-Key ${key}` } });

  it('reads with a live key; a revoked, expired or malformed one is a 401', async () => {
    expect((await read('live0001.secret-one')).status).toBe(200);
    expect((await read('gone0002.secret-two')).status).toBe(401);
    expect((await read(' live0001.secret-one')).status).toBe(401);
    expect((await read('old00003.secret-three')).status).toBe(200);
    now += DAY;
    try {
      expect((await read('old00003.secret-three')).status).toBe(401);
    } finally {
      now -= DAY;
    }
  });

  it("lists the org's devices with their downloadable keys", async () => {
    const res = await new SpecClient(t.server.url).request('/production/device/', {
      headers: { authorization: 'Api-Key live0001.secret-one' },
      query: { keys: 1, claimed: 'true' },
    });
    expect(res.body.results.map((d: { slug: string; keys: unknown[] }) => [d.slug, d.keys])).toEqual([
      [DEVICE, [{ type: 'SSH', secret: 'ssh-rsa AAAA' }]],
      ['d--0000-0000-0000-0a1c', []],
    ]);
  });
});

describe('stream-folder var types', () => {
  it('are renamed and deleted through the API, the folder left as it is', async () => {
    expect((await t.client.get('/vartype/tank-level/')).body.name).toBe('Tank Level');
    const renamed = await staff.patch('/vartype/tank-level/', { name: 'Tank Height' });
    expect(renamed.body).toMatchObject({ slug: 'tank-height', storage_units_full: 'Millimeters' });
    expect(renamed.body.available_output_units).toHaveLength(2);
    expect((await t.client.get('/vartype/tank-level/')).status).toBe(404);
    expect((await staff.request('/vartype/tank-height/', { method: 'DELETE' })).status).toBe(204);
    expect((await t.client.get('/vartype/')).body.count).toBe(0);
    expect(cloud.list('vartype')).toEqual([]);
  });
});

describe('visibility', () => {
  it('hides inactive templates from users; staff see them with ?staff=', async () => {
    cloud.addData({ org_templates: [{ name: 'Hidden', active: false }] });
    expect((await t.client.get('/ot/')).body.results.map((o: { slug: string }) => o.slug)).toEqual([
      'classic-v1-0-0',
      'old-v0-0-0',
    ]);
    expect((await t.client.get('/ot/hidden-v0-0-0/')).status).toBe(404);
    expect((await staff.get('/ot/')).body.count).toBe(2);
    expect((await staff.get('/ot/', { staff: 1 })).body.count).toBe(3);
  });

  it('lists active sensor graphs only, finds an inactive one by slug, and shows its templates', async () => {
    cloud.addData({ sgs: [{ slug: 'off-v1-0-0', name: 'Off', active: false }] });
    const slugs = (await t.client.get('/sg/')).body.results.map((g: { slug: string }) => g.slug);
    expect(slugs).not.toContain('off-v1-0-0');
    expect((await t.client.get('/sg/off-v1-0-0/')).status).toBe(200);
    expect(
      (await staff.get('/sg/', { staff: 1 })).body.results.map((g: { slug: string }) => g.slug),
    ).toContain('off-v1-0-0');
    const graph = await t.client.get('/sg/retired-v1-0-0/');
    expect(
      graph.body.variable_templates.map((v: { id: number; var_type: string | null }) => [v.id, v.var_type]),
    ).toEqual([
      [900, null],
      [5, 'tank-level'],
    ]);
    // Templates of the section are written through the API; new ids do not repeat theirs.
    expect((await staff.patch('/vartemplate/5/', { label: 'level' })).body.label).toBe('level');
    const created = await staff.post('/vartemplate/', {
      sg: 'retired-v1-0-0',
      var_type: 'water',
      default_input_unit: 'in--nothing',
      default_output_unit: null,
    });
    expect(created.body).toEqual({
      var_type: ['Object with slug=water does not exist.'],
      default_input_unit: ['Object with slug=in--nothing does not exist.'],
    });
  });
});

describe('property templates and config attributes from fixtures', () => {
  it('serves the enums a fixture gives', async () => {
    const list = await t.client.get('/propertytemplate/', { org: 'reservoir-co' });
    expect(list.body.results).toEqual([
      expect.objectContaining({ name: 'Color', enums: ['blue', 'red'], created_by: 'ada' }),
    ]);
    const id = list.body.results[0].id;
    expect((await t.client.get(`/propertytemplate/${id}/enum/`)).body.count).toBe(2);
  });

  it('searches up from a device to its project, org and the requesting user', async () => {
    const found = await t.client.get('/config/attr/search/', { target: DEVICE, name: ':app:units' });
    expect(found.body).toMatchObject({ target: '@ada', data: 'metric' });
    // Another user's search ends at that user.
    expect((await staff.get('/config/attr/search/', { target: DEVICE, name: ':app:units' })).status).toBe(
      404,
    );
  });
});

describe('OTA reach', () => {
  it('gives a device the released, active requests of its org and of vendors', async () => {
    const info = await t.client.get(`/ota/device/${DEVICE}/`);
    expect(info.body.deployments.map((r: { id: number }) => r.id)).toEqual([1, 2]);
    expect(info.body.actions.map((a: { id: number }) => a.id)).toEqual([4]);
    // The newest attribute of each type (a null `updated_ts` sorts first, as in Postgres).
    expect(
      info.body.versions.map((v: { type: string; version: string }) => `${v.type} ${v.version}`),
    ).toEqual(['app v2.0', 'os v1.4']);
  });

  it('lists by scope: global (vendors without a fleet) and an org (its own and vendors)', async () => {
    const ids = async (query: Record<string, string>) =>
      (await t.client.get('/ota/request/', query)).body.results.map((r: { id: number }) => r.id);
    expect(await ids({ scope: 'global' })).toEqual([1]);
    expect(await ids({ scope: 'reservoir-co' })).toEqual([1, 2]);
    expect(await ids({ org: 'vendor-inc' })).toEqual([1]);
    expect(await ids({ org: 'reservoir-co,vendor-inc' })).toEqual([1, 2]);
  });

  it("reaches the devices of a vendor's templates and of an org, by their version attributes", async () => {
    const reached = async (id: number) =>
      (await t.client.get(`/ota/request/${id}/devices/`)).body.results.map((d: { slug: string }) => d.slug);
    expect(await reached(1)).toEqual([DEVICE]);
    expect(await reached(2)).toEqual([DEVICE]);
    // No version 1.4 < 1.3: nothing.
    expect(
      (await t.client.patch('/ota/request/2/', { selection_criteria: ['os_version:lt:1.3'] })).status,
    ).toBe(200);
    expect(await reached(2)).toEqual([]);
    // `app_*` rules look for a `sg` type no attribute has, as on the server.
    expect(
      (await t.client.patch('/ota/request/2/', { selection_criteria: ['app_tag:eq:2049'] })).status,
    ).toBe(200);
    expect(await reached(2)).toEqual([]);
  });
});

describe('background jobs', () => {
  it('answers /pid/ for a job a route started, for a day', async () => {
    const store = (cloud as unknown as { store: Store }).store;
    const pid = startJob({ store, now: () => now } as unknown as Env, 'DeviceDataResetAction');
    expect(pid).toMatch(/^pid:[0-9a-f]{16}$/);
    const res = await t.client.post('/pid/', { pid });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      pid,
      info: { type: 'DeviceDataResetAction', created_on: '2021-06-01T00:00:00Z' },
    });
    now += DAY;
    try {
      expect((await t.client.post('/pid/', { pid })).body.info).toEqual({ error: 'Not found' });
    } finally {
      now -= DAY;
    }
  });
});

describe('catalogue fixture sections', () => {
  it.each([
    [{ api_keys: [{ key: 'no-dot', org: 'x' }] }, 'api_keys[0]: missing "key"'],
    [{ api_keys: [{ key: 'a.b' }] }, 'api_keys[0]: missing "org"'],
    [
      { device_versions: [{ device: DEVICE, type: 'fw', tag: 1 }] },
      'device_versions[0]: "type" must be "os" or "app"',
    ],
    [{ ota_actions: [{ device: DEVICE }] }, 'ota_actions[0]: missing "deployment"'],
    [{ ota_scripts: [{ slug: 'fw' }] }, 'ota_scripts[0]: missing "slug"'],
    [{ config_names: [{ name: 'plain' }] }, 'config_names[0]: missing "name"'],
    [{ variable_templates: [{ lid_hex: '5001' }] }, 'variable_templates[0]: missing "sg"'],
    [{ org_templates: [{}] }, 'org_templates[0]: missing "name"'],
  ])('refuses %j', (data, message) => {
    expect(() => new MockIOTileCloud({ data: data as FixtureData })).toThrow(FixtureError);
    expect(() => new MockIOTileCloud({ data: data as FixtureData })).toThrow(message);
  });
});

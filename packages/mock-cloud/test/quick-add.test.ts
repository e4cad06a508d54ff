/** The quick-add helpers, checked the way the Python mock's own tests check them, plus their errors. */
import { beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_ORG_SLUG, MockIOTileCloud, type RunningServer } from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

let cloud: MockIOTileCloud;
let server: RunningServer;
let client: SpecClient;

beforeEach(async () => {
  cloud = new MockIOTileCloud();
  server = await cloud.start();
  client = new SpecClient(server.url);
  return () => server.close();
});

describe('quick add', () => {
  it('adds a user that can log in (and only once)', async () => {
    expect((await client.login()).status).toBe(401);
    cloud.quickAddUser();
    expect((await client.login()).status).toBe(200);
    expect(() => cloud.quickAddUser()).toThrow(/already exists/);
  });

  it('adds a project in the default org, readable by UUID, and its org', async () => {
    cloud.quickAddUser();
    await client.login();
    const { id, slug } = cloud.quickAddProject();
    expect(slug).toBe('p--0000-0000');
    const project = await client.get(`/project/${id}/`);
    expect(project.body).toMatchObject({ id, slug, org: DEFAULT_ORG_SLUG, created_by: 'quick_test_user' });
    expect((await client.get(`/org/${project.body.org}/`)).body.slug).toBe(DEFAULT_ORG_SLUG);
    expect(cloud.quickAddProject('Second').slug).toBe('p--0000-0001');
    expect(() => cloud.quickAddProject('x', 'missing-org')).toThrow(/org that does not exist/);
  });

  it('adds devices with streamers, by id or generated', async () => {
    cloud.quickAddUser();
    await client.login();
    expect((await client.get('/streamer/')).body.count).toBe(0);
    const { id } = cloud.quickAddProject();
    const d15 = cloud.quickAddDevice(id, 15, [10, 15]);
    const d20 = cloud.quickAddDevice(id, 20, [1]);
    const generated = cloud.quickAddDevice(id);
    expect(d15).toBe('d--0000-0000-0000-000f');
    expect(generated).toBe('d--0000-0000-0000-0002');
    expect((await client.get('/streamer/')).body.count).toBe(3);
    expect((await client.get('/streamer/', { device: d15 })).body.count).toBe(2);
    const streamer = await client.get('/streamer/t--0000-0000-0000-000f--0001/');
    expect(streamer.body).toMatchObject({ last_id: 15, device: d15, is_system: true });
    expect((await client.get(`/device/${d20}/`)).body).toMatchObject({
      slug: d20,
      project: id,
      org: DEFAULT_ORG_SLUG,
    });
    expect((await client.get('/device/', { project: id })).body.count).toBe(3);
    expect(() => cloud.quickAddDevice(id, 15)).toThrow(/duplicate device/);
    expect(() => cloud.quickAddDevice('00000000-0000-4000-8000-000000000000')).toThrow(/Unknown project/);
  });

  it('adds a streamer for a device that is not registered (as the Python helper allows)', async () => {
    cloud.quickAddUser();
    await client.login();
    const slug = cloud.quickAddStreamer(1, 0, 10);
    expect((await client.get(`/streamer/${slug}/`)).body.last_id).toBe(10);
  });

  it('adds fleets; unknown devices and duplicate slugs are errors', () => {
    const { id } = cloud.quickAddProject();
    const dev = cloud.quickAddDevice(id, 3);
    expect(cloud.quickAddFleet([dev], false, 0x10)).toBe('g--0000-0000-0010');
    expect(() => cloud.quickAddFleet([dev], false, 0x10)).toThrow(/already exists/);
    expect(() => cloud.quickAddFleet([99])).toThrow(/Unknown device/);
  });

  it('adds OTA device info and deployments to a fleet', () => {
    const { id } = cloud.quickAddProject();
    const fleet = cloud.quickAddFleet([cloud.quickAddDevice(id, 5)]);
    cloud.quickAddDeploymentToFleet(fleet, 1, ['os_tag eq 1']);
    expect(cloud.get('otaRequest', 1)).toMatchObject({
      id: 1,
      fleet: fleet,
      selection_criteria: ['os_tag eq 1'],
    });
    expect(() => cloud.quickAddDeploymentToFleet(fleet, 1, [])).toThrow(/already exists/);
    expect(() => cloud.quickAddDeploymentToFleet('g--0000-0000-0abc', 2, [])).toThrow(/does not exist/);
  });

  it('patches a quick-added device', async () => {
    cloud.quickAddUser();
    await client.login();
    const { id } = cloud.quickAddProject();
    cloud.quickAddDevice(id, 15);
    expect((await client.get('/device/d--0000-0000-0000-000f/')).body.sg).toBe('water-meter-v1-1-0');
    // As on the server, the sensor graph must exist.
    const unknown = await client.patch('/device/d--0000-0000-0000-000f/', { sg: 'water-meter-v1-1-1' });
    expect(unknown.body).toEqual({ sg: ['Object with slug=water-meter-v1-1-1 does not exist.'] });
    cloud.quickAddSg('water-meter-v1-1-1');
    await client.patch('/device/d--0000-0000-0000-000f/', { sg: 'water-meter-v1-1-1' });
    expect((await client.get('/device/d--0000-0000-0000-000f/')).body.sg).toBe('water-meter-v1-1-1');
  });
});

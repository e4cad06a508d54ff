import { beforeAll, describe, expect, it } from 'vitest';

import { PROJECT_ID, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

describe('/account/', () => {
  it('lists only the current user (non-staff)', async () => {
    const res = await t.client.get('/account/');
    expect(res.body.count).toBe(1);
    expect(res.body.results[0]).toMatchObject({ username: 'ada', email: 'ada@example.com', slug: 'ada' });
  });

  it("gives the user's own account and 404 for someone else's", async () => {
    expect((await t.client.get('/account/ada/')).body.username).toBe('ada');
    expect((await t.client.get('/account/grace/')).status).toBe(404);
  });
});

describe('/org/', () => {
  it('lists orgs and gets one by slug, with every field', async () => {
    const list = await t.client.get('/org/');
    expect(list.body.count).toBe(1);
    const org = await t.client.get('/org/reservoir-co/');
    expect(org.body).toMatchObject({
      id: '6f1d2c3b-4a5e-4f60-8b7a-9c0d1e2f3a4b',
      name: 'Reservoir Co',
      slug: 'reservoir-co',
      ot: null,
      created_by: 'ada',
      domain_names: [],
    });
    expect(org.body.avatar.tiny).toMatch(/^https:/);
    expect((await t.client.get('/org/unknown-org/')).status).toBe(404);
  });

  it('lists the projects of an org (paginated)', async () => {
    const res = await t.client.get('/org/reservoir-co/projects/');
    expect(res.body.count).toBe(1);
    expect(res.body.results[0].id).toBe(PROJECT_ID);
  });
});

describe('/project/', () => {
  it('gets a project by UUID (any case)', async () => {
    for (const id of [PROJECT_ID, PROJECT_ID.toUpperCase()]) {
      const res = await t.client.get(`/project/${id}/`);
      expect(res.body).toEqual({
        id: PROJECT_ID,
        name: 'Reservoir Levels',
        slug: 'p--0000-0042',
        gid: '0000-0042',
        org: 'reservoir-co',
        about: 'tank monitoring',
        project_template: 'default-template-v1-0-0',
        created_on: '2019-04-30T12:00:00.125000Z',
        created_by: 'ada',
      });
    }
  });

  it('answers 400 ["Project ID must be a UUID"] for a non-UUID and 404 for an unknown one', async () => {
    const bad = await t.client.get('/project/p--0000-0042/');
    expect(bad).toMatchObject({ status: 400, body: ['Project ID must be a UUID'] });
    expect((await t.client.get('/project/00000000-0000-4000-8000-000000000000/')).status).toBe(404);
  });

  it('lists and filters projects by org (unknown org -> 404)', async () => {
    expect((await t.client.get('/project/')).body.count).toBe(1);
    expect((await t.client.get('/project/', { org__slug: 'reservoir-co' })).body.count).toBe(1);
    expect((await t.client.get('/project/', { org: 'nobody' })).status).toBe(404);
  });

  it('PATCH changes writable fields only', async () => {
    const res = await t.client.patch(`/project/${PROJECT_ID}/`, { about: 'changed', slug: 'p--1' });
    expect(res.body).toMatchObject({ about: 'changed', slug: 'p--0000-0042' });
  });

  it('lists the project properties', async () => {
    const res = await t.client.get(`/project/${PROJECT_ID}/properties/`);
    expect(res.body).toEqual([{ id: 13, name: 'Region', value: 'West', type: 'str', is_system: false }]);
  });
});

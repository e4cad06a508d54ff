import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';

let t: Started;
let project: string;
beforeAll(async () => {
  t = await startCloud({ data: [] });
  t.cloud.quickAddUser();
  project = t.cloud.quickAddProject().id;
  for (let i = 0; i < 250; i++) {
    t.cloud.quickAddDevice(project, i + 1);
  }
  for (let i = 0; i < 120; i++) {
    t.cloud.quickAddStreamer(1, i, i);
  }
  await t.client.login();
});

describe('page-number pagination', () => {
  it('uses the endpoint default page size (Standard 100, Large 1000)', async () => {
    expect((await t.client.get('/streamer/')).body.results).toHaveLength(100);
    expect((await t.client.get('/device/')).body.results).toHaveLength(250);
  });

  it('gives absolute next/previous links keeping the query, keys sorted, page 1 without page', async () => {
    const api = `${t.server.url}/api/v1`;
    const p1 = await t.client.get('/device/', { project, page_size: 100 });
    expect(p1.body).toMatchObject({
      count: 250,
      previous: null,
      next: `${api}/device/?page=2&page_size=100&project=${project}`,
    });
    const p2 = await t.client.get(p1.body.next);
    expect(p2.body.previous).toBe(`${api}/device/?page_size=100&project=${project}`);
    expect(p2.body.next).toBe(`${api}/device/?page=3&page_size=100&project=${project}`);
    const p3 = await t.client.get(p2.body.next);
    expect(p3.body).toMatchObject({
      next: null,
      previous: `${api}/device/?page=2&page_size=100&project=${project}`,
    });
    expect(p3.body.results).toHaveLength(50);
  });

  it('encodes link values like Python (quote_plus)', async () => {
    const res = await t.client.get('/device/', { page_size: 100, external_id: 'a b:c*' });
    expect(res.body.count).toBe(0);
    const many = await t.client.get('/streamer/', { page_size: 50, slug: '' });
    expect(many.body.next).toBe(`${t.server.url}/api/v1/streamer/?page=2&page_size=50&slug=`);
  });

  it('clamps page_size to the maximum and ignores invalid values', async () => {
    expect((await t.client.get('/streamer/', { page_size: 5000 })).body.results).toHaveLength(120);
    expect((await t.client.get('/device/', { page_size: 20 })).body.results).toHaveLength(20);
    for (const page_size of ['0', '-3', 'abc']) {
      expect((await t.client.get('/streamer/', { page_size })).body.results, page_size).toHaveLength(100);
    }
  });

  it('answers 404 {"detail": "Invalid page."} for a page out of range or not a number', async () => {
    for (const page of ['0', '3', 'abc', '-1']) {
      const res = await t.client.get('/streamer/', { page });
      expect(res.status, page).toBe(404);
      expect(res.body).toEqual({ detail: 'Invalid page.' });
    }
  });

  it('accepts page=last and an empty first page', async () => {
    const last = await t.client.get('/streamer/', { page: 'last' });
    expect(last.body.results).toHaveLength(20);
    expect(last.body.next).toBeNull();
    const empty = await t.client.get('/fleet/');
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, results: [] });
  });
});

/** `/config/name/` (staff-managed names) and `/config/attr/` (attributes set on targets). */
import { expect } from 'vitest';

import { DEMO_DEVICES, DEMO_ORG, DEMO_PROJECTS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const NAME = ':classic:settings';
const ORG = `^${DEMO_ORG.slug}`;

export const cases: OperationCase[] = [
  {
    op: 'GET /config/name/',
    path: '/config/name/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'POST /config/name/', path: '/config/name/', body: { name: NAME }, status: 403 },
  {
    op: 'POST /config/name/',
    path: '/config/name/',
    as: 'staff',
    body: { name: 'classic settings', tags: ['x'.repeat(25)] },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        name: ['Name must start with ":". Got: classic settings'],
        tags: ['Ensure this field has no more than 24 characters.'],
      }),
  },
  {
    op: 'POST /config/name/',
    path: '/config/name/',
    as: 'staff',
    body: { name: ':classic:device:settings', tags: ['device', 'classic'] },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({
        id: 1,
        name: ':classic:device:settings',
        description: null,
        tags: ['device', 'classic'],
      }),
  },
  {
    op: 'POST /config/name/',
    path: '/config/name/',
    as: 'staff',
    body: { name: ':classic:device:settings' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ name: ['Configuration Attribute Name with this name already exists.'] }),
  },
  {
    op: 'GET /config/name/',
    path: '/config/name/',
    query: { tag: 'device' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(1),
  },
  {
    op: 'GET /config/name/',
    path: '/config/name/',
    query: { name_q: 'DEVICE' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(1),
  },
  { op: 'GET /config/name/{id}/', path: '/config/name/1/', status: 200 },
  { op: 'GET /config/name/{id}/', path: '/config/name/9/', status: 404 },
  { op: 'PUT /config/name/{id}/', path: '/config/name/1/', body: { name: NAME }, status: 403 },
  {
    op: 'PUT /config/name/{id}/',
    path: '/config/name/1/',
    as: 'staff',
    body: { name: `${NAME} x` },
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: [`Name cannot have spaces. Got: ${NAME} x`] }),
  },
  {
    op: 'PUT /config/name/{id}/',
    path: '/config/name/1/',
    as: 'staff',
    body: { name: NAME, description: 'Settings of the classic app' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ name: NAME, tags: ['device', 'classic'] }),
  },
  { op: 'PATCH /config/name/{id}/', path: '/config/name/1/', body: { tags: [] }, status: 403 },
  {
    op: 'PATCH /config/name/{id}/',
    path: '/config/name/1/',
    as: 'staff',
    body: { tags: ['classic'] },
    status: 200,
    check: (res) => expect(res.body.tags).toEqual(['classic']),
  },
  // Attributes.
  {
    op: 'GET /config/attr/',
    path: '/config/attr/',
    status: 400,
    check: (res) => expect(res.body).toEqual({ target: ['This field is required.'] }),
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    body: { target: 'x--bad', name: NAME, data: 1 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ target: ['Target must start with ^, @, d, p, or b. Got: x--bad'] }),
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    body: { target: ORG, name: ':unknown', data: 1 },
    status: 400,
    check: (res) => expect(res.body).toEqual(['Most use a valid Configuration Attribute Name']),
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    // Another user's target: no access.
    body: { target: '@staff', name: NAME, data: 1 },
    status: 403,
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    body: { target: ORG, name: NAME, data: { units: 'metric', decimals: 1 } },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 1,
        target: ORG,
        name: NAME,
        data: { units: 'metric', decimals: 1 },
      }),
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    // The same target and name: overwritten, still 201.
    body: { target: ORG, name: NAME, data: { units: 'imperial' } },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: 1, data: { units: 'imperial' } });
      expect((await clients.user.request('/config/attr/', { query: { target: ORG } })).body.count).toBe(1);
    },
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    body: { target: DEMO_DEVICES.boilerRoom, name: NAME, data: { alarm: true }, log_as_note: true },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: 2, target: DEMO_DEVICES.boilerRoom });
      // A device attribute logged as a system note.
      const notes = await clients.user.request('/note/', { query: { target: DEMO_DEVICES.boilerRoom } });
      expect(notes.body.results.map((n: { note: string }) => n.note)).toContain(
        `Attribute ${NAME} was changed to:\n--> alarm: True`,
      );
    },
  },
  {
    op: 'POST /config/attr/',
    path: '/config/attr/',
    as: 'staff',
    body: { target: '@staff', name: NAME, data: 7 },
    status: 201,
  },
  {
    op: 'GET /config/attr/',
    path: '/config/attr/',
    query: { target: ORG, name_q: 'CLASSIC' },
    status: 200,
    check: (res) => expect(res.body.results.map((a: { id: number }) => a.id)).toEqual([1]),
  },
  {
    op: 'GET /config/attr/',
    path: '/config/attr/',
    // A target the user cannot access: an empty page, not a 403.
    query: { target: '@staff' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /config/attr/search/',
    path: '/config/attr/search/',
    // Not on the device: found up its chain, on its project's org.
    query: { target: DEMO_DEVICES.mainInflow, name: NAME },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 1, target: ORG }),
  },
  {
    op: 'GET /config/attr/search/',
    path: '/config/attr/search/',
    query: { target: DEMO_DEVICES.boilerRoom, name: NAME },
    status: 200,
    check: (res) => expect(res.body.id).toBe(2),
  },
  {
    op: 'GET /config/attr/search/',
    path: '/config/attr/search/',
    query: { target: DEMO_PROJECTS.plant.slug },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Missing target and/or name' }),
  },
  {
    op: 'GET /config/attr/search/',
    path: '/config/attr/search/',
    query: { target: '@staff', name: NAME },
    status: 403,
  },
  {
    op: 'GET /config/attr/search/',
    path: '/config/attr/search/',
    query: { target: DEMO_PROJECTS.plant.slug, name: ':classic:other' },
    status: 404,
  },
  {
    op: 'GET /config/attr/{id}/',
    path: '/config/attr/1/',
    status: 200,
    check: (res) => expect(res.body.name).toBe(NAME),
  },
  {
    op: 'GET /config/attr/{id}/',
    path: '/config/attr/first/',
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Bad Request: Expected an integer database ID' }),
  },
  { op: 'GET /config/attr/{id}/', path: '/config/attr/99/', status: 404 },
  { op: 'GET /config/attr/{id}/', path: '/config/attr/3/', status: 403 },
  {
    op: 'PUT /config/attr/{id}/',
    path: '/config/attr/1/',
    body: { target: ORG, name: NAME, data: 2 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        error: 'PUT and PATCH methods are not supported; use POST with the right target',
      }),
  },
  {
    op: 'PATCH /config/attr/{id}/',
    path: '/config/attr/99/',
    body: { data: 2 },
    status: 400,
    check: (res) => expect(res.body.error).toMatch(/^PUT and PATCH methods are not supported/),
  },
  { op: 'DELETE /config/attr/{id}/', path: '/config/attr/3/', status: 403 },
  { op: 'DELETE /config/attr/{id}/', path: '/config/attr/x/', status: 400 },
  {
    op: 'DELETE /config/attr/{id}/',
    path: '/config/attr/1/',
    status: 204,
    check: async (_res, clients) => expect((await clients.user.request('/config/attr/1/')).status).toBe(404),
  },
  { op: 'DELETE /config/attr/{id}/', path: '/config/attr/1/', status: 404 },
  { op: 'DELETE /config/name/{id}/', path: '/config/name/1/', status: 403 },
  {
    op: 'DELETE /config/name/{id}/',
    path: '/config/name/1/',
    as: 'staff',
    status: 204,
    // Its attributes go with it.
    check: async (_res, clients) => expect((await clients.staff.request('/config/attr/3/')).status).toBe(404),
  },
  { op: 'DELETE /config/name/{id}/', path: '/config/name/1/', as: 'staff', status: 404 },
];

/**
 * Group "orgs": `/project/*`. The staff user makes `staff-lab` with a project, and registers the demo
 * user there as a plain member (no `can_manage_org_and_projects`).
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';
import { demoJoinsStaffLab, staffOrg, staffProject } from './staff-setup.js';

const PLANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const seen = { pilot: UNKNOWN, lab: UNKNOWN, fromDevice: UNKNOWN };

const names = (res: { body: { results: Array<{ name: string }> } }) => res.body.results.map((p) => p.name);

export const cases: OperationCase[] = [
  staffOrg('Staff Lab'),
  demoJoinsStaffLab,
  staffProject('Lab', 'staff-lab', seen, 'lab'),

  // --- list ----------------------------------------------------------------------------------------
  {
    op: 'GET /project/',
    path: '/project/',
    status: 200,
    check: (res) => expect(names(res)).toEqual(['Cold Chain Shipping', 'Plant Water', 'Lab']),
  },
  {
    op: 'GET /project/',
    path: '/project/',
    query: { org: 'demo-co', name: 'Plant Water' },
    status: 200,
    check: (res) => expect(res.body.results.map((p: { id: string }) => p.id)).toEqual([PLANT]),
  },
  {
    op: 'GET /project/',
    path: '/project/',
    query: { property: 'Region__West' },
    status: 200,
    check: (res) => expect(names(res)).toEqual(['Plant Water']),
  },
  {
    op: 'GET /project/',
    path: '/project/',
    query: { property: 'Region__East' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /project/', path: '/project/', query: { org: 'nothing' }, status: 404 },
  {
    op: 'GET /project/',
    path: '/project/',
    as: 'staff',
    status: 200,
    check: (res) => expect(names(res)).toEqual(['Lab']),
  },
  {
    op: 'GET /project/',
    path: '/project/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.count).toBe(3),
  },

  // --- create --------------------------------------------------------------------------------------
  {
    op: 'POST /project/',
    path: '/project/',
    body: { name: 'Pilot', org: 'demo-co', about: 'A trial' },
    status: 201,
    check: (res) => {
      seen.pilot = res.body.id;
      // The next number after the highest (`p--0000-0020`, then the staff's `Lab`).
      expect(res.body).toMatchObject({
        name: 'Pilot',
        slug: 'p--0000-0022',
        gid: '0000-0022',
        created_by: 'demo',
      });
    },
  },
  {
    op: 'POST /project/',
    path: '/project/',
    body: { name: 'x'.repeat(51), org: 'nothing' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        name: ['Ensure this field has no more than 50 characters.'],
        org: ['Object with slug=nothing does not exist.'],
      }),
  },
  {
    op: 'POST /project/',
    path: '/project/',
    body: { name: 'Nowhere', org: 'nothing' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['Object with slug=nothing does not exist.'] }),
  },
  {
    op: 'POST /project/',
    path: '/project/',
    body: { name: 'Not mine', org: 'staff-lab' },
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Access Denied due to lack of sufficient permissions' }),
  },
  {
    op: 'POST /project/new/',
    path: '/project/new/',
    body: { name: 'From a meter', org: 'demo-co', device: 'd--0000-0000-0000-0a01' },
    status: 201,
    check: async (res, c) => {
      seen.fromDevice = res.body.id;
      const made = await c.user.get(`/project/${res.body.id}/`);
      expect(made.body).toMatchObject({ name: 'From a meter', org: 'demo-co', slug: 'p--0000-0023' });
    },
  },
  {
    op: 'POST /project/new/',
    path: '/project/new/',
    body: { name: 'Empty', org: 'demo-co' },
    status: 201,
    check: (res) => expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/),
  },
  {
    op: 'POST /project/new/',
    path: '/project/new/',
    body: { name: 'Bad', org: 'demo-co', device: 'd--0000-0000-0000-ffff' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ device: ['Object with slug=d--0000-0000-0000-ffff does not exist.'] }),
  },
  { op: 'POST /project/new/', path: '/project/new/', body: { name: 'Lab 2', org: 'staff-lab' }, status: 403 },

  // --- items ---------------------------------------------------------------------------------------
  {
    op: 'GET /project/{id}/',
    path: `/project/${PLANT}/`,
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'p--0000-0010', org: 'demo-co', name: 'Plant Water' }),
  },
  {
    op: 'GET /project/{id}/',
    path: '/project/p--0000-0010/',
    status: 400,
    check: (res) => expect(res.body).toEqual(['Project ID must be a UUID']),
  },
  { op: 'GET /project/{id}/', path: `/project/${UNKNOWN}/`, status: 404 },
  { op: 'GET /project/{id}/', path: `/project/${PLANT}/`, as: 'staff', status: 404 },
  {
    op: 'PUT /project/{id}/',
    get path() {
      return `/project/${seen.pilot}/`;
    },
    body: { name: 'Pilot 2', org: 'demo-co' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ name: 'Pilot 2', about: 'A trial', slug: 'p--0000-0022' }),
  },
  {
    op: 'PUT /project/{id}/',
    path: `/project/${PLANT}/`,
    body: { about: 'only' },
    status: 400,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['name', 'org']),
  },
  {
    op: 'PUT /project/{id}/',
    get path() {
      return `/project/${seen.lab}/`;
    },
    body: { name: 'Mine now', org: 'staff-lab' },
    status: 403,
  },
  {
    op: 'PUT /project/{id}/',
    path: `/project/${UNKNOWN}/`,
    body: { name: 'x', org: 'demo-co' },
    status: 404,
  },
  {
    op: 'PATCH /project/{id}/',
    path: `/project/${PLANT}/`,
    body: { about: 'Water use, patched' },
    status: 200,
    check: async (res, c) => {
      expect(res.body.about).toBe('Water use, patched');
      expect((await c.user.get(`/project/${PLANT}/`)).body.about).toBe('Water use, patched');
    },
  },
  { op: 'PATCH /project/{id}/', path: `/project/${PLANT}/`, body: { org: 'nothing' }, status: 400 },
  {
    op: 'PATCH /project/{id}/',
    get path() {
      return `/project/${seen.lab}/`;
    },
    body: { about: 'x' },
    status: 403,
  },
  { op: 'PATCH /project/{id}/', path: '/project/42/', body: {}, status: 400 },
  {
    op: 'DELETE /project/{id}/',
    path: `/project/${PLANT}/`,
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'DELETE /project/{id}/', path: `/project/${UNKNOWN}/`, as: 'staff', status: 404 },
  {
    op: 'DELETE /project/{id}/',
    get path() {
      return `/project/${seen.pilot}/`;
    },
    as: 'staff',
    query: { staff: 1 },
    status: 204,
    check: async (_res, c) => expect((await c.user.get(`/project/${seen.pilot}/`)).status).toBe(404),
  },

  // --- actions -------------------------------------------------------------------------------------
  {
    op: 'GET /project/{id}/extra/',
    path: `/project/${PLANT}/extra/`,
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({
        slug: 'p--0000-0010',
        counts: { active_devices: 4, inactive_devices: 0 },
      });
      expect(res.body.counts.streams).toBeGreaterThanOrEqual(4);
      expect(Object.keys(res.body).slice(-3)).toEqual(['counts', 'created_on', 'created_by']);
    },
  },
  { op: 'GET /project/{id}/extra/', path: '/project/x/extra/', status: 400 },
  { op: 'GET /project/{id}/extra/', path: `/project/${UNKNOWN}/extra/`, status: 404 },
  {
    op: 'GET /project/{id}/properties/',
    path: `/project/${PLANT}/properties/`,
    status: 200,
    check: (res) =>
      expect(res.body).toEqual([expect.objectContaining({ name: 'Region', value: 'West', type: 'str' })]),
  },
  { op: 'GET /project/{id}/properties/', path: `/project/${UNKNOWN}/properties/`, status: 404 },
  { op: 'GET /project/{id}/properties/', path: '/project/nope/properties/', status: 400 },
  {
    op: 'POST /project/{id}/new_property/',
    path: `/project/${PLANT}/new_property/`,
    body: { name: 'Region', str_value: 'East' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({ name: 'Region', value: 'East', type: 'str' });
      const list = await c.user.get(`/project/${PLANT}/properties/`);
      expect(list.body).toEqual([res.body]);
    },
  },
  {
    op: 'POST /project/{id}/new_property/',
    path: `/project/${PLANT}/new_property/`,
    body: { name: 'Budget', int_value: 5, str_value: 'five' },
    status: 400,
    check: (res) => expect(res.body).toBe('Only one of int_value,str_value,bool_value can be used'),
  },
  {
    op: 'POST /project/{id}/new_property/',
    path: `/project/${PLANT}/new_property/`,
    body: { int_value: 5 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['This field is required.'] }),
  },
  {
    op: 'POST /project/{id}/new_property/',
    path: `/project/${UNKNOWN}/new_property/`,
    body: { name: 'a', bool_value: true },
    status: 404,
  },
];

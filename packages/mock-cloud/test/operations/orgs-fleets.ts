/**
 * Group "orgs": `/fleet/*`. The demo user owns `demo-co`, but owners lack `can_manage_ota` (as on the
 * server): making fleets and changing their members is for staff (or developers) there.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';

const FLEET = 'g--0000-0000-0001';
const NEW = 'g--0000-0000-0002';
const UNKNOWN = 'g--0000-0000-00ff';
const MAIN = 'd--0000-0000-0000-0a01';
const PALLET17 = 'd--0000-0000-0000-0b01';

const slugs = (res: { body: { results: Array<{ slug: string }> } }) => res.body.results.map((f) => f.slug);

export const cases: OperationCase[] = [
  { op: 'GET /fleet/', path: '/fleet/', status: 200, check: (res) => expect(slugs(res)).toEqual([FLEET]) },
  {
    op: 'GET /fleet/',
    path: '/fleet/',
    query: { device: MAIN, org: 'demo-co' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([FLEET]),
  },
  {
    op: 'GET /fleet/',
    path: '/fleet/',
    query: { device: PALLET17 },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /fleet/',
    path: '/fleet/',
    query: { is_network: 'true' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /fleet/', path: '/fleet/', query: { device: 'd--0000-0000-0000-ffff' }, status: 404 },
  { op: 'GET /fleet/', path: '/fleet/', query: { org: 'nothing' }, status: 404 },
  {
    op: 'GET /fleet/',
    path: '/fleet/',
    as: 'staff',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /fleet/',
    path: '/fleet/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([FLEET]),
  },
  {
    op: 'POST /fleet/',
    path: '/fleet/',
    body: { name: 'Loggers', org: 'demo-co' },
    status: 403,
  },
  {
    op: 'POST /fleet/',
    path: '/fleet/',
    as: 'staff',
    body: { name: 'Loggers', org: 'demo-co', is_network: true, description: 'POD-1M' },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: NEW,
        name: 'Loggers',
        org: 'demo-co',
        is_network: true,
        created_by: 'staff',
      }),
  },
  {
    op: 'POST /fleet/',
    path: '/fleet/',
    as: 'staff',
    body: { name: 'Loggers', org: 'demo-co' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields org, name must make a unique set.'] }),
  },
  {
    op: 'POST /fleet/',
    path: '/fleet/',
    as: 'staff',
    body: { org: 'nothing' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        name: ['This field is required.'],
        org: ['Object with slug=nothing does not exist.'],
      }),
  },
  {
    op: 'GET /fleet/{slug}/',
    path: `/fleet/${NEW}/`,
    status: 200,
    check: (res) => expect(res.body.description).toBe('POD-1M'),
  },
  { op: 'GET /fleet/{slug}/', path: `/fleet/${NEW}/`, as: 'staff', status: 404 },
  { op: 'GET /fleet/{slug}/', path: `/fleet/${UNKNOWN}/`, status: 404 },
  {
    op: 'PUT /fleet/{slug}/',
    path: `/fleet/${NEW}/`,
    body: { name: 'Pallet loggers', org: 'demo-co' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ name: 'Pallet loggers', is_network: true, description: 'POD-1M' }),
  },
  {
    op: 'PUT /fleet/{slug}/',
    path: `/fleet/${NEW}/`,
    body: { name: 'Plant devices', org: 'demo-co' },
    status: 400,
  },
  { op: 'PUT /fleet/{slug}/', path: `/fleet/${UNKNOWN}/`, body: { name: 'x', org: 'demo-co' }, status: 404 },
  {
    op: 'PATCH /fleet/{slug}/',
    path: `/fleet/${NEW}/`,
    body: { is_network: false },
    status: 200,
    check: async (res, c) => {
      expect(res.body.is_network).toBe(false);
      expect((await c.user.get('/fleet/', { is_network: 'false' })).body.count).toBe(2);
    },
  },
  { op: 'PATCH /fleet/{slug}/', path: `/fleet/${NEW}/`, body: { is_network: 'perhaps' }, status: 400 },
  { op: 'PATCH /fleet/{slug}/', path: `/fleet/${UNKNOWN}/`, body: {}, status: 404 },
  {
    op: 'GET /fleet/{slug}/devices/',
    path: `/fleet/${FLEET}/devices/`,
    status: 200,
    check: (res) => {
      expect(res.body.count).toBe(4);
      expect(res.body.results[0]).toEqual({ device: MAIN, always_on: true, is_access_point: true });
    },
  },
  { op: 'GET /fleet/{slug}/devices/', path: `/fleet/${UNKNOWN}/devices/`, status: 404 },
  {
    op: 'POST /fleet/{slug}/register/',
    path: `/fleet/${FLEET}/register/`,
    as: 'staff',
    query: { staff: 1 },
    body: { device: PALLET17, always_on: true },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toEqual({ device: PALLET17, always_on: true, is_access_point: false });
      expect((await c.user.get(`/fleet/${FLEET}/devices/`)).body.count).toBe(5);
    },
  },
  {
    op: 'POST /fleet/{slug}/register/',
    path: `/fleet/${FLEET}/register/`,
    as: 'staff',
    query: { staff: 1 },
    body: { device: PALLET17 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: `Device ${PALLET17} already exists in fleet` }),
  },
  {
    op: 'POST /fleet/{slug}/register/',
    path: `/fleet/${FLEET}/register/`,
    as: 'staff',
    query: { staff: 1 },
    body: { device: 'd--0000-0000-0000-ffff' },
    status: 400,
  },
  {
    op: 'POST /fleet/{slug}/register/',
    path: `/fleet/${FLEET}/register/`,
    body: { device: PALLET17 },
    status: 403,
  },
  {
    op: 'POST /fleet/{slug}/register/',
    path: `/fleet/${UNKNOWN}/register/`,
    body: { device: PALLET17 },
    status: 404,
  },
  {
    op: 'POST /fleet/{slug}/deregister/',
    path: `/fleet/${FLEET}/deregister/`,
    as: 'staff',
    query: { staff: 1 },
    body: { device: PALLET17 },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ device: PALLET17, always_on: false, is_access_point: false });
      expect((await c.user.get(`/fleet/${FLEET}/devices/`)).body.count).toBe(4);
    },
  },
  {
    op: 'POST /fleet/{slug}/deregister/',
    path: `/fleet/${FLEET}/deregister/`,
    as: 'staff',
    query: { staff: 1 },
    body: { device: PALLET17 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Device not found' }),
  },
  {
    op: 'POST /fleet/{slug}/deregister/',
    path: `/fleet/${FLEET}/deregister/`,
    body: { device: MAIN },
    status: 403,
  },
  {
    op: 'POST /fleet/{slug}/deregister/',
    path: `/fleet/${UNKNOWN}/deregister/`,
    body: { device: MAIN },
    status: 404,
  },
  // The server checks no permission beyond the queryset to delete a fleet.
  {
    op: 'DELETE /fleet/{slug}/',
    path: `/fleet/${NEW}/`,
    status: 204,
    check: async (_res, c) => expect((await c.user.get(`/fleet/${NEW}/`)).status).toBe(404),
  },
  { op: 'DELETE /fleet/{slug}/', path: `/fleet/${NEW}/`, status: 404 },
];

/** Group "orgs": `/location/*`. The staff user's `staff-vault` device is out of the demo user's reach. */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';
import { staffDevice, staffOrg, staffProject } from './staff-setup.js';

const MAIN = 'd--0000-0000-0000-0a01';
const VAULT = 'd--0000-0000-0000-0b03';
const seen = { vault: '' };

const at = (hour: number) => `2025-05-01T${String(hour).padStart(2, '0')}:00:00Z`;

export const cases: OperationCase[] = [
  staffOrg('Staff Vault'),
  staffProject('Vault', 'staff-vault', seen, 'vault'),
  staffDevice(seen, 'vault', VAULT),
  {
    op: 'POST /location/',
    path: '/location/',
    as: 'staff',
    body: { timestamp: at(9), target: VAULT, lat: 1, lon: 2 },
    status: 201,
    check: (res) => expect(res.body).toMatchObject({ id: 1, user: 'staff' }),
  },

  // --- create --------------------------------------------------------------------------------------
  {
    op: 'POST /location/',
    path: '/location/',
    body: { timestamp: at(10), target: MAIN, lat: 47.6062, lon: '-122.3321' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toEqual({
        id: 2,
        timestamp: at(10),
        target: MAIN,
        lat: '47.606200',
        lon: '-122.332100',
        user: 'demo',
      });
      // A device target takes the location as its own.
      expect((await c.user.get(`/device/${MAIN}/`)).body).toMatchObject({
        lat: '47.606200',
        lon: '-122.332100',
      });
    },
  },
  {
    op: 'POST /location/',
    path: '/location/',
    body: [
      { timestamp: at(11), target: MAIN, lat: 47.61, lon: -122.33 },
      { timestamp: at(13), target: MAIN, lat: 47.62, lon: -122.34 },
    ],
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({ count: 2, last: { id: 4, timestamp: at(13), lat: '47.620000' } }),
  },
  {
    op: 'POST /location/',
    path: '/location/',
    body: [
      { timestamp: at(11), target: MAIN },
      { timestamp: at(11), target: 'd--0000-0000-0000-0a02' },
    ],
    status: 400,
    check: (res) =>
      expect(res.body).toEqual(['Found more than one target. All entries must be for same target.']),
  },
  {
    op: 'POST /location/',
    path: '/location/',
    body: { target: MAIN, lat: 'north' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        timestamp: ['This field is required.'],
        lat: ['A valid number is required.'],
      }),
  },
  { op: 'POST /location/', path: '/location/', body: { timestamp: at(10), target: VAULT }, status: 403 },
  {
    op: 'POST /location/',
    path: '/location/',
    body: { timestamp: at(10), target: 'd--0000-0000-0000-ffff' },
    status: 403,
  },

  // --- list ----------------------------------------------------------------------------------------
  {
    op: 'GET /location/',
    path: '/location/',
    query: { target: MAIN },
    status: 200,
    check: (res) => expect(res.body.results.map((l: { id: number }) => l.id)).toEqual([2, 3, 4]),
  },
  {
    op: 'GET /location/',
    path: '/location/',
    query: { target: MAIN, start: at(11), end: at(13) },
    status: 200,
    check: (res) => expect(res.body.results.map((l: { id: number }) => l.id)).toEqual([3]),
  },
  { op: 'PATCH /device/{slug}/mask/', path: `/device/${MAIN}/mask/`, body: { start: at(12) }, status: 202 },
  {
    op: 'GET /location/',
    path: '/location/',
    query: { target: MAIN, mask: 1 },
    status: 200,
    check: (res) => expect(res.body.results.map((l: { id: number }) => l.id)).toEqual([4]),
  },
  {
    op: 'GET /location/',
    path: '/location/',
    query: { target: VAULT },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /location/',
    path: '/location/',
    status: 400,
    check: (res) => expect(res.body).toEqual({ target: ['This field is required.'] }),
  },
  { op: 'GET /location/', path: '/location/', query: { target: MAIN, start: 'May' }, status: 400 },

  // --- items ---------------------------------------------------------------------------------------
  {
    op: 'GET /location/{id}/',
    path: '/location/2/',
    status: 200,
    check: (res) => expect(res.body.target).toBe(MAIN),
  },
  {
    op: 'GET /location/{id}/',
    path: '/location/two/',
    status: 400,
    check: (res) => expect(res.body).toEqual(['Location ID must be a integer']),
  },
  { op: 'GET /location/{id}/', path: '/location/1/', status: 403 },
  { op: 'GET /location/{id}/', path: '/location/99/', status: 404 },
  {
    op: 'PUT /location/{id}/',
    path: '/location/3/',
    body: { timestamp: at(12), target: MAIN, lat: 1.5, lon: 2.5 },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ id: 3, timestamp: at(12), lat: '1.500000', lon: '2.500000' }),
  },
  { op: 'PUT /location/{id}/', path: '/location/3/', body: { lat: 1 }, status: 400 },
  {
    op: 'PUT /location/{id}/',
    path: '/location/1/',
    body: { timestamp: at(12), target: VAULT },
    status: 403,
  },
  { op: 'PUT /location/{id}/', path: '/location/99/', body: {}, status: 404 },
  {
    op: 'PATCH /location/{id}/',
    path: '/location/3/',
    body: { lat: 3 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ lat: '3.000000', lon: '2.500000' }),
  },
  { op: 'PATCH /location/{id}/', path: '/location/3/', body: { timestamp: 'noon' }, status: 400 },
  { op: 'PATCH /location/{id}/', path: '/location/1/', body: {}, status: 403 },
  { op: 'PATCH /location/{id}/', path: '/location/x/', body: {}, status: 400 },
  {
    op: 'DELETE /location/{id}/',
    path: '/location/3/',
    status: 204,
    check: async (_res, c) => expect((await c.user.get('/location/3/')).status).toBe(404),
  },
  { op: 'DELETE /location/{id}/', path: '/location/1/', status: 403 },
  { op: 'DELETE /location/{id}/', path: '/location/3/', status: 404 },
  { op: 'DELETE /location/{id}/', path: '/location/x/', status: 400 },
];

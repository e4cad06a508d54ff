/** `/production/device/`: the machine-to-machine view of an org's devices, with an org API key. */
import { expect } from 'vitest';

import { DEMO_API_KEY, DEMO_DEVICES } from '../../src/index.js';
import type { OperationCase } from './case.js';

const key = { authorization: `Api-Key ${DEMO_API_KEY}` };
const ITEM = `/production/device/${DEMO_DEVICES.pallet17}/`;

export const cases: OperationCase[] = [
  {
    op: 'GET /production/device/',
    path: '/production/device/',
    as: 'anonymous',
    headers: key,
    status: 200,
    check: (res) => {
      expect(res.body.count).toBe(6);
      expect(res.body.results[0]).toEqual({
        id: 0xa01,
        slug: DEMO_DEVICES.mainInflow,
        gid: '0000-0000-0000-0a01',
        created_on: expect.stringMatching(/Z$/),
        template: 'water-meter-hw-v2-0-0',
        sg: 'water-meter-v1-1-0',
        claimed: true,
      });
    },
  },
  {
    op: 'GET /production/device/',
    path: '/production/device/',
    as: 'anonymous',
    headers: key,
    query: { dt: 'pod-1m-v1-0-0', keys: 1 },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((d: { slug: string; keys: unknown[] }) => [d.slug, d.keys])).toEqual([
        [DEMO_DEVICES.pallet17, []],
        [DEMO_DEVICES.pallet18, []],
      ]),
  },
  {
    op: 'GET /production/device/',
    path: '/production/device/',
    as: 'anonymous',
    headers: key,
    query: { sg: 'nothing' },
    status: 404,
  },
  // A user credential is not an API key: 403; nothing at all, or a bad key: 401.
  { op: 'GET /production/device/', path: '/production/device/', status: 403 },
  { op: 'GET /production/device/', path: '/production/device/', as: 'anonymous', status: 401 },
  {
    op: 'GET /production/device/',
    path: '/production/device/',
    as: 'anonymous',
    headers: { authorization: 'Api-Key demokey1.wrong' },
    status: 401,
  },
  // The view is read-only.
  {
    op: 'POST /production/device/',
    path: '/production/device/',
    as: 'anonymous',
    headers: key,
    body: {},
    status: 401,
  },
  { op: 'POST /production/device/', path: '/production/device/', body: {}, status: 403 },
  {
    op: 'GET /production/device/{slug}/',
    path: '/production/device/d--0b01/',
    as: 'anonymous',
    headers: key,
    // A short `d--` form is expanded.
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: DEMO_DEVICES.pallet17, claimed: true }),
  },
  {
    op: 'GET /production/device/{slug}/',
    path: ITEM,
    as: 'anonymous',
    headers: key,
    query: { keys: 1 },
    status: 200,
    check: (res) => expect(res.body.keys).toEqual([]),
  },
  {
    op: 'GET /production/device/{slug}/',
    path: '/production/device/d--0000-0000-0000-ffff/',
    as: 'anonymous',
    headers: key,
    status: 404,
  },
  { op: 'GET /production/device/{slug}/', path: ITEM, status: 403 },
  { op: 'GET /production/device/{slug}/', path: ITEM, as: 'anonymous', status: 401 },
  { op: 'PUT /production/device/{slug}/', path: ITEM, as: 'anonymous', headers: key, body: {}, status: 401 },
  { op: 'PUT /production/device/{slug}/', path: ITEM, body: {}, status: 403 },
  {
    op: 'PATCH /production/device/{slug}/',
    path: ITEM,
    as: 'anonymous',
    headers: key,
    body: {},
    status: 401,
  },
  { op: 'PATCH /production/device/{slug}/', path: ITEM, body: {}, status: 403 },
  { op: 'DELETE /production/device/{slug}/', path: ITEM, as: 'anonymous', headers: key, status: 401 },
  { op: 'DELETE /production/device/{slug}/', path: ITEM, status: 403 },
  // Virtual devices: only for the listed sensor graphs, made and claimed by an active staff account.
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    as: 'anonymous',
    headers: key,
    body: { sg: 'edge-v1-0-0', user: 'demo' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual([
        {
          user: ['Object with slug=demo does not exist.'],
          sg: ['Object with slug=edge-v1-0-0 does not exist.'],
        },
      ]),
  },
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    as: 'anonymous',
    headers: key,
    body: { sg: 'edge-v1-0-0', user: 'staff', qty: 2 },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Integer must be between 1 and 1.' }),
  },
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    as: 'anonymous',
    headers: key,
    body: { sg: 'edge-v1-0-0', user: 'staff', qty: 'one' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'If provided, qty must be an integer.' }),
  },
  {
    op: 'POST /sg/',
    path: '/sg/',
    as: 'staff',
    body: { name: 'Edge', org: 'demo-co', major_version: 1 },
    status: 201,
    check: (res) => expect(res.body.slug).toBe('edge-v1-0-0'),
  },
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    as: 'anonymous',
    headers: key,
    body: { sg: 'edge-v1-0-0', user: 'staff' },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual([
        expect.objectContaining({
          id: 0xb03,
          slug: 'd--0000-0000-0000-0b03',
          sg: 'edge-v1-0-0',
          template: null,
          org: 'demo-co',
          project: null,
          claimed_by: 'staff',
        }),
      ]);
      const listed = await clients.anonymous.request('/production/device/', { headers: key });
      expect(listed.body.count).toBe(7);
      expect(listed.body.results.at(-1)).toMatchObject({ slug: 'd--0000-0000-0000-0b03', claimed: false });
    },
  },
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    body: { sg: 'edge-v1-0-0', user: 'staff' },
    status: 403,
  },
  {
    op: 'POST /production/device/create_virtual/',
    path: '/production/device/create_virtual/',
    as: 'anonymous',
    body: { sg: 'edge-v1-0-0', user: 'staff' },
    status: 401,
  },
];

/** `/dt/` and its slots (`{slug}/slot/`). */
import { expect } from 'vitest';

import { DEMO_API_KEY } from '../../src/index.js';
import type { OperationCase } from './case.js';

const key = { authorization: `Api-Key ${DEMO_API_KEY}` };
const TEMPLATE = '/dt/gateway-v1-0-2/';

const gateway = {
  external_sku: 'Gateway',
  org: 'demo-co',
  released_on: '2025-01-15',
  major_version: 1,
  os_tag: 1024,
  os_major_version: 2,
  os_minor_version: 4,
  hw_tag: 5,
  hw_major_version: 3,
};

export const cases: OperationCase[] = [
  {
    op: 'GET /dt/',
    path: '/dt/',
    status: 200,
    check: (res) =>
      expect(res.body.results.map((t: { slug: string }) => t.slug).sort()).toEqual([
        'pod-1m-v1-0-0',
        'water-meter-hw-v2-0-0',
      ]),
  },
  { op: 'GET /dt/', path: '/dt/', as: 'anonymous', headers: key, status: 200 },
  { op: 'GET /dt/', path: '/dt/', as: 'anonymous', status: 401 },
  {
    op: 'GET /dt/{slug}/',
    path: '/dt/pod-1m-v1-0-0/',
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ external_sku: 'POD-1M', version: 'v1.0.0', os_tag: 2048 }),
  },
  { op: 'GET /dt/{slug}/', path: '/dt/pod-1m-v1-0-0/', as: 'anonymous', headers: key, status: 200 },
  { op: 'GET /dt/{slug}/', path: '/dt/nothing/', status: 404 },
  { op: 'POST /dt/', path: '/dt/', body: gateway, status: 403 },
  {
    op: 'POST /dt/',
    path: '/dt/',
    as: 'staff',
    body: { external_sku: 'Gateway', org: 'nobody', released_on: 'soon' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Object with slug=nobody does not exist.'],
        released_on: ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'],
      }),
  },
  {
    op: 'POST /dt/',
    path: '/dt/',
    as: 'staff',
    body: gateway,
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        external_sku: 'Gateway',
        internal_sku: '',
        slug: 'gateway-v1-0-0',
        org: 'demo-co',
        version: 'v1.0.0',
        os_tag: 1024,
        os_version: 'v2.4',
        hw_tag: 5,
        hw_version: 'v3',
        slots: [],
        released_on: '2025-01-15',
      }),
  },
  {
    op: 'POST /dt/',
    path: '/dt/',
    as: 'staff',
    body: gateway,
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        non_field_errors: [
          'The fields external_sku, major_version, minor_version, patch_version must make a unique set.',
        ],
      }),
  },
  {
    op: 'PATCH /dt/{slug}/',
    path: '/dt/gateway-v1-0-0/',
    as: 'staff',
    body: { patch_version: 2, family: 'gateways' },
    status: 200,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ slug: 'gateway-v1-0-2', version: 'v1.0.2', family: 'gateways' });
      expect((await clients.user.request('/dt/gateway-v1-0-0/')).status).toBe(404);
    },
  },
  { op: 'PATCH /dt/{slug}/', path: TEMPLATE, body: { family: 'x' }, status: 403 },
  { op: 'PUT /dt/{slug}/', path: TEMPLATE, body: gateway, status: 403 },
  {
    op: 'PUT /dt/{slug}/',
    path: TEMPLATE,
    as: 'staff',
    body: { external_sku: 'Gateway' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['This field is required.'],
        released_on: ['This field is required.'],
      }),
  },
  {
    op: 'PUT /dt/{slug}/',
    path: TEMPLATE,
    as: 'staff',
    body: { external_sku: 'Gateway', org: 'demo-co', released_on: '2025-02-01', internal_sku: 'GW-1' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: 'gateway-v1-0-2',
        internal_sku: 'GW-1',
        released_on: '2025-02-01',
      }),
  },
  { op: 'PUT /dt/{slug}/', path: '/dt/nothing/', as: 'staff', body: gateway, status: 404 },
  // Slots: a component per slot number.
  {
    op: 'POST /component/',
    path: '/component/',
    as: 'staff',
    body: { external_sku: 'Radio', type: 'COM', hw_tag: 'btc1_v3' },
    status: 201,
    check: (res) => expect(res.body.slug).toBe('radio-0-0-0'),
  },
  {
    op: 'GET /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    body: { number: 1, component: 'radio-0-0-0' },
    status: 403,
  },
  {
    op: 'POST /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    as: 'staff',
    body: { number: 1, component: 'nothing' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ component: ['Object with slug=nothing does not exist.'] }),
  },
  {
    op: 'POST /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    as: 'staff',
    body: { number: 1, component: 'radio-0-0-0' },
    status: 201,
    check: (res) => expect(res.body).toEqual({ number: 1, component: 'radio-0-0-0' }),
  },
  {
    op: 'POST /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    as: 'staff',
    // The same number replaces the slot (200).
    body: { number: 1, component: 'radio-0-0-0' },
    status: 200,
  },
  { op: 'POST /dt/{slug}/slot/', path: '/dt/nothing/slot/', as: 'staff', body: { number: 1 }, status: 404 },
  {
    op: 'GET /dt/{slug}/slot/',
    path: `${TEMPLATE}slot/`,
    as: 'anonymous',
    headers: key,
    status: 200,
    check: async (res, clients) => {
      const slots = [{ number: 1, component: 'radio-0-0-0', hw_tag: 'btc1_v3' }];
      expect(res.body.results).toEqual(slots);
      expect((await clients.user.request(TEMPLATE)).body.slots).toEqual(slots);
    },
  },
  { op: 'GET /dt/{slug}/slot/', path: '/dt/nothing/slot/', status: 404 },
  { op: 'GET /dt/{slug}/slot/', path: `${TEMPLATE}slot/`, as: 'anonymous', status: 401 },
  { op: 'DELETE /dt/{slug}/', path: TEMPLATE, status: 403 },
  {
    op: 'DELETE /dt/{slug}/',
    path: TEMPLATE,
    as: 'staff',
    status: 204,
    check: async (_res, clients) => expect((await clients.user.request(TEMPLATE)).status).toBe(404),
  },
  { op: 'DELETE /dt/{slug}/', path: TEMPLATE, as: 'staff', status: 404 },
];

/** `/vartype/`: read by users and org API keys, written by staff. */
import { expect } from 'vitest';

import { DEMO_API_KEY } from '../../src/index.js';
import type { OperationCase } from './case.js';

const key = { authorization: `Api-Key ${DEMO_API_KEY}` };
const slugs = (body: { results: { slug: string }[] }) => body.results.map((v) => v.slug);

export const cases: OperationCase[] = [
  {
    op: 'GET /vartype/',
    path: '/vartype/',
    status: 200,
    check: (res) => expect(slugs(res.body)).toEqual(['humidity', 'pressure', 'temp', 'water-meter-volume']),
  },
  {
    op: 'GET /vartype/',
    path: '/vartype/',
    query: { search: 'meter VOL' },
    status: 200,
    check: (res) => expect(slugs(res.body)).toEqual(['water-meter-volume']),
  },
  {
    op: 'GET /vartype/',
    path: '/vartype/',
    as: 'anonymous',
    headers: key,
    status: 200,
    check: (res) => expect(res.body.count).toBe(4),
  },
  { op: 'GET /vartype/', path: '/vartype/', as: 'anonymous', status: 401 },
  {
    op: 'GET /vartype/',
    path: '/vartype/',
    as: 'anonymous',
    headers: { authorization: 'Api-Key unknown.key' },
    status: 401,
  },
  {
    op: 'GET /vartype/{slug}/',
    path: '/vartype/water-meter-volume/',
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        name: 'Water Meter Volume',
        stream_data_type: 'D0',
        storage_units_full: 'Liters',
        storage_units_short: '',
      }),
  },
  { op: 'GET /vartype/{slug}/', path: '/vartype/temp/', as: 'anonymous', headers: key, status: 200 },
  { op: 'GET /vartype/{slug}/', path: '/vartype/nothing/', status: 404 },
  { op: 'POST /vartype/', path: '/vartype/', body: { name: 'Flow Rate' }, status: 403 },
  // An API key only reads: a write without a user is a 401.
  {
    op: 'POST /vartype/',
    path: '/vartype/',
    as: 'anonymous',
    headers: key,
    body: { name: 'X' },
    status: 401,
  },
  {
    op: 'POST /vartype/',
    path: '/vartype/',
    as: 'staff',
    body: { stream_data_type: 'Z9' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        name: ['This field is required.'],
        stream_data_type: ['"Z9" is not a valid choice.'],
      }),
  },
  {
    op: 'POST /vartype/',
    path: '/vartype/',
    as: 'staff',
    body: { name: 'Flow Rate', stream_data_type: 'D0', storage_units_full: 'Liters/s' },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        name: 'Flow Rate',
        slug: 'flow-rate',
        available_input_units: [],
        available_output_units: [],
        stream_data_type: 'D0',
        decoder: null,
        schema: null,
        storage_units_full: 'Liters/s',
        storage_units_short: '',
      });
      expect((await clients.user.request('/vartype/flow-rate/')).status).toBe(200);
    },
  },
  {
    op: 'POST /vartype/',
    path: '/vartype/',
    as: 'staff',
    body: { name: 'Flow Rate' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['Variable Type with this name already exists.'] }),
  },
  { op: 'PUT /vartype/{slug}/', path: '/vartype/flow-rate/', body: { name: 'Flow' }, status: 403 },
  { op: 'PUT /vartype/{slug}/', path: '/vartype/nothing/', as: 'staff', body: { name: 'Flow' }, status: 404 },
  {
    op: 'PUT /vartype/{slug}/',
    path: '/vartype/flow-rate/',
    as: 'staff',
    body: { storage_units_full: 'L/s' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['This field is required.'] }),
  },
  {
    op: 'PUT /vartype/{slug}/',
    path: '/vartype/flow-rate/',
    as: 'staff',
    body: { name: 'Flow' },
    status: 200,
    check: async (res, clients) => {
      // The slug is made from the name on every save.
      expect(res.body).toMatchObject({ name: 'Flow', slug: 'flow', storage_units_full: 'Liters/s' });
      expect((await clients.user.request('/vartype/flow-rate/')).status).toBe(404);
    },
  },
  {
    op: 'PATCH /vartype/{slug}/',
    path: '/vartype/flow/',
    body: { storage_units_full: 'L/s' },
    status: 403,
  },
  {
    op: 'PATCH /vartype/{slug}/',
    path: '/vartype/flow/',
    as: 'staff',
    body: { storage_units_full: 'x'.repeat(27) },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ storage_units_full: ['Ensure this field has no more than 26 characters.'] }),
  },
  {
    op: 'PATCH /vartype/{slug}/',
    path: '/vartype/flow/',
    as: 'staff',
    body: { storage_units_full: 'L/s', stream_data_type: 'E0' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'flow', storage_units_full: 'L/s', stream_data_type: 'E0' }),
  },
  { op: 'DELETE /vartype/{slug}/', path: '/vartype/flow/', status: 403 },
  { op: 'DELETE /vartype/{slug}/', path: '/vartype/nothing/', as: 'staff', status: 404 },
  {
    op: 'DELETE /vartype/{slug}/',
    path: '/vartype/flow/',
    as: 'staff',
    status: 204,
    check: async (_res, clients) => {
      expect((await clients.user.request('/vartype/flow/')).status).toBe(404);
      expect((await clients.user.request('/vartype/')).body.count).toBe(4);
    },
  },
];

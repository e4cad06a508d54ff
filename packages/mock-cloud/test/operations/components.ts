import { expect } from 'vitest';

import type { OperationCase } from './case.js';

export const cases: OperationCase[] = [
  {
    op: 'POST /component/',
    path: '/component/',
    as: 'user',
    body: { external_sku: 'TPU', type: 'BTC' },
    status: 403,
  },
  {
    op: 'POST /component/',
    path: '/component/',
    as: 'staff',
    body: { external_sku: 'x'.repeat(51), type: 'NOPE' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        external_sku: ['Ensure this field has no more than 50 characters.'],
        type: ['"NOPE" is not a valid choice.'],
      }),
  },
  {
    op: 'POST /component/',
    path: '/component/',
    as: 'staff',
    body: { external_sku: 'TPU Board', type: 'BTC', major_version: 2, minor_version: 1 },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'tpu-board-2-1-0', version: 'v2.1.0', hw_tag: '' }),
  },
  {
    op: 'POST /component/',
    path: '/component/',
    as: 'staff',
    body: { external_sku: 'TPU Board', type: 'SEN', major_version: 2, minor_version: 1 },
    status: 400,
    check: (res) => expect(Object.keys(res.body)).toEqual(['non_field_errors']),
  },
  {
    op: 'GET /component/',
    path: '/component/',
    status: 200,
    check: (res) =>
      expect(res.body.results.map((c: { slug: string }) => c.slug)).toContain('tpu-board-2-1-0'),
  },
  { op: 'GET /component/{slug}/', path: '/component/tpu-board-2-1-0/', status: 200 },
  { op: 'GET /component/{slug}/', path: '/component/nothing/', status: 404 },
  {
    op: 'PATCH /component/{slug}/',
    path: '/component/tpu-board-2-1-0/',
    as: 'staff',
    body: { patch_version: 3, hw_name: 'tpu' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: 'tpu-board-2-1-3', hw_name: 'tpu' }),
  },
  {
    op: 'PUT /component/{slug}/',
    path: '/component/tpu-board-2-1-3/',
    as: 'staff',
    body: { hw_name: 'only' },
    status: 400,
    check: (res) => expect(res.body.external_sku).toEqual(['This field is required.']),
  },
  {
    op: 'PUT /component/{slug}/',
    path: '/component/tpu-board-2-1-3/',
    as: 'user',
    body: { external_sku: 'TPU Board', type: 'BTC' },
    status: 403,
  },
  {
    op: 'PUT /component/{slug}/',
    path: '/component/tpu-board-2-1-3/',
    as: 'staff',
    body: { external_sku: 'TPU Board', type: 'BTC', major_version: 2, minor_version: 1, patch_version: 3 },
    status: 200,
  },
  { op: 'DELETE /component/{slug}/', path: '/component/tpu-board-2-1-3/', as: 'user', status: 403 },
  { op: 'DELETE /component/{slug}/', path: '/component/tpu-board-2-1-3/', as: 'staff', status: 204 },
  { op: 'GET /component/{slug}/', path: '/component/tpu-board-2-1-3/', status: 404 },
];

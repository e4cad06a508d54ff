/** `/ot/` (org templates) and `/pt/` (project templates): staff-managed catalogues. */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';

export const cases: OperationCase[] = [
  // Org templates.
  { op: 'GET /ot/', path: '/ot/', status: 200, check: (res) => expect(res.body.count).toBe(0) },
  { op: 'POST /ot/', path: '/ot/', body: { name: 'Classic' }, status: 403 },
  {
    op: 'POST /ot/',
    path: '/ot/',
    as: 'staff',
    body: { name: 'Classic', extra_data: null, minor_version: 'x' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        minor_version: ['A valid integer is required.'],
        extra_data: ['extra_data must be a valid dictionary object'],
      }),
  },
  {
    op: 'POST /ot/',
    path: '/ot/',
    as: 'staff',
    body: { name: 'Classic', extra_data: { theme: 'dark' }, major_version: 1 },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({
        id: 1,
        name: 'Classic',
        slug: 'classic-v1-0-0',
        version: 'v1.0.0',
        extra_data: { theme: 'dark' },
        created_on: expect.stringMatching(/Z$/),
      }),
  },
  {
    op: 'POST /ot/',
    path: '/ot/',
    as: 'staff',
    body: { name: 'Classic', major_version: 1 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        non_field_errors: [
          'The fields name, major_version, minor_version, patch_version must make a unique set.',
        ],
      }),
  },
  {
    op: 'GET /ot/',
    path: '/ot/',
    query: { created_by: 1 },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /ot/{slug}/',
    path: '/ot/classic-v1-0-0/',
    status: 200,
    check: (res) => expect(res.body.id).toBe(1),
  },
  { op: 'GET /ot/{slug}/', path: '/ot/nothing/', status: 404 },
  {
    op: 'PATCH /ot/{slug}/',
    path: '/ot/classic-v1-0-0/',
    as: 'staff',
    body: { minor_version: 2 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: 'classic-v1-2-0', version: 'v1.2.0' }),
  },
  { op: 'PATCH /ot/{slug}/', path: '/ot/classic-v1-2-0/', body: { name: 'X' }, status: 403 },
  {
    op: 'PUT /ot/{slug}/',
    path: '/ot/classic-v1-2-0/',
    as: 'staff',
    body: { name: 'Modern' },
    status: 200,
    // The version parts not sent keep their values.
    check: (res) =>
      expect(res.body).toMatchObject({
        name: 'Modern',
        slug: 'modern-v1-2-0',
        extra_data: { theme: 'dark' },
      }),
  },
  { op: 'PUT /ot/{slug}/', path: '/ot/modern-v1-2-0/', body: { name: 'X' }, status: 403 },
  {
    op: 'PUT /ot/{slug}/',
    path: '/ot/modern-v1-2-0/',
    as: 'staff',
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['This field is required.'] }),
  },
  { op: 'DELETE /ot/{slug}/', path: '/ot/modern-v1-2-0/', status: 403 },
  {
    op: 'DELETE /ot/{slug}/',
    path: '/ot/modern-v1-2-0/',
    as: 'staff',
    status: 204,
    check: async (_res, clients) => expect((await clients.user.request('/ot/')).body.count).toBe(0),
  },
  { op: 'DELETE /ot/{slug}/', path: '/ot/modern-v1-2-0/', as: 'staff', status: 404 },
  // Project templates: the same, with a vendor org.
  { op: 'GET /pt/', path: '/pt/', status: 200, check: (res) => expect(res.body.count).toBe(0) },
  { op: 'POST /pt/', path: '/pt/', body: { name: 'Default', org: 'demo-co' }, status: 403 },
  {
    op: 'POST /pt/',
    path: '/pt/',
    as: 'staff',
    body: { name: 'Default', org: 'nobody', extra_data: [1] },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Object with slug=nobody does not exist.'],
        extra_data: ['Expected a dictionary of items but got type "list".'],
      }),
  },
  {
    op: 'POST /pt/',
    path: '/pt/',
    as: 'staff',
    body: { name: 'Default', org: 'demo-co', major_version: 1, extra_data: { page: 'water' } },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({ id: 1, slug: 'default-v1-0-0', org: 'demo-co', version: 'v1.0.0' }),
  },
  {
    op: 'GET /pt/',
    path: '/pt/',
    query: { org__slug: 'demo-co' },
    status: 200,
    check: (res) => expect(res.body.results.map((t: { slug: string }) => t.slug)).toEqual(['default-v1-0-0']),
  },
  {
    op: 'GET /pt/',
    path: '/pt/',
    query: { org__slug: 'nobody' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /pt/{slug}/', path: '/pt/default-v1-0-0/', status: 200 },
  { op: 'GET /pt/{slug}/', path: '/pt/nothing/', status: 404 },
  {
    op: 'PATCH /pt/{slug}/',
    path: '/pt/default-v1-0-0/',
    as: 'staff',
    body: { patch_version: 1 },
    status: 200,
    check: (res) => expect(res.body.slug).toBe('default-v1-0-1'),
  },
  { op: 'PATCH /pt/{slug}/', path: '/pt/default-v1-0-1/', body: { patch_version: 2 }, status: 403 },
  {
    op: 'PUT /pt/{slug}/',
    path: '/pt/default-v1-0-1/',
    as: 'staff',
    body: { name: 'Default' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ org: ['This field is required.'] }),
  },
  {
    op: 'PUT /pt/{slug}/',
    path: '/pt/default-v1-0-1/',
    as: 'staff',
    body: { name: 'Default', org: 'demo-co', extra_data: { page: 'shipping' } },
    status: 200,
    check: (res) => expect(res.body.extra_data).toEqual({ page: 'shipping' }),
  },
  {
    op: 'PUT /pt/{slug}/',
    path: '/pt/default-v1-0-1/',
    body: { name: 'Default', org: 'demo-co' },
    status: 403,
  },
  {
    op: 'POST /sg/',
    path: '/sg/',
    as: 'staff',
    // A sensor graph may name an active project template.
    body: { name: 'Water', org: 'demo-co', project_template: 'default-v1-0-1' },
    status: 201,
    check: (res) => expect(res.body.project_template).toBe('default-v1-0-1'),
  },
  { op: 'DELETE /pt/{slug}/', path: '/pt/default-v1-0-1/', status: 403 },
  { op: 'DELETE /pt/{slug}/', path: '/pt/default-v1-0-1/', as: 'staff', status: 204 },
  { op: 'DELETE /pt/{slug}/', path: '/pt/default-v1-0-1/', as: 'staff', status: 404 },
];

/** `/propertytemplate/` and its enum values. */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';

export const cases: OperationCase[] = [
  {
    op: 'GET /propertytemplate/',
    path: '/propertytemplate/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /propertytemplate/',
    path: '/propertytemplate/',
    body: { org: 'nobody', type: 'float' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Object with slug=nobody does not exist.'],
        type: ['"float" is not a valid choice.'],
        name: ['This field is required.'],
      }),
  },
  {
    op: 'POST /propertytemplate/',
    path: '/propertytemplate/',
    // Any user may create one for any org (the view checks nothing more).
    body: { org: 'demo-co', name: 'Color', default: 'red', extra: { order: 1 } },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({
        id: 1,
        org: 'demo-co',
        type: 'str',
        name: 'Color',
        default: 'red',
        enums: [],
        extra: { order: 1 },
        created_by: 'demo',
      }),
  },
  {
    op: 'POST /propertytemplate/',
    path: '/propertytemplate/',
    as: 'staff',
    body: { org: 'demo-co', name: 'Color', type: 'int' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields org, name must make a unique set.'] }),
  },
  {
    op: 'GET /propertytemplate/',
    path: '/propertytemplate/',
    query: { org: 'demo-co', name: 'Color' },
    status: 200,
    check: (res) => expect(res.body.results.map((t: { id: number }) => t.id)).toEqual([1]),
  },
  { op: 'GET /propertytemplate/', path: '/propertytemplate/', query: { org: 'nobody' }, status: 404 },
  {
    op: 'GET /propertytemplate/',
    path: '/propertytemplate/',
    as: 'staff',
    query: { staff: 1, name: 'Colour' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /propertytemplate/{id}/', path: '/propertytemplate/1/', status: 200 },
  { op: 'GET /propertytemplate/{id}/', path: '/propertytemplate/99/', status: 404 },
  {
    op: 'PUT /propertytemplate/{id}/',
    path: '/propertytemplate/1/',
    body: { org: 'demo-co' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['This field is required.'] }),
  },
  {
    op: 'PUT /propertytemplate/{id}/',
    path: '/propertytemplate/1/',
    body: { org: 'demo-co', name: 'Colour', type: 'str' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ name: 'Colour', default: 'red' }),
  },
  {
    op: 'PUT /propertytemplate/{id}/',
    path: '/propertytemplate/99/',
    body: { org: 'demo-co', name: 'X' },
    status: 404,
  },
  {
    op: 'PATCH /propertytemplate/{id}/',
    path: '/propertytemplate/1/',
    body: { default: 'blue' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ name: 'Colour', default: 'blue' }),
  },
  {
    op: 'PATCH /propertytemplate/{id}/',
    path: '/propertytemplate/1/',
    body: { default: 'x'.repeat(257) },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ default: ['Ensure this field has no more than 256 characters.'] }),
  },
  // Enum values.
  {
    op: 'GET /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    body: { value: 'red' },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({ id: 1, org: 'demo-co', value: 'red', template: 1, created_by: 'demo' }),
  },
  {
    op: 'POST /propertytemplate/{id}/enum/',
    query: { staff: 1 },
    path: '/propertytemplate/1/enum/',
    as: 'staff',
    // An existing value comes back as it is (`get_or_create`).
    body: { value: 'red' },
    status: 201,
    check: (res) => expect(res.body).toMatchObject({ id: 1, created_by: 'demo' }),
  },
  {
    op: 'POST /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    body: { value: 'blue' },
    status: 201,
  },
  {
    op: 'POST /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ value: ['This field is required.'] }),
  },
  {
    op: 'POST /propertytemplate/{id}/enum/',
    path: '/propertytemplate/99/enum/',
    body: { value: 'x' },
    status: 404,
  },
  {
    op: 'GET /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    status: 200,
    check: async (res, clients) => {
      expect(res.body.results.map((e: { value: string }) => e.value)).toEqual(['blue', 'red']);
      expect((await clients.user.request('/propertytemplate/1/')).body.enums).toEqual(['blue', 'red']);
    },
  },
  { op: 'GET /propertytemplate/{id}/enum/', path: '/propertytemplate/99/enum/', status: 404 },
  {
    op: 'DELETE /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    body: { value: 'green' },
    status: 404,
    check: (res) => expect(res.body).toEqual({ error: 'Enum Value not found in Property Template' }),
  },
  { op: 'DELETE /propertytemplate/{id}/enum/', path: '/propertytemplate/1/enum/', body: {}, status: 400 },
  {
    op: 'DELETE /propertytemplate/{id}/enum/',
    path: '/propertytemplate/1/enum/',
    body: { value: 'red' },
    status: 204,
    check: async (_res, clients) =>
      expect((await clients.user.request('/propertytemplate/1/')).body.enums).toEqual(['blue']),
  },
  { op: 'DELETE /propertytemplate/{id}/', path: '/propertytemplate/99/', status: 404 },
  {
    op: 'DELETE /propertytemplate/{id}/',
    path: '/propertytemplate/1/',
    status: 204,
    check: async (_res, clients) =>
      expect((await clients.user.request('/propertytemplate/1/enum/')).status).toBe(404),
  },
];

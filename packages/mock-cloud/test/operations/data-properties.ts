/** `/property/`: the demo's device and project properties, written through the API. */
import { expect } from 'vitest';

import { DEMO_DEVICES, DEMO_PROJECTS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const MAIN = DEMO_DEVICES.mainInflow;

export const cases: OperationCase[] = [
  {
    op: 'GET /property/',
    path: '/property/',
    query: { target: MAIN },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((p: { name: string }) => p.name)).toEqual([
        'Billing Meter',
        'Pipe Diameter (in)',
        'Site',
      ]),
  },
  {
    op: 'GET /property/',
    path: '/property/',
    query: { target: DEMO_PROJECTS.plant.slug },
    status: 200,
    check: (res) =>
      expect(res.body.results).toEqual([
        {
          id: 8,
          name: 'Region',
          value: 'West',
          type: 'str',
          is_system: false,
          target: DEMO_PROJECTS.plant.slug,
        },
      ]),
  },
  {
    op: 'GET /property/',
    path: '/property/',
    status: 406,
    check: (res) =>
      expect(res.body).toEqual({
        detail: 'target argument (e.g. target=d--0000-0000-0000-1234) is required',
      }),
  },
  // A device the store does not hold: `get_object_by_slug` finds nothing and the view refuses.
  { op: 'GET /property/', path: '/property/', query: { target: 'd--0000-0000-0000-0fff' }, status: 403 },
  {
    op: 'POST /property/',
    path: '/property/',
    body: { target: MAIN, name: 'Installer', str_value: 'ACME', int_value: 3 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        non_field_errors: ['Only one of int_value, str_value, or bool_value can be used'],
      }),
  },
  {
    op: 'POST /property/',
    path: '/property/',
    body: { target: MAIN, name: 'Site', str_value: 'Building B' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields target, name must make a unique set.'] }),
  },
  {
    op: 'POST /property/',
    path: '/property/',
    body: { target: MAIN, name: 'Installed', bool_value: true, is_system: true },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({ target: MAIN, name: 'Installed', is_system: true, value: true }),
  },
  {
    op: 'GET /property/{id}/',
    path: '/property/9/',
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        id: 9,
        name: 'Installed',
        value: true,
        type: 'bool',
        is_system: true,
        target: MAIN,
      }),
  },
  { op: 'GET /property/{id}/', path: '/property/999/', status: 404 },
  {
    op: 'PATCH /property/{id}/',
    path: '/property/9/',
    body: { int_value: 2019 },
    status: 200,
    check: async (res, clients) => {
      expect(res.body).toEqual({ target: MAIN, name: 'Installed', is_system: true, value: 2019 });
      expect((await clients.user.request('/property/9/')).body).toMatchObject({ type: 'int', value: 2019 });
    },
  },
  { op: 'PATCH /property/{id}/', path: '/property/9/', body: { name: 'Renamed' }, status: 400 },
  {
    op: 'PUT /property/{id}/',
    path: '/property/9/',
    // The serializer's update changes the value only: the name stays.
    body: { target: MAIN, name: 'Commissioned', str_value: '2019-05' },
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({ target: MAIN, name: 'Installed', is_system: true, value: '2019-05' }),
  },
  { op: 'PUT /property/{id}/', path: '/property/9/', body: { str_value: 'x' }, status: 400 },
  { op: 'PUT /property/{id}/', path: '/property/999/', body: {}, status: 404 },
  { op: 'DELETE /property/{id}/', path: '/property/9/', status: 204 },
  { op: 'DELETE /property/{id}/', path: '/property/9/', status: 404 },
];

/** `/variable/`: the demo's variables, created, changed and deleted through the API. */
import { expect } from 'vitest';

import { DEMO_PROJECTS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const PLANT = DEMO_PROJECTS.plant;

export const cases: OperationCase[] = [
  {
    op: 'GET /variable/',
    path: '/variable/',
    status: 200,
    check: (res) => {
      expect(res.body.count).toBe(9);
      expect(res.body.results[0]).toMatchObject({
        slug: 'v--0000-0010--5001',
        name: 'Volume',
        lid: 0x5001,
        var_type: 'water-meter-volume',
        project: PLANT.id,
        org: 'demo-co',
      });
    },
  },
  {
    op: 'GET /variable/',
    path: '/variable/',
    query: { project: PLANT.slug, search: 'temp' },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((v: { slug: string }) => v.slug)).toEqual(['v--0000-0010--5002']),
  },
  { op: 'GET /variable/', path: '/variable/', query: { org: 'nobody' }, status: 404 },
  { op: 'GET /variable/', path: '/variable/', as: 'anonymous', status: 401 },
  {
    op: 'POST /variable/',
    path: '/variable/',
    body: { name: 'Flow', lid: 0x5010, project: PLANT.id, var_type: 'nope', output_unit: 'out--nope' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        var_type: ['Object with slug=nope does not exist.'],
        output_unit: ['Object with slug=out--nope does not exist.'],
      }),
  },
  {
    op: 'POST /variable/',
    path: '/variable/',
    body: { name: 'Volume again', lid: 0x5001, project: PLANT.id },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields project, lid must make a unique set.'] }),
  },
  {
    op: 'POST /variable/',
    path: '/variable/',
    body: { name: 'Flow', lid: 0x5010, project: PLANT.id, var_type: 'water-meter-volume', units: 'gpm' },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: 'v--0000-0010--5010',
        name: 'Flow',
        org: 'demo-co',
        var_type: 'water-meter-volume',
        raw_value_format: '<L',
        multiplication_factor: 1,
        units: 'gpm',
      }),
  },
  {
    op: 'GET /variable/{slug}/',
    path: '/variable/v--0010--5010/',
    status: 200,
    check: (res) => expect(res.body.name).toBe('Flow'),
  },
  { op: 'GET /variable/{slug}/', path: '/variable/v--0000-0010--7777/', status: 404 },
  {
    op: 'PATCH /variable/{slug}/',
    path: '/variable/v--0000-0010--5010/',
    body: { lid: 0x5011, about: 'Flow rate' },
    status: 200,
    // The slug follows the local id.
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'v--0000-0010--5011', lid: 0x5011, about: 'Flow rate' }),
  },
  {
    op: 'PATCH /variable/{slug}/',
    path: '/variable/v--0000-0010--5011/',
    body: { lid: 'many' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ lid: ['A valid integer is required.'] }),
  },
  {
    op: 'PUT /variable/{slug}/',
    path: '/variable/v--0000-0010--5011/',
    body: { name: 'Flow rate' },
    status: 400,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['lid', 'project']),
  },
  {
    op: 'PUT /variable/{slug}/',
    path: '/variable/v--0000-0010--5011/',
    body: {
      name: 'Flow rate',
      lid: 0x5011,
      project: PLANT.id,
      output_unit: 'out--water-meter-volume--liters',
    },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        name: 'Flow rate',
        output_unit: { slug: 'out--water-meter-volume--liters' },
      }),
  },
  { op: 'PUT /variable/{slug}/', path: '/variable/v--0000-0010--7777/', body: {}, status: 404 },
  {
    op: 'GET /variable/{slug}/type/',
    path: '/variable/v--0000-0010--5002/type/',
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'temp', name: 'Temperature', stream_data_type: 'D0' }),
  },
  { op: 'GET /variable/{slug}/type/', path: '/variable/v--0000-0010--7777/type/', status: 404 },
  {
    op: 'DELETE /variable/{slug}/',
    path: '/variable/v--0000-0010--5011/',
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'DELETE /variable/{slug}/', path: '/variable/v--0000-0010--5011/', as: 'staff', status: 204 },
  { op: 'DELETE /variable/{slug}/', path: '/variable/v--0000-0010--5011/', as: 'staff', status: 404 },
];

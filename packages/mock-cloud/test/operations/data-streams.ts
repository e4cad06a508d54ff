/** `/stream/`: the demo's streams, a new stream, and a stream's data as pages, CSV and DataTables. */
import { expect } from 'vitest';

import { DEMO_DEVICES, DEMO_STREAMS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const START = DEMO_STREAMS.tripStart;
const BOILER = DEMO_STREAMS.boilerTemperature;
const SHOCKS = DEMO_STREAMS.shocks;
const NEW = 's--0000-0010--0000-0000-0000-0a02--5002';

export const cases: OperationCase[] = [
  {
    op: 'GET /stream/',
    path: '/stream/',
    query: { project: 'p--0000-0010' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(4),
  },
  {
    op: 'GET /stream/',
    path: '/stream/',
    query: { device: 'x--0001' },
    status: 403,
  },
  {
    op: 'POST /stream/',
    path: '/stream/',
    body: { variable: 'v--0000-0010--5002', device: 'd--0000-0000-0000-0bff' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ device: ['Object with slug=d--0000-0000-0000-0bff does not exist.'] }),
  },
  {
    op: 'POST /stream/',
    path: '/stream/',
    // A device of the shipping project and a variable of the plant.
    body: { variable: 'v--0000-0010--5002', device: DEMO_DEVICES.pallet17 },
    status: 404,
    check: (res) => expect(res.body).toEqual({ detail: 'Project and Variable belong to different projects' }),
  },
  {
    op: 'POST /stream/',
    path: '/stream/',
    body: {
      variable: 'v--0000-0010--5002',
      device: DEMO_DEVICES.coolingTower,
      data_label: 'Tower temp',
      data_type: 'E0',
    },
    status: 201,
    check: (res) =>
      // The data type comes from the variable type, whatever the body says.
      expect(res.body).toMatchObject({
        slug: NEW,
        project: 'p--0000-0010',
        device: DEMO_DEVICES.coolingTower,
        variable: 'v--0000-0010--5002',
        var_type: 'temp',
        data_type: 'D0',
        data_label: 'Tower temp',
        org: 'demo-co',
      }),
  },
  {
    op: 'GET /stream/{slug}/',
    path: `/stream/${NEW}/`,
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        input_unit: { slug: 'in--temp--centi-celsius' },
        output_unit: { slug: 'out--temp--fahrenheit' },
        mdo_type: 'S',
      }),
  },
  { op: 'GET /stream/{slug}/', path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/', status: 404 },
  {
    op: 'PATCH /stream/{slug}/',
    path: `/stream/${NEW}/`,
    body: { data_label: 'Tower', enabled: false },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ data_label: 'Tower', enabled: false }),
  },
  { op: 'PATCH /stream/{slug}/', path: `/stream/${NEW}/`, body: { data_type: 'ZZ' }, status: 400 },
  {
    op: 'PUT /stream/{slug}/',
    path: `/stream/${NEW}/`,
    body: { data_label: 'Tower temperature', multiplication_factor: 2 },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ data_label: 'Tower temperature', multiplication_factor: 2 }),
  },
  {
    op: 'PUT /stream/{slug}/',
    path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/',
    body: {},
    status: 404,
  },
  {
    op: 'DELETE /stream/{slug}/',
    path: `/stream/${NEW}/`,
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'DELETE /stream/{slug}/', path: `/stream/${NEW}/`, as: 'staff', status: 204 },
  { op: 'DELETE /stream/{slug}/', path: `/stream/${NEW}/`, as: 'staff', status: 404 },
  {
    op: 'GET /stream/{slug}/data/',
    path: `/stream/${BOILER}/data/`,
    query: { lastn: 2 },
    status: 200,
    check: (res) => {
      expect(res.body.count).toBe(2);
      expect(res.body.results[1].timestamp).toBe('2025-12-31T23:45:00Z');
    },
  },
  {
    op: 'GET /stream/{slug}/data/',
    path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/data/',
    status: 404,
  },
  {
    op: 'GET /stream/{slug}/csv/',
    path: `/stream/${BOILER}/csv/`,
    query: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:30:00Z' },
    status: 200,
    check: (res) => {
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${BOILER}.csv"`);
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe('Timestamp,Value');
      expect(lines.slice(1, 3).map((l: string) => l.split(',')[0])).toEqual([
        '2025/01/01 00:00:00',
        '2025/01/01 00:15:00',
      ]);
      // The output unit (°F: 32 + v * 9 / 5) applied to the stored integer.
      expect(lines[1]?.split(',')[1]).toMatch(/^\d+\.\d+$/);
      expect(lines).toHaveLength(4);
    },
  },
  {
    op: 'GET /stream/{slug}/csv/',
    path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/csv/',
    status: 404,
  },
  {
    op: 'GET /stream/{slug}/datatable/',
    path: `/stream/${START}/datatable/`,
    query: { start: 0, length: 10, draw: '3' },
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        draw: '3',
        recordsTotal: 1,
        recordsFiltered: 1,
        data: [
          {
            type: 'Num',
            timestamp: '2025-11-03T08:00:00Z',
            int_value: 1,
            value: 1,
            display_value: '1',
            output_value: 1,
            streamer_local_id: 1,
          },
        ],
      }),
  },
  {
    op: 'GET /stream/{slug}/datatable/',
    path: `/stream/${BOILER}/datatable/`,
    query: { start: 10, length: 5, 'order[0][column]': 0, 'order[0][dir]': 'desc' },
    status: 200,
    check: (res) => {
      expect(res.body.recordsTotal).toBe(35040);
      expect(res.body.data).toHaveLength(5);
      // Page 3 of five rows, newest first.
      expect(res.body.data[0].timestamp).toBe('2025-12-31T21:15:00Z');
    },
  },
  {
    op: 'GET /stream/{slug}/datatable/',
    path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/datatable/',
    status: 404,
  },
  {
    op: 'GET /stream/{slug}/eventtable/',
    path: `/stream/${SHOCKS}/eventtable/`,
    query: { start: 0, length: 2, sEcho: '7' },
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ sEcho: '7', recordsTotal: 14, recordsFiltered: 14 });
      expect(res.body.data).toHaveLength(2);
      // `extra_data` as Python prints a dict.
      expect(res.body.data[0].extra_data).toMatch(
        /^\{'peak': [\d.]+, 'axis': '[xyz]', 'duration': \d+, 'delta_v': [\d.]+\}$/,
      );
    },
  },
  {
    op: 'GET /stream/{slug}/eventtable/',
    path: '/stream/s--0000-0010--0000-0000-0000-0a02--7777/eventtable/',
    status: 404,
  },
];

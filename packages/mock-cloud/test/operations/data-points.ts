/** `/data/`: uploads (converted as the server's builder converts them), and staff-only items. */
import { expect } from 'vitest';

import { DEMO_STREAMS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const START = DEMO_STREAMS.tripStart;
const BOILER = DEMO_STREAMS.boilerTemperature;
const VIRTUAL = 's--0000-0010--0000-0000-0000-0000--5100';

export const cases: OperationCase[] = [
  {
    op: 'GET /data/',
    path: '/data/',
    query: { filter: START },
    status: 200,
    check: (res) =>
      expect(res.body.results).toEqual([
        {
          id: 1,
          stream: START,
          project: 'p--0000-0020',
          device: 'd--0000-0000-0000-0b01',
          variable: 'v--0000-0020--0e00',
          type: 'Num',
          device_timestamp: null,
          timestamp: '2025-11-03T08:00:00Z',
          int_value: 1,
          value: 1,
          streamer_local_id: 1,
          dirty_ts: false,
          status: 'cln',
        },
      ]),
  },
  { op: 'GET /data/', path: '/data/', query: { filter: START, lastn: 0 }, status: 400 },
  {
    op: 'POST /data/',
    path: '/data/',
    body: { stream: BOILER, timestamp: '2026-01-01T00:00:00Z', int_value: 2150 },
    status: 201,
    // Through the stream's input unit (1/100 °C): the stored value is 21.5 (°C), type ITR.
    check: (res) =>
      expect(res.body).toMatchObject({ stream: BOILER, int_value: 2150, value: 21.5, type: 'ITR' }),
  },
  {
    op: 'POST /data/',
    path: '/data/',
    body: { stream: BOILER, timestamp: '2026-01-01T00:00:00Z', int_value: 1, value: 1.5 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['Only int_value or value should be used'] }),
  },
  {
    op: 'POST /data/',
    path: '/data/',
    // A virtual stream (no device) without a stream record: the value is the integer itself.
    body: [
      { stream: VIRTUAL, timestamp: '2026-01-01T00:00:00Z', int_value: 7 },
      { stream: VIRTUAL, timestamp: '2026-01-01T00:15:00Z', value: 7.5, type: 'ITR' },
    ],
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({ count: 2 });
      const data = await clients.user.request('/data/', { query: { filter: VIRTUAL } });
      expect(data.body.results.map((p: { value: number }) => p.value)).toEqual([7, 7.5]);
    },
  },
  {
    op: 'POST /data/',
    path: '/data/',
    body: [],
    status: 201,
    check: (res) => expect(res.body).toEqual({ count: 0 }),
  },
  { op: 'POST /data/', path: '/data/', as: 'anonymous', body: [], status: 401 },
  { op: 'GET /data/{id}/', path: '/data/1/', status: 403 },
  {
    op: 'GET /data/{id}/',
    path: '/data/1/',
    as: 'staff',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 1, stream: START, int_value: 1 }),
  },
  { op: 'GET /data/{id}/', path: '/data/one/', as: 'staff', status: 400 },
  { op: 'GET /data/{id}/', path: '/data/999999999/', as: 'staff', status: 404 },
  {
    op: 'PUT /data/{id}/',
    path: '/data/1/',
    body: { stream: START, timestamp: '2025-11-03T08:00:05Z', int_value: 2 },
    status: 403,
  },
  {
    op: 'PUT /data/{id}/',
    path: '/data/1/',
    as: 'staff',
    body: { stream: START, timestamp: '2025-11-03T08:00:05Z' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['Either int_value or value should be used'] }),
  },
  {
    op: 'PUT /data/{id}/',
    path: '/data/1/',
    as: 'staff',
    body: { stream: START, timestamp: '2025-11-03T08:00:05Z', int_value: 2 },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ id: 1, timestamp: '2025-11-03T08:00:05Z', int_value: 2, value: 1 }),
  },
  {
    op: 'PATCH /data/{id}/',
    path: '/data/1/',
    as: 'staff',
    body: { value: 3.5, type: 'ITR', status: 'drt' },
    status: 200,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: 1, int_value: 2, value: 3.5, type: 'ITR', status: 'drt' });
      const again = await clients.user.request('/data/', { query: { filter: START } });
      expect(again.body.results[0]).toMatchObject({ id: 1, value: 3.5 });
    },
  },
  { op: 'PATCH /data/{id}/', path: '/data/1/', as: 'staff', body: { status: 'drt' }, status: 400 },
  { op: 'PATCH /data/{id}/', path: '/data/1/', body: { int_value: 1 }, status: 403 },
  { op: 'DELETE /data/{id}/', path: '/data/1/', status: 403 },
  { op: 'DELETE /data/{id}/', path: '/data/1/', as: 'staff', status: 204 },
  { op: 'DELETE /data/{id}/', path: '/data/1/', as: 'staff', status: 404 },
  {
    op: 'GET /data/',
    path: '/data/',
    query: { filter: START },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
];

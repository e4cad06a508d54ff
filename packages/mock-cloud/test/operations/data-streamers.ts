/** `/streamer/` (staff writes) and `/streamer/report/` (uploads, and the report records). */
import { expect } from 'vitest';

import { DEMO_DEVICES } from '../../src/index.js';
import { flexibleReport } from '../support/report-encoder.js';
import type { OperationCase } from './case.js';

const MAIN = 't--0000-0000-0000-0a01--0000';
const NEW = 't--0000-0000-0000-0a01--0002';
/** The first of the demo's report records (the demo is computed from a fixed seed). */
const REPORT = 'f3fdbf35-467a-4b1e-abec-c0e5414aa364';

function report(name: string): FormData {
  const form = new FormData();
  const body = flexibleReport({
    device: 0xb02,
    data: [{ stream: 0x5023, streamer_local_id: 1, timestamp: '2025-12-01T00:00:00', value: 450 }],
  });
  form.set('file', new Blob([JSON.stringify(body)]), name);
  return form;
}

export const cases: OperationCase[] = [
  {
    op: 'GET /streamer/',
    path: '/streamer/',
    query: { device: DEMO_DEVICES.mainInflow },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((s: { slug: string }) => s.slug)).toEqual([MAIN, `${MAIN.slice(0, -1)}1`]),
  },
  { op: 'GET /streamer/', path: '/streamer/', query: { device: 'd--zz' }, status: 400 },
  { op: 'GET /streamer/', path: '/streamer/', query: { device: 'd--0000-0000-0000-0fff' }, status: 404 },
  {
    op: 'POST /streamer/',
    path: '/streamer/',
    body: { device: DEMO_DEVICES.mainInflow, index: 2 },
    status: 403,
  },
  {
    op: 'POST /streamer/',
    path: '/streamer/',
    as: 'staff',
    body: { device: DEMO_DEVICES.mainInflow, index: 0 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields device, index must make a unique set.'] }),
  },
  {
    op: 'POST /streamer/',
    path: '/streamer/',
    as: 'staff',
    body: { device: 'd--0a01', index: 2, selector: 0x5fff },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: NEW,
        device: DEMO_DEVICES.mainInflow,
        index: 2,
        selector: 0x5fff,
        is_system: true,
        last_id: 0,
        process_engine_ver: 0,
      }),
  },
  {
    op: 'GET /streamer/{slug}/',
    path: `/streamer/${NEW}/`,
    status: 200,
    check: (res) => expect(res.body.index).toBe(2),
  },
  { op: 'GET /streamer/{slug}/', path: '/streamer/t--0000-0000-0000-0a01--0009/', status: 404 },
  { op: 'PATCH /streamer/{slug}/', path: `/streamer/${NEW}/`, body: { last_id: 10 }, status: 403 },
  {
    op: 'PATCH /streamer/{slug}/',
    query: { staff: 1 },
    path: `/streamer/${NEW}/`,
    as: 'staff',
    body: { last_id: 10, last_reboot_ts: '2025-06-01T00:00:00Z' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ last_id: 10, last_reboot_ts: '2025-06-01T00:00:00Z' }),
  },
  {
    op: 'PATCH /streamer/{slug}/',
    query: { staff: 1 },
    path: `/streamer/${NEW}/`,
    as: 'staff',
    body: { selector: -1 },
    status: 400,
  },
  {
    op: 'PUT /streamer/{slug}/',
    path: `/streamer/${NEW}/`,
    body: { device: DEMO_DEVICES.mainInflow },
    status: 403,
  },
  {
    op: 'PUT /streamer/{slug}/',
    query: { staff: 1 },
    path: `/streamer/${NEW}/`,
    as: 'staff',
    body: { device: DEMO_DEVICES.mainInflow, index: 3 },
    status: 200,
    // The slug follows the index.
    check: (res) => expect(res.body).toMatchObject({ slug: 't--0000-0000-0000-0a01--0003', index: 3 }),
  },
  { op: 'PUT /streamer/{slug}/', path: `/streamer/${NEW}/`, as: 'staff', body: {}, status: 404 },
  { op: 'DELETE /streamer/{slug}/', path: '/streamer/t--0000-0000-0000-0a01--0003/', status: 403 },
  {
    op: 'DELETE /streamer/{slug}/',
    query: { staff: 1 },
    path: '/streamer/t--0000-0000-0000-0a01--0003/',
    as: 'staff',
    status: 204,
  },
  {
    op: 'DELETE /streamer/{slug}/',
    path: '/streamer/t--0000-0000-0000-0a01--0003/',
    as: 'staff',
    status: 404,
  },
  {
    op: 'GET /streamer/{slug}/report/',
    path: `/streamer/${MAIN}/report/`,
    status: 200,
    check: (res) => {
      expect(res.body).toHaveLength(12);
      expect(res.body[0]).toMatchObject({ id: REPORT, streamer: MAIN, actual_first_id: 1 });
    },
  },
  { op: 'GET /streamer/{slug}/report/', path: '/streamer/t--0000-0000-0000-0a01--0009/report/', status: 404 },
  {
    op: 'GET /streamer/report/',
    path: '/streamer/report/',
    query: { streamer__slug: MAIN, start: '2025-06-01T00:00:00Z', end: '2025-08-01T00:00:00Z' },
    status: 200,
    // The reports sent in June and July (each month's report is sent just after the month ends).
    check: (res) =>
      expect(res.body.results.map((r: { incremental_id: number }) => r.incremental_id)).toEqual([5, 6]),
  },
  {
    op: 'GET /streamer/report/',
    path: '/streamer/report/',
    query: { start: 'June' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ start: ['Enter a valid date/time.'] }),
  },
  {
    op: 'POST /streamer/report/',
    path: '/streamer/report/',
    query: { timestamp: '2025-12-01T01:00:00Z' },
    body: report('report.json'),
    status: 201,
    check: (res) => expect(res.body).toEqual({ count: 1 }),
  },
  {
    op: 'POST /streamer/report/',
    path: '/streamer/report/',
    body: report('report.json'),
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'missing timestamp argument' }),
  },
  {
    op: 'GET /streamer/report/{id}/',
    path: `/streamer/report/${REPORT}/`,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: REPORT, incremental_id: 1 }),
  },
  {
    op: 'GET /streamer/report/{id}/',
    path: '/streamer/report/42/',
    status: 400,
    check: (res) => expect(res.body).toEqual(['Streamer Report ID must be a UUID']),
  },
  {
    op: 'GET /streamer/report/{id}/',
    path: '/streamer/report/00000000-0000-4000-8000-000000000000/',
    status: 404,
  },
  {
    op: 'PATCH /streamer/report/{id}/',
    path: `/streamer/report/${REPORT}/`,
    body: { time_epsilon: 2.5 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: REPORT, time_epsilon: 2.5, actual_first_id: 1 }),
  },
  {
    op: 'PATCH /streamer/report/{id}/',
    path: `/streamer/report/${REPORT}/`,
    body: { incremental_id: 'x' },
    status: 400,
  },
  {
    op: 'PUT /streamer/report/{id}/',
    path: `/streamer/report/${REPORT}/`,
    body: { sent_timestamp: '2025-02-01T00:11:00Z', incremental_id: 99 },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ sent_timestamp: '2025-02-01T00:11:00Z', incremental_id: 99 }),
  },
  { op: 'PUT /streamer/report/{id}/', path: '/streamer/report/nope/', body: {}, status: 400 },
  { op: 'DELETE /streamer/report/{id}/', path: `/streamer/report/${REPORT}/`, status: 204 },
  { op: 'DELETE /streamer/report/{id}/', path: `/streamer/report/${REPORT}/`, status: 404 },
];

/** `/event/`: the demo's shock events, new events in JSON and msgpack, their raw data and signed URLs. */
import { encode } from '@msgpack/msgpack';
import { expect } from 'vitest';

import { DEMO_STREAMS } from '../../src/index.js';
import type { OperationCase } from './case.js';

const SHOCKS = DEMO_STREAMS.shocks;
const SUMMARY = DEMO_STREAMS.tripSummary;

function upload(name: string, doc: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([doc], { type: 'application/json' }), name);
  form.append('stream', SHOCKS);
  form.append('timestamp', '2025-11-08T00:00:00Z');
  form.append('encoded_extra_data', JSON.stringify({ peak: 2.5 }));
  return form;
}

export const cases: OperationCase[] = [
  {
    op: 'GET /event/',
    path: '/event/',
    query: { filter: SHOCKS, lastn: 2 },
    status: 200,
    check: (res) => {
      expect(res.body.count).toBe(2);
      expect(res.body.results[0]).toMatchObject({
        stream: SHOCKS,
        has_raw_data: true,
        s3bucket: 'iotile-mock-cloud-stream-event-data',
      });
    },
  },
  {
    op: 'GET /event/',
    path: '/event/',
    query: { filter: SHOCKS, format: 'msgpack' },
    status: 200,
    check: (res) => expect(res.headers.get('content-type')).toBe('application/msgpack'),
  },
  { op: 'GET /event/', path: '/event/', query: { filter: 's--0000-zz' }, status: 400 },
  {
    op: 'POST /event/',
    path: '/event/',
    body: {
      stream: SUMMARY,
      timestamp: '2025-11-08T01:00:00.250000Z',
      extra_data: { note: 'second summary' },
      data: { readings: [1, 2, 3] },
    },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 16,
        stream: SUMMARY,
        timestamp: '2025-11-08T01:00:00.250000Z',
        has_raw_data: true,
        ext: 'json',
        extra_data: { note: 'second summary' },
        s3key: expect.stringMatching(/^mock\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.json$/),
      }),
  },
  {
    op: 'POST /event/',
    path: '/event/',
    body: { stream: SUMMARY, timestamp: '2025-11-08T01:00:00Z', extra_data: [1] },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ extra_data: ['extra_data must be a valid dictionary object'] }),
  },
  {
    op: 'POST /event/',
    path: '/event/',
    headers: { 'content-type': 'application/msgpack' },
    body: encode([
      { stream: SUMMARY, timestamp: '2025-11-08T02:00:00Z', extra_data: { n: 1 } },
      { stream: SUMMARY, timestamp: '2025-11-08T03:00:00Z', extra_data: { n: 2 } },
    ]),
    status: 201,
    check: (res) => expect(res.body).toEqual({ count: 2 }),
  },
  {
    op: 'POST /event/',
    path: '/event/',
    body: [],
    status: 201,
    // `perform_create` returns nothing for an empty list: no body, unlike `/data/`.
    check: (res) => expect(res.text).toBe(''),
  },
  {
    op: 'GET /event/{id}/',
    path: '/event/16/',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 16, extra_data: { note: 'second summary' } }),
  },
  {
    op: 'GET /event/{id}/',
    path: '/event/16/',
    headers: { accept: 'application/msgpack' },
    status: 200,
    check: (res) => expect(res.headers.get('content-type')).toBe('application/msgpack'),
  },
  { op: 'GET /event/{id}/', path: '/event/first/', status: 400 },
  { op: 'GET /event/{id}/', path: '/event/9999/', status: 404 },
  {
    op: 'GET /event/{id}/data/',
    path: '/event/16/data/',
    status: 200,
    check: (res) => expect(res.body).toEqual({ readings: [1, 2, 3] }),
  },
  {
    op: 'GET /event/{id}/data/',
    path: '/event/15/data/',
    status: 404,
    check: (res) => expect(res.body).toEqual({ error: 'Event has no data' }),
  },
  {
    op: 'GET /event/{id}/url/',
    path: '/event/1/url/',
    status: 200,
    check: (res) =>
      expect(res.body.url).toMatch(
        /^https:\/\/iotile-mock-cloud-stream-event-data\.s3\.amazonaws\.com\/mock\/s--.*\.json\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Signature=[0-9a-f]{64}$/,
      ),
  },
  {
    op: 'GET /event/{id}/url/',
    path: '/event/15/url/',
    status: 200,
    check: (res) => expect(res.body).toEqual({ url: null }),
  },
  { op: 'GET /event/{id}/url/', path: '/event/9999/url/', status: 404 },
  {
    op: 'PUT /event/{id}/',
    path: '/event/15/',
    body: {
      stream: SUMMARY,
      timestamp: '2025-11-07T17:00:00Z',
      extra_data: { replaced: true },
      data: { raw: 1 },
    },
    status: 200,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: 15, has_raw_data: true, extra_data: { replaced: true } });
      expect((await clients.user.request('/event/15/data/')).body).toEqual({ raw: 1 });
    },
  },
  { op: 'PUT /event/{id}/', path: '/event/15/', body: { stream: SUMMARY }, status: 400 },
  { op: 'PUT /event/{id}/', path: '/event/9999/', body: {}, status: 404 },
  {
    op: 'PATCH /event/{id}/',
    path: '/event/15/',
    body: { status: 'drt', dirty_ts: true },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 15,
        status: 'drt',
        dirty_ts: true,
        extra_data: { replaced: true },
      }),
  },
  { op: 'PATCH /event/{id}/', path: '/event/15/', body: { status: 'bad' }, status: 400 },
  { op: 'DELETE /event/{id}/', path: '/event/16/', status: 204 },
  { op: 'DELETE /event/{id}/', path: '/event/16/', status: 404 },
  { op: 'DELETE /event/{id}/', path: '/event/x/', status: 400 },
  {
    op: 'POST /event/upload/',
    path: '/event/upload/',
    body: upload('waveform.json', JSON.stringify({ x: [1, 2] })),
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ stream: SHOCKS, timestamp: '2025-11-08T00:00:00Z' });
      expect((await clients.user.request(`/event/${res.body.id}/data/`)).body).toEqual({ x: [1, 2] });
    },
  },
  {
    op: 'POST /event/upload/',
    path: '/event/upload/',
    body: upload('waveform.txt', '{}'),
    status: 400,
    check: (res) => expect(res.body).toEqual(['Unsupported extension for Stream Event']),
  },
];

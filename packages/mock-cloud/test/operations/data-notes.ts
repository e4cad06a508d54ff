/** `/note/`: notes on the demo's devices, attachments through the S3 handshake. */
import { expect } from 'vitest';

import { DEMO_DEVICES } from '../../src/index.js';
import type { OperationCase } from './case.js';

const PALLET = DEMO_DEVICES.pallet17;
const ATTACHMENT = '6f1c2b7e-9d3a-4c55-8e21-0a9b8c7d6e5f';

export const cases: OperationCase[] = [
  {
    op: 'GET /note/',
    path: '/note/',
    query: { target: PALLET, lastn: 2 },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((n: { note: string }) => n.note)).toEqual([
        'Temperature excursion while waiting on the tarmac.',
        'Delivered.',
      ]),
  },
  {
    op: 'GET /note/',
    path: '/note/',
    status: 400,
    check: (res) => expect(res.body).toEqual({ target: ['This field is required.'] }),
  },
  {
    op: 'POST /note/',
    path: '/note/',
    body: { target: PALLET, timestamp: '2025-11-07T18:00:00Z', note: 'Pallet returned.' },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 7,
        target: PALLET,
        note: 'Pallet returned.',
        type: 'ui',
        user_info: { username: '@demo', slug: 'demo' },
        attachment: null,
      }),
  },
  {
    op: 'POST /note/',
    path: '/note/',
    body: [
      { target: PALLET, timestamp: '2025-11-07T19:00:00Z', note: 'Checked.' },
      { target: DEMO_DEVICES.pallet18, timestamp: '2025-11-07T19:00:00Z', note: 'Spare.' },
    ],
    status: 201,
    check: (res) => expect(res.body).toEqual({ count: 2 }),
  },
  {
    op: 'POST /note/',
    path: '/note/',
    body: { target: PALLET },
    status: 400,
    check: (res) => expect(res.body).toEqual({ timestamp: ['This field is required.'] }),
  },
  {
    op: 'GET /note/{id}/',
    path: '/note/7/',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 7, note: 'Pallet returned.' }),
  },
  {
    op: 'GET /note/{id}/',
    path: '/note/seven/',
    status: 400,
    check: (res) => expect(res.body).toEqual(['Note ID must be a integer']),
  },
  { op: 'GET /note/{id}/', path: '/note/999/', status: 404 },
  {
    op: 'PATCH /note/{id}/',
    path: '/note/7/',
    body: { note: 'Pallet returned to the depot.' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ id: 7, note: 'Pallet returned to the depot.' }),
  },
  { op: 'PATCH /note/{id}/', path: '/note/7/', body: { timestamp: 'noon' }, status: 400 },
  {
    op: 'PUT /note/{id}/',
    path: '/note/7/',
    body: { target: PALLET, timestamp: '2025-11-07T18:30:00Z', note: null },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ timestamp: '2025-11-07T18:30:00Z', note: null }),
  },
  { op: 'PUT /note/{id}/', path: '/note/7/', body: { note: 'x' }, status: 400 },
  { op: 'PUT /note/{id}/', path: '/note/999/', body: {}, status: 404 },
  {
    op: 'POST /note/{id}/uploadurl/',
    path: '/note/7/uploadurl/',
    body: { name: 'photo.jpg' },
    status: 202,
    check: (res) => {
      expect(res.body.url).toBe('https://iotile-mock-cloud-media.s3.amazonaws.com/');
      expect(res.body.fields).toMatchObject({
        key: `mock/s3file/note/${res.body.uuid}/photo.jpg`,
        acl: 'private',
        'Content-Type': 'image/jpeg',
        'x-amz-meta-type': 'note',
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      });
      const policy = JSON.parse(Buffer.from(res.body.fields.policy, 'base64').toString('utf8'));
      expect(policy.conditions).toContainEqual(['content-length-range', 10, 4096000]);
    },
  },
  { op: 'POST /note/{id}/uploadurl/', path: '/note/7/uploadurl/', body: {}, status: 400 },
  { op: 'POST /note/{id}/uploadurl/', path: '/note/999/uploadurl/', body: { name: 'a.png' }, status: 404 },
  {
    op: 'POST /note/{id}/uploadsuccess/',
    path: '/note/7/uploadsuccess/',
    body: { name: 'photo.jpg', uuid: ATTACHMENT },
    status: 202,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({ id: ATTACHMENT, title: 'photo.jpg', file_type: 'image' });
      const note = await clients.user.request('/note/7/');
      expect(note.body.attachment).toMatchObject({ id: ATTACHMENT, title: 'photo.jpg' });
      expect(note.body.attachment.url).toContain(`/mock/s3file/note/${ATTACHMENT}/photo.jpg?X-Amz-`);
    },
  },
  {
    op: 'POST /note/{id}/uploadsuccess/',
    path: '/note/7/uploadsuccess/',
    body: { name: 'photo.jpg', uuid: ATTACHMENT },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Illegal or duplicate UUID' }),
  },
  {
    op: 'POST /note/{id}/uploadsuccess/',
    path: '/note/7/uploadsuccess/',
    body: { name: 'x', uuid: 'no' },
    status: 400,
  },
  { op: 'DELETE /note/{id}/', path: '/note/7/', status: 204 },
  { op: 'DELETE /note/{id}/', path: '/note/7/', status: 404 },
];

/** The API root, server info, S3 signing, background jobs, database statistics and device keys. */
import { expect } from 'vitest';

import { DEMO_API_KEY, DEMO_DEVICES } from '../../src/index.js';
import type { OperationCase } from './case.js';

const key = { authorization: `Api-Key ${DEMO_API_KEY}` };

const policy = (bucket: string, max: string) => ({
  expiration: '2030-01-01T00:00:00.000Z',
  conditions: [{ acl: 'private' }, { bucket }, ['content-length-range', '0', max]],
});

export const cases: OperationCase[] = [
  {
    op: 'GET /',
    path: '/',
    as: 'anonymous',
    status: 200,
    check: (res) => {
      // The server's router prefixes, with absolute list URLs; plain views (`/server/`) are not listed.
      expect(res.body['ota/script']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/ota\/script\/$/);
      expect(res.body['production/device']).toMatch(/\/api\/v1\/production\/device\/$/);
      expect(Object.keys(res.body)).not.toContain('server');
      expect(Object.keys(res.body)).not.toContain('shipping/trip');
    },
  },
  {
    op: 'GET /server/',
    path: '/server/',
    as: 'anonymous',
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ stage: 'mock', company: 'Arch Systems' });
      expect(res.body.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    },
  },
  {
    op: 'GET /server/',
    path: '/server/',
    as: 'anonymous',
    headers: { authorization: 'jwt not-a-token' },
    status: 401,
  },
  {
    op: 'POST /s3file/sign/',
    path: '/s3file/sign/',
    body: policy('iotile-mock-cloud-media', '4096000'),
    status: 200,
    check: (res) => {
      // The policy is the request document, base64 of Python's json.dumps; the signature an HMAC of it.
      const decoded = JSON.parse(Buffer.from(res.body.policy, 'base64').toString('ascii'));
      expect(decoded).toEqual(policy('iotile-mock-cloud-media', '4096000'));
      expect(Buffer.from(res.body.policy, 'base64').toString('ascii')).toContain('{"acl": "private"}');
      expect(res.body.signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    },
  },
  {
    op: 'POST /s3file/sign/',
    path: '/s3file/sign/',
    body: policy('another-bucket', '4096000'),
    status: 400,
    check: (res) => expect(res.body).toEqual({ invalid: true }),
  },
  {
    op: 'POST /s3file/sign/',
    path: '/s3file/sign/',
    body: { ...policy('another-bucket', '1'), headers: 'POST\n\nvideo/mp4\n\nx-amz-date:...' },
    status: 200,
    check: (res) => expect(Object.keys(res.body)).toEqual(['signature']),
  },
  {
    op: 'POST /s3file/sign/',
    path: '/s3file/sign/',
    body: { expiration: 'soon' },
    status: 400,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['conditions', 'expiration']),
  },
  { op: 'POST /s3file/sign/', path: '/s3file/sign/', as: 'anonymous', body: {}, status: 401 },
  {
    op: 'POST /pid/',
    path: '/pid/',
    body: { pid: 'pid:000000' },
    status: 202,
    check: (res) => expect(res.body).toEqual({ pid: 'pid:000000', info: { error: 'Not found' } }),
  },
  {
    op: 'POST /pid/',
    path: '/pid/',
    // Longer than the serializer's 26 characters: the view still answers 202, echoing what it was sent.
    body: { pid: 'pid:7c9e6679-7425-40de-944b-e07fc1f90ae7' },
    status: 202,
    check: (res) => expect(res.body).toEqual({ pid: 'pid:7c9e6679-7425-40de-944b-e07fc1f90ae7' }),
  },
  {
    op: 'POST /pid/',
    path: '/pid/',
    body: 'not json',
    headers: { 'content-type': 'application/json' },
    status: 400,
  },
  { op: 'GET /dbstats/', path: '/dbstats/', status: 403 },
  {
    op: 'GET /dbstats/',
    path: '/dbstats/',
    as: 'staff',
    status: 200,
    check: (res) => {
      expect(res.body.days).toBe('all');
      expect(res.body.stats).toMatchObject({ Users: 2, Orgs: 1, Projects: 2, ActiveDevices: 6 });
      expect(res.body.stats['StreamData*']).toBeGreaterThan(100_000);
    },
  },
  {
    op: 'GET /dbstats/',
    path: '/dbstats/',
    as: 'staff',
    query: { days: 1 },
    status: 200,
    // The demo's objects are older than a day.
    check: (res) => expect(res.body).toMatchObject({ days: '1', stats: { Orgs: 0, Projects: 0 } }),
  },
  {
    op: 'POST /key/',
    path: '/key/',
    body: { slug: DEMO_DEVICES.mainInflow, type: 'MQTT', secret: 'mqtt-password' },
    status: 403,
  },
  {
    op: 'POST /key/',
    path: '/key/',
    as: 'staff',
    body: { slug: 'not a slug', type: 'NOPE' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        slug: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'],
        type: ['"NOPE" is not a valid choice.'],
        secret: ['This field is required.'],
      }),
  },
  {
    op: 'POST /key/',
    path: '/key/',
    as: 'staff',
    body: { slug: DEMO_DEVICES.mainInflow, type: 'MQTT', secret: 'mqtt-password', downloadable: true },
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        slug: DEMO_DEVICES.mainInflow,
        type: 'MQTT',
        downloadable: true,
        secret: 'mqtt-password',
      });
      // Downloadable keys show in the machine-to-machine API.
      const device = await clients.anonymous.request(`/production/device/${DEMO_DEVICES.mainInflow}/`, {
        headers: key,
        query: { keys: 1 },
      });
      expect(device.body.keys).toEqual([{ type: 'MQTT', secret: 'mqtt-password' }]);
    },
  },
  {
    op: 'POST /key/',
    path: '/key/',
    as: 'staff',
    body: { slug: DEMO_DEVICES.mainInflow, type: 'MQTT', secret: 'another' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['The fields slug, type must make a unique set.'] }),
  },
];

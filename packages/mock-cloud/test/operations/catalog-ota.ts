/** `/ota/...`: scripts (+ file and S3 upload), deployment requests (+ devices), actions, versions, device info. */
import { expect } from 'vitest';

import { DEMO_DEVICES, DEMO_FLEET } from '../../src/index.js';
import type { OperationCase } from './case.js';

const SCRIPT = 'z--0000-0001';
const UPLOAD = '3b241101-e2bb-4255-8caf-4136c566a962';
const request = { script: SCRIPT, org: 'demo-co', fleet: DEMO_FLEET, selection_criteria: ['os_tag:eq:1024'] };
const version = {
  device: DEMO_DEVICES.mainInflow,
  type: 'os',
  tag: 1024,
  major_version: 2,
  minor_version: 1,
};

export const cases: OperationCase[] = [
  // Scripts.
  {
    op: 'GET /ota/script/',
    path: '/ota/script/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'POST /ota/script/', path: '/ota/script/', body: { name: 'Firmware', org: 'demo-co' }, status: 403 },
  {
    op: 'POST /ota/script/',
    path: '/ota/script/',
    as: 'staff',
    body: { name: 'Firmware', org: 'nobody', released: 'maybe' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Object with slug=nobody does not exist.'],
        released: ['Must be a valid boolean.'],
      }),
  },
  {
    op: 'POST /ota/script/',
    path: '/ota/script/',
    as: 'staff',
    body: { name: 'Firmware', org: 'demo-co', major_version: 1, minor_version: 2 },
    status: 201,
    check: (res) =>
      expect(res.body).toEqual({
        slug: SCRIPT,
        gid: 1,
        name: 'Firmware',
        org: 'demo-co',
        version: 'v1.2.0',
        created_on: expect.stringMatching(/Z$/),
        released: false,
        released_on: null,
      }),
  },
  {
    op: 'POST /ota/script/',
    path: '/ota/script/',
    as: 'staff',
    body: { name: 'Firmware', org: 'demo-co', major_version: 1, minor_version: 2 },
    status: 400,
    check: (res) =>
      expect(res.body.non_field_errors).toEqual([
        'The fields org, name, major_version, minor_version, patch_version must make a unique set.',
      ]),
  },
  // Not released: users do not find it.
  { op: 'GET /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, status: 404 },
  { op: 'GET /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, as: 'staff', status: 200 },
  {
    op: 'PATCH /ota/script/{slug}/',
    path: `/ota/script/${SCRIPT}/`,
    as: 'staff',
    body: { released: true },
    status: 200,
    check: async (res, clients) => {
      expect(res.body.released).toBe(true);
      expect((await clients.user.request(`/ota/script/${SCRIPT}/`)).status).toBe(200);
    },
  },
  { op: 'PATCH /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, body: { released: false }, status: 403 },
  {
    op: 'GET /ota/script/',
    path: '/ota/script/',
    as: 'staff',
    query: { version: '1.2' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(1),
  },
  {
    op: 'GET /ota/script/',
    path: '/ota/script/',
    as: 'staff',
    query: { org: 'nobody' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        org: ['Select a valid choice. nobody is not one of the available choices.'],
      }),
  },
  {
    op: 'PUT /ota/script/{slug}/',
    path: `/ota/script/${SCRIPT}/`,
    as: 'staff',
    body: { name: 'Firmware', org: 'demo-co', released: true, major_version: 1, minor_version: 3 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: SCRIPT, version: 'v1.3.0' }),
  },
  {
    op: 'PUT /ota/script/{slug}/',
    path: `/ota/script/${SCRIPT}/`,
    body: { name: 'X', org: 'demo-co' },
    status: 403,
  },
  {
    op: 'PUT /ota/script/{slug}/',
    path: '/ota/script/z--0000-0099/',
    as: 'staff',
    body: { name: 'X', org: 'demo-co' },
    status: 404,
  },
  {
    op: 'GET /ota/script/{slug}/file/',
    path: `/ota/script/${SCRIPT}/file/`,
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        name: 'Firmware',
        url: null,
        key: null,
        major_version: 1,
        minor_version: 3,
        patch_version: 0,
      }),
  },
  { op: 'GET /ota/script/{slug}/file/', path: '/ota/script/z--0000-0099/file/', status: 404 },
  {
    op: 'POST /ota/script/{slug}/uploadurl/',
    path: `/ota/script/${SCRIPT}/uploadurl/`,
    body: { name: 'fw.trub' },
    status: 403,
  },
  {
    op: 'POST /ota/script/{slug}/uploadurl/',
    path: `/ota/script/${SCRIPT}/uploadurl/`,
    as: 'staff',
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ name: ['This field is required.'] }),
  },
  {
    op: 'POST /ota/script/{slug}/uploadurl/',
    path: '/ota/script/z--0000-0099/uploadurl/',
    as: 'staff',
    body: { name: 'fw.trub' },
    status: 404,
  },
  {
    op: 'POST /ota/script/{slug}/uploadurl/',
    path: `/ota/script/${SCRIPT}/uploadurl/`,
    as: 'staff',
    body: { name: 'fw.trub' },
    status: 202,
    check: (res) => {
      // A presigned POST to the mock's make-believe bucket.
      expect(res.body.url).toBe('https://iotile-mock-cloud-media.s3.amazonaws.com/');
      expect(res.body.fields).toMatchObject({
        key: `mock/s3file/script/${res.body.uuid}/fw.trub`,
        'x-amz-meta-uuid': res.body.uuid,
        'x-amz-meta-type': 'script',
        'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      });
      const policy = JSON.parse(Buffer.from(res.body.fields.policy, 'base64').toString('utf8'));
      expect(policy.conditions).toContainEqual(['content-length-range', 10, 1024000]);
    },
  },
  {
    op: 'POST /ota/script/{slug}/uploadsuccess/',
    path: `/ota/script/${SCRIPT}/uploadsuccess/`,
    body: { name: 'fw.trub', uuid: UPLOAD },
    status: 403,
  },
  {
    op: 'POST /ota/script/{slug}/uploadsuccess/',
    path: `/ota/script/${SCRIPT}/uploadsuccess/`,
    as: 'staff',
    body: { name: 'fw.trub', uuid: 'nope' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ uuid: ['Must be a valid UUID.'] }),
  },
  {
    op: 'POST /ota/script/{slug}/uploadsuccess/',
    path: `/ota/script/${SCRIPT}/uploadsuccess/`,
    as: 'staff',
    body: { name: 'fw.trub', uuid: UPLOAD },
    status: 202,
    check: async (res, clients) => {
      expect(res.body).toMatchObject({
        id: UPLOAD,
        title: 'fw.trub',
        file_type: 'device-script',
        created_by: expect.any(Number),
      });
      expect(res.body.url).toMatch(
        /^https:\/\/iotile-mock-cloud-media\.s3\.amazonaws\.com\/mock\/s3file\/script\//,
      );
      // The server's view sets `obj.script`, not the model's `file`: the script keeps no file.
      expect((await clients.user.request(`/ota/script/${SCRIPT}/file/`)).body.url).toBeNull();
    },
  },
  {
    op: 'POST /ota/script/{slug}/uploadsuccess/',
    path: `/ota/script/${SCRIPT}/uploadsuccess/`,
    as: 'staff',
    body: { name: 'fw.trub', uuid: UPLOAD },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Illegal or duplicate UUID' }),
  },
  {
    op: 'POST /ota/script/{slug}/uploadsuccess/',
    path: '/ota/script/z--0000-0099/uploadsuccess/',
    as: 'staff',
    body: { name: 'fw.trub', uuid: UPLOAD },
    status: 404,
  },
  // Deployment requests.
  {
    op: 'GET /ota/request/',
    path: '/ota/request/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /ota/request/',
    path: '/ota/request/',
    body: { script: 'z--0000-0099', org: 'demo-co', selection_criteria: ['x'.repeat(65)] },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        script: ['Object with slug=z--0000-0099 does not exist.'],
        selection_criteria: ['Ensure this field has no more than 64 characters.'],
      }),
  },
  {
    op: 'POST /ota/request/',
    as: 'staff',
    path: '/ota/request/',
    body: request,
    status: 201,
    check: (res) => expect(res.body).toEqual({ id: 1, ...request, released_on: null, completed_on: null }),
  },
  {
    op: 'GET /ota/request/',
    path: '/ota/request/',
    // Not released yet: the filtered list only shows released, active requests.
    query: { fleet: DEMO_FLEET },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /ota/request/',
    path: '/ota/request/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.results.map((r: { id: number }) => r.id)).toEqual([1]),
  },
  { op: 'GET /ota/request/', path: '/ota/request/', query: { fleet: 'g--0000-0000-00ff' }, status: 404 },
  { op: 'GET /ota/request/', path: '/ota/request/', query: { org: 'nobody' }, status: 404 },
  {
    op: 'GET /ota/request/{id}/',
    path: '/ota/request/1/',
    status: 200,
    check: (res) => expect(res.body.script).toBe(SCRIPT),
  },
  { op: 'GET /ota/request/{id}/', path: '/ota/request/9/', status: 404 },
  {
    op: 'PUT /ota/request/{id}/',
    as: 'staff',
    path: '/ota/request/1/',
    body: { org: 'demo-co' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ script: ['This field is required.'] }),
  },
  { op: 'PUT /ota/request/{id}/', as: 'staff', path: '/ota/request/1/', body: request, status: 200 },
  { op: 'PUT /ota/request/{id}/', path: '/ota/request/9/', body: request, status: 404 },
  {
    op: 'PATCH /ota/request/{id}/',
    as: 'staff',
    path: '/ota/request/1/',
    body: { selection_criteria: ['os_tag:eq:1024', 'os_version:gte:2.0'] },
    status: 200,
    check: (res) => expect(res.body.selection_criteria).toEqual(['os_tag:eq:1024', 'os_version:gte:2.0']),
  },
  {
    op: 'PATCH /ota/request/{id}/',
    as: 'staff',
    path: '/ota/request/1/',
    body: { fleet: 'g--0000-0000-00ff' },
    status: 400,
  },
  {
    op: 'GET /ota/request/{id}/devices/',
    path: '/ota/request/1/devices/',
    status: 200,
    // No device of the fleet has a version attribute yet.
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /ota/request/{id}/devices/', path: '/ota/request/9/devices/', status: 404 },
  // Device version attributes.
  {
    op: 'GET /ota/version/',
    path: '/ota/version/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /ota/version/',
    path: '/ota/version/',
    body: version,
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  // Staff need `?staff=1` too.
  { op: 'POST /ota/version/', path: '/ota/version/', as: 'staff', body: version, status: 403 },
  {
    op: 'POST /ota/version/',
    path: '/ota/version/',
    as: 'staff',
    query: { staff: 1 },
    body: { device: 'd--0000-0000-0000-ffff', type: 'fw' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        device: ['Object with slug=d--0000-0000-0000-ffff does not exist.'],
        type: ['"fw" is not a valid choice.'],
        tag: ['This field is required.'],
      }),
  },
  {
    op: 'POST /ota/version/',
    path: '/ota/version/',
    as: 'staff',
    query: { staff: 1 },
    body: version,
    status: 201,
    check: async (res, clients) => {
      expect(res.body).toEqual({
        device: DEMO_DEVICES.mainInflow,
        type: 'os',
        tag: 1024,
        version: 'v2.1',
        streamer_local_id: 1,
        updated_ts: null,
        created_on: expect.stringMatching(/Z$/),
      });
      // The request's criteria (os tag 1024, os version >= 2.0) now reach the device.
      const devices = await clients.user.request('/ota/request/1/devices/');
      expect(devices.body.results).toEqual([
        {
          id: 0xa01,
          slug: DEMO_DEVICES.mainInflow,
          sg: 'water-meter-v1-1-0',
          template: 'water-meter-hw-v2-0-0',
          versions: [{ type: 'os', tag: 1024, version: 'v2.1', streamer_local_id: 1, updated_ts: null }],
        },
      ]);
    },
  },
  {
    op: 'POST /ota/version/',
    path: '/ota/version/',
    as: 'staff',
    query: { staff: 1 },
    body: version,
    status: 400,
    check: (res) =>
      expect(res.body.non_field_errors).toEqual([
        'The fields device, type, tag, major_version, minor_version, streamer_local_id must make a unique set.',
      ]),
  },
  {
    op: 'POST /ota/version/',
    path: '/ota/version/',
    as: 'staff',
    query: { staff: 1 },
    body: { ...version, major_version: 3, updated_ts: '2025-06-01T00:00:00Z' },
    status: 201,
  },
  {
    op: 'GET /ota/version/',
    path: '/ota/version/',
    query: { device: DEMO_DEVICES.mainInflow, type: 'os' },
    status: 200,
    check: (res) =>
      expect(res.body.results.map((v: { version: string }) => v.version)).toEqual(['v2.1', 'v3.1']),
  },
  {
    op: 'GET /ota/version/',
    path: '/ota/version/',
    // The newest of each type; Postgres sorts a null `updated_ts` first when descending.
    query: { device: DEMO_DEVICES.mainInflow, latest: 'true' },
    status: 200,
    check: (res) => expect(res.body.results.map((v: { version: string }) => v.version)).toEqual(['v2.1']),
  },
  {
    op: 'GET /ota/version/',
    path: '/ota/version/',
    query: { device: 'd--0000-0000-0000-ffff' },
    status: 404,
  },
  {
    op: 'GET /ota/version/{id}/',
    path: '/ota/version/1/',
    status: 200,
    check: (res) => expect(res.body.tag).toBe(1024),
  },
  { op: 'GET /ota/version/{id}/', path: '/ota/version/9/', status: 404 },
  { op: 'PUT /ota/version/{id}/', path: '/ota/version/1/', body: version, status: 403 },
  {
    op: 'PUT /ota/version/{id}/',
    path: '/ota/version/1/',
    as: 'staff',
    query: { staff: 1 },
    body: { ...version, streamer_local_id: 77 },
    status: 200,
    check: (res) => expect(res.body.streamer_local_id).toBe(77),
  },
  {
    op: 'PUT /ota/version/{id}/',
    path: '/ota/version/9/',
    as: 'staff',
    query: { staff: 1 },
    body: version,
    status: 404,
  },
  {
    op: 'PATCH /ota/version/{id}/',
    path: '/ota/version/1/',
    as: 'staff',
    query: { staff: 1 },
    // The view drops DRF's partial flag: PATCH needs every required field.
    body: { minor_version: 5 },
    status: 400,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['device', 'tag', 'type']),
  },
  {
    op: 'PATCH /ota/version/{id}/',
    path: '/ota/version/1/',
    as: 'staff',
    query: { staff: 1 },
    body: { ...version, minor_version: 5 },
    status: 200,
    check: (res) => expect(res.body.version).toBe('v2.5'),
  },
  { op: 'PATCH /ota/version/{id}/', path: '/ota/version/1/', body: version, status: 403 },
  // Deployment actions.
  {
    op: 'GET /ota/action/',
    path: '/ota/action/',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'POST /ota/action/',
    path: '/ota/action/',
    body: { deployment: 9, device: 'd--0000-0000-0000-ffff' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        deployment: ['Invalid pk "9" - object does not exist.'],
        device: ['Object with slug=d--0000-0000-0000-ffff does not exist.'],
      }),
  },
  {
    op: 'POST /ota/action/',
    as: 'staff',
    path: '/ota/action/',
    body: {
      deployment: 1,
      device: DEMO_DEVICES.mainInflow,
      attempt_successful: true,
      last_attempt_on: '2025-06-02T10:00:00Z',
    },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        id: 1,
        deployment: 1,
        device: DEMO_DEVICES.mainInflow,
        attempt_successful: true,
        device_confirmation: false,
        last_attempt_on: '2025-06-02T10:00:00Z',
        log: null,
      }),
  },
  {
    op: 'GET /ota/action/',
    path: '/ota/action/',
    query: { request: 1, device: DEMO_DEVICES.mainInflow },
    status: 200,
    check: (res) => expect(res.body.count).toBe(1),
  },
  { op: 'GET /ota/action/', path: '/ota/action/', query: { request: 9 }, status: 404 },
  { op: 'GET /ota/action/{id}/', path: '/ota/action/1/', status: 200 },
  { op: 'GET /ota/action/{id}/', path: '/ota/action/9/', status: 404 },
  {
    op: 'PUT /ota/action/{id}/',
    path: '/ota/action/1/',
    body: { deployment: 1, device: DEMO_DEVICES.mainInflow },
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  {
    op: 'PUT /ota/action/{id}/',
    path: '/ota/action/1/',
    as: 'staff',
    query: { staff: 1 },
    body: { deployment: 1, device: DEMO_DEVICES.mainInflow, log: 'flashed' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ log: 'flashed', attempt_successful: true }),
  },
  {
    op: 'PUT /ota/action/{id}/',
    path: '/ota/action/9/',
    as: 'staff',
    query: { staff: 1 },
    body: { deployment: 1, device: DEMO_DEVICES.mainInflow },
    status: 404,
  },
  { op: 'PATCH /ota/action/{id}/', path: '/ota/action/1/', as: 'staff', body: { log: 'x' }, status: 403 },
  {
    op: 'PATCH /ota/action/{id}/',
    path: '/ota/action/1/',
    as: 'staff',
    query: { staff: 1 },
    body: { attempt_successful: false },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ log: 'flashed', attempt_successful: false }),
  },
  // The device's OTA information.
  {
    op: 'GET /ota/device/{slug}/',
    path: `/ota/device/${DEMO_DEVICES.mainInflow}/`,
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        slug: DEMO_DEVICES.mainInflow,
        template: 'water-meter-hw-v2-0-0',
        sg: 'water-meter-v1-1-0',
        // The request is not released: it does not reach the device yet.
        deployments: [],
        actions: [
          {
            id: 1,
            deployment: 1,
            last_attempt_on: '2025-06-02T10:00:00Z',
            attempt_successful: false,
            device_confirmation: false,
          },
        ],
        versions: [{ type: 'os', tag: 1024, version: 'v2.5', streamer_local_id: 77, updated_ts: null }],
      }),
  },
  // Only the full `d--0000-XXXX-XXXX-XXXX` form is routed to the view.
  { op: 'GET /ota/device/{slug}/', path: '/ota/device/d--0a01/', status: 404 },
  { op: 'GET /ota/device/{slug}/', path: '/ota/device/d--0000-0000-0000-ffff/', status: 404 },
  { op: 'DELETE /ota/action/{id}/', path: '/ota/action/1/', status: 403 },
  { op: 'DELETE /ota/action/{id}/', path: '/ota/action/1/', as: 'staff', query: { staff: 1 }, status: 204 },
  { op: 'DELETE /ota/action/{id}/', path: '/ota/action/1/', as: 'staff', query: { staff: 1 }, status: 404 },
  { op: 'DELETE /ota/version/{id}/', path: '/ota/version/1/', status: 403 },
  { op: 'DELETE /ota/version/{id}/', path: '/ota/version/1/', as: 'staff', query: { staff: 1 }, status: 204 },
  { op: 'DELETE /ota/version/{id}/', path: '/ota/version/1/', as: 'staff', query: { staff: 1 }, status: 404 },
  { op: 'DELETE /ota/request/{id}/', path: '/ota/request/9/', status: 404 },
  {
    op: 'DELETE /ota/request/{id}/',
    as: 'staff',
    path: '/ota/request/1/',
    // The demo user may manage OTA in the demo org (it records no members: open to every user).
    status: 204,
    check: async (_res, clients) => expect((await clients.user.request('/ota/request/1/')).status).toBe(404),
  },
  { op: 'DELETE /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, status: 403 },
  { op: 'DELETE /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, as: 'staff', status: 204 },
  { op: 'DELETE /ota/script/{slug}/', path: `/ota/script/${SCRIPT}/`, as: 'staff', status: 404 },
];

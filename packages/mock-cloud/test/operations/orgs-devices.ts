/**
 * Group "orgs": `/device/*`. Besides the demo's devices, the staff user makes two orgs with a project and
 * a device each: `staff-lab` (the demo user is a plain member there: no claim or reset permission) and
 * `staff-vault` (the demo user is not a member: no access), plus two unclaimed devices.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';
import { demoJoinsStaffLab, staffOrg, staffProject } from './staff-setup.js';

const MAIN = 'd--0000-0000-0000-0a01';
const TOWER = 'd--0000-0000-0000-0a02';
const IRRIGATION = 'd--0000-0000-0000-0a03';
const BOILER = 'd--0000-0000-0000-0a04';
const PALLET18 = 'd--0000-0000-0000-0b02';
/** Made below, in this order. */
const LAB = 'd--0000-0000-0000-0b03';
const VAULT = 'd--0000-0000-0000-0b04';
const SPARE = 'd--0000-0000-0000-0b05';
const SPARE2 = 'd--0000-0000-0000-0b06';
const PLANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const UNKNOWN = 'd--0000-0000-0000-ffff';
const seen = { lab: '', vault: '' };

const slugs = (res: { body: { results: Array<{ slug: string }> } }) => res.body.results.map((d) => d.slug);

export const cases: OperationCase[] = [
  // --- setup: two staff orgs, each with a project and a device --------------------------------------
  staffOrg('Staff Lab'),
  staffOrg('Staff Vault'),
  demoJoinsStaffLab,
  staffProject('Lab', 'staff-lab', seen, 'lab'),
  staffProject('Vault', 'staff-vault', seen, 'vault'),

  // --- create --------------------------------------------------------------------------------------
  {
    op: 'POST /device/',
    path: '/device/',
    body: { template: 'pod-1m-v1-0-0' },
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'POST /device/', path: '/device/', as: 'staff', body: { template: 'pod-1m-v1-0-0' }, status: 403 },
  {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    body: { template: 'nothing', label: 'x'.repeat(101) },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        label: ['Ensure this field has no more than 100 characters.'],
        template: ['Object with slug=nothing does not exist.'],
      }),
  },
  {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    get body() {
      return { template: 'pod-1m-v1-0-0', sg: 'shipping-v1-1-0', label: 'Lab logger', project: seen.lab };
    },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({
        slug: LAB,
        label: 'Lab logger',
        org: 'staff-lab',
        project: seen.lab,
        claimed_by: 'staff',
        state: 'N1',
      }),
  },
  {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    get body() {
      return { template: 'pod-1m-v1-0-0', label: 'Vault logger', project: seen.vault, lat: 45.5 };
    },
    status: 201,
    check: (res) => expect(res.body).toMatchObject({ slug: VAULT, lat: '45.500000' }),
  },
  {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    body: { template: 'water-meter-hw-v2-0-0', sg: 'water-meter-v1-1-0' },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: SPARE, project: null, org: null, claimed_by: null }),
  },
  {
    op: 'POST /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1 },
    body: { template: 'water-meter-hw-v2-0-0' },
    status: 201,
    check: (res) => expect(res.body.slug).toBe(SPARE2),
  },

  // --- list ----------------------------------------------------------------------------------------
  {
    op: 'GET /device/',
    path: '/device/',
    status: 200,
    // The demo's six, the lab's (a member), and the unclaimed ones (no org); not the vault's.
    check: (res) =>
      expect(slugs(res)).toEqual([
        MAIN,
        TOWER,
        IRRIGATION,
        BOILER,
        'd--0000-0000-0000-0b01',
        PALLET18,
        LAB,
        SPARE,
        SPARE2,
      ]),
  },
  {
    op: 'GET /device/',
    path: '/device/',
    query: { project: 'p--0000-0020' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual(['d--0000-0000-0000-0b01', PALLET18]),
  },
  {
    op: 'GET /device/',
    path: '/device/',
    query: { property: 'Site' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /device/', path: '/device/', query: { dt: 'nothing' }, status: 404 },
  {
    op: 'GET /device/',
    path: '/device/',
    as: 'staff',
    query: { staff: 1, org__slug: 'staff-vault' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([VAULT]),
  },

  // --- items ---------------------------------------------------------------------------------------
  {
    op: 'GET /device/{slug}/',
    path: '/device/d--a01/',
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: MAIN, label: 'Main inflow', org: 'demo-co', busy: false }),
  },
  {
    op: 'GET /device/{slug}/',
    path: '/device/b--0003-0000-0000-0a01/',
    status: 200,
    check: (res) => expect(res.body.slug).toBe(MAIN),
  },
  { op: 'GET /device/{slug}/', path: `/device/${VAULT}/`, status: 403 },
  { op: 'GET /device/{slug}/', path: `/device/${UNKNOWN}/`, status: 404 },
  {
    op: 'PUT /device/{slug}/',
    path: `/device/${MAIN}/`,
    body: { label: 'Main inflow (put)', external_id: 'MI-1' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ label: 'Main inflow (put)', external_id: 'MI-1' }),
  },
  {
    op: 'PUT /device/{slug}/',
    path: `/device/${MAIN}/`,
    body: { state: 'Z9', sg: 'nothing' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        state: ['"Z9" is not a valid choice.'],
        sg: ['Object with slug=nothing does not exist.'],
      }),
  },
  { op: 'PUT /device/{slug}/', path: `/device/${VAULT}/`, body: { label: 'x' }, status: 403 },
  { op: 'PUT /device/{slug}/', path: `/device/${UNKNOWN}/`, body: {}, status: 404 },
  {
    op: 'PATCH /device/{slug}/',
    path: `/device/${TOWER}/`,
    body: { state: 'N0' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ state: 'N0', active: false }),
  },
  {
    op: 'PATCH /device/{slug}/',
    path: `/device/${TOWER}/`,
    body: { state: 'N1', lat: '12.5' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ state: 'N1', active: true, lat: '12.500000' }),
  },
  {
    op: 'PATCH /device/{slug}/',
    path: `/device/${TOWER}/`,
    body: { lon: 'east' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ lon: ['A valid number is required.'] }),
  },
  { op: 'PATCH /device/{slug}/', path: `/device/${VAULT}/`, body: {}, status: 403 },
  // A busy device (`B0`) for the refusals below.
  {
    op: 'PATCH /device/{slug}/',
    path: `/device/${PALLET18}/`,
    body: { state: 'B0' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ busy: true, active: true }),
  },

  // --- reads of a device ---------------------------------------------------------------------------
  {
    op: 'GET /device/{slug}/extra/',
    path: `/device/${MAIN}/extra/`,
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ slug: MAIN, project: PLANT });
      expect(res.body.stream_counts['s--0000-0010--0000-0000-0000-0a01--5001']).toEqual({
        data_cnt: 35040,
        has_streamid: true,
      });
    },
  },
  { op: 'GET /device/{slug}/extra/', path: `/device/${VAULT}/extra/`, status: 403 },
  { op: 'GET /device/{slug}/extra/', path: `/device/${UNKNOWN}/extra/`, status: 404 },
  {
    op: 'GET /device/{slug}/properties/',
    path: `/device/${MAIN}/properties/`,
    status: 200,
    check: (res) =>
      expect(res.body.map((p: { name: string }) => p.name)).toEqual([
        'Site',
        'Pipe Diameter (in)',
        'Billing Meter',
      ]),
  },
  { op: 'GET /device/{slug}/properties/', path: `/device/${VAULT}/properties/`, status: 403 },
  { op: 'GET /device/{slug}/properties/', path: `/device/${UNKNOWN}/properties/`, status: 404 },
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${MAIN}/new_property/`,
    body: { name: 'Site', str_value: 'Building B' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({ name: 'Site', value: 'Building B', type: 'str', is_system: false });
      const props = (await c.user.get(`/device/${MAIN}/properties/`)).body;
      expect(props.filter((p: { name: string }) => p.name === 'Site')).toEqual([res.body]);
    },
  },
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${MAIN}/new_property/`,
    body: { name: 'Calibrated', bool_value: true, is_system: true },
    status: 201,
    check: (res) => expect(res.body).toMatchObject({ type: 'bool', value: true, is_system: true }),
  },
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${MAIN}/new_property/`,
    body: { name: 'Empty' },
    status: 400,
  },
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${VAULT}/new_property/`,
    body: { name: 'a', int_value: 1 },
    status: 403,
  },
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${UNKNOWN}/new_property/`,
    body: {},
    status: 404,
  },
  {
    op: 'GET /device/{slug}/sg/',
    path: `/device/${MAIN}/sg/`,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: 'water-meter-v1-1-0', app_tag: 1027 }),
  },
  { op: 'GET /device/{slug}/sg/', path: `/device/${SPARE2}/sg/`, status: 404 },
  { op: 'GET /device/{slug}/sg/', path: `/device/${VAULT}/sg/`, status: 403 },
  {
    op: 'GET /device/{slug}/template/',
    path: `/device/${LAB}/template/`,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: 'pod-1m-v1-0-0', os_tag: 2048 }),
  },
  { op: 'GET /device/{slug}/template/', path: `/device/${VAULT}/template/`, status: 403 },
  { op: 'GET /device/{slug}/template/', path: `/device/${UNKNOWN}/template/`, status: 404 },
  {
    op: 'GET /device/{slug}/versions/',
    path: `/device/${MAIN}/versions/`,
    status: 200,
    check: (res) => expect(res.body).toEqual([]),
  },
  { op: 'GET /device/{slug}/versions/', path: `/device/${VAULT}/versions/`, status: 403 },
  { op: 'GET /device/{slug}/versions/', path: `/device/${UNKNOWN}/versions/`, status: 404 },
  {
    op: 'GET /device/{slug}/streamers/',
    path: `/device/${MAIN}/streamers/`,
    status: 200,
    check: (res) =>
      expect(res.body.map((t: { slug: string }) => t.slug)).toEqual([
        't--0000-0000-0000-0a01--0000',
        't--0000-0000-0000-0a01--0001',
      ]),
  },
  { op: 'GET /device/{slug}/streamers/', path: `/device/${VAULT}/streamers/`, status: 403 },
  { op: 'GET /device/{slug}/streamers/', path: `/device/${UNKNOWN}/streamers/`, status: 404 },
  {
    op: 'GET /device/{slug}/status/',
    path: `/device/${MAIN}/status/`,
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        alert: 'DSBL',
        last_report_ts: null,
        last_known_id: 1,
        last_known_state: 'UNK',
        health_check_enabled: false,
        health_check_period: 7200,
        notification_recipients: [],
      }),
  },
  { op: 'GET /device/{slug}/status/', path: `/device/${VAULT}/status/`, status: 403 },
  { op: 'GET /device/{slug}/status/', path: `/device/${UNKNOWN}/status/`, status: 404 },
  {
    op: 'PATCH /device/{slug}/health/',
    path: `/device/${MAIN}/health/`,
    body: {
      health_check_enabled: true,
      health_check_period: 3600,
      notification_recipients: ['ops@example.com'],
    },
    status: 200,
    check: async (res, c) => {
      expect(res.body).toEqual({
        health_check_enabled: true,
        health_check_period: 3600,
        notification_recipients: ['ops@example.com'],
      });
      // Enabled, but nothing uploaded yet: unknown.
      expect((await c.user.get(`/device/${MAIN}/status/`)).body.alert).toBe('UNK');
    },
  },
  {
    op: 'PATCH /device/{slug}/health/',
    path: `/device/${MAIN}/health/`,
    body: { health_check_period: -1 },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ health_check_period: ['Ensure this value is greater than or equal to 0.'] }),
  },
  { op: 'PATCH /device/{slug}/health/', path: `/device/${VAULT}/health/`, body: {}, status: 403 },
  {
    op: 'GET /device/{slug}/health/',
    path: `/device/${MAIN}/health/`,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ health_check_enabled: true, health_check_period: 3600 }),
  },
  { op: 'GET /device/{slug}/health/', path: `/device/${UNKNOWN}/health/`, status: 404 },

  // --- keys ----------------------------------------------------------------------------------------
  {
    op: 'GET /device/{slug}/key/',
    path: `/device/${MAIN}/key/`,
    query: { type: 'a-jwt' },
    status: 200,
    check: async (res, c) => {
      // The device token authenticates as the account that claimed the device.
      const me = await c.anonymous.get(
        '/auth/user-info/',
        {},
        { headers: { authorization: `a-jwt ${res.body.key}` } },
      );
      expect(me.body.username).toBe('demo');
      const forged = await c.anonymous.get(
        `/device/${MAIN}/`,
        {},
        { headers: { authorization: `a-jwt ${res.body.key}x` } },
      );
      expect(forged.status).toBe(401);
    },
  },
  {
    op: 'GET /device/{slug}/key/',
    path: `/device/${MAIN}/key/`,
    status: 400,
    check: (res) => expect(res.body).toEqual({ msg: 'No type specified' }),
  },
  {
    op: 'GET /device/{slug}/key/',
    path: `/device/${MAIN}/key/`,
    query: { type: 'ssh' },
    status: 403,
    check: (res) => expect(res.body).toEqual({ msg: 'No key available' }),
  },
  { op: 'GET /device/{slug}/key/', path: `/device/${VAULT}/key/`, query: { type: 'ssh' }, status: 403 },
  { op: 'GET /device/{slug}/key/', path: `/device/${UNKNOWN}/key/`, query: { type: 'ssh' }, status: 404 },

  // --- data mask -----------------------------------------------------------------------------------
  {
    op: 'GET /device/{slug}/mask/',
    path: `/device/${MAIN}/mask/`,
    status: 200,
    check: (res) => expect(res.body).toEqual({ start: null, end: null }),
  },
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${MAIN}/mask/`,
    body: { start: '2025-03-01T00:00:00.250Z' },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ start: '2025-03-01T00:00:00Z', end: null, events: [], data: [] });
      expect((await c.user.get(`/device/${MAIN}/mask/`)).body).toEqual({
        start: '2025-03-01T00:00:00Z',
        end: null,
      });
      // Kept as an event on the device's 5a09 system stream.
      const events = await c.user.get('/event/', { filter: 's--0000-0010--0000-0000-0000-0a01--5a09' });
      expect(events.body.results[0].extra_data).toMatchObject({ start: '2025-03-01T00:00:00Z' });
    },
  },
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${MAIN}/mask/`,
    body: {},
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['At least one of start/end should be defined'] }),
  },
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${MAIN}/mask/`,
    body: { start: '2025-03-02T00:00:00Z', end: '2025-03-01T00:00:00Z' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['Start is after end'] }),
  },
  // A member without `can_reset_device`; then a busy device.
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${LAB}/mask/`,
    body: { start: '2025-01-01T00:00:00Z' },
    status: 403,
  },
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${PALLET18}/mask/`,
    body: { start: '2025-01-01T00:00:00Z' },
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Device is busy. Operation cannot be completed at this time' }),
  },
  { op: 'PATCH /device/{slug}/mask/', path: `/device/${UNKNOWN}/mask/`, body: {}, status: 404 },
  { op: 'DELETE /device/{slug}/mask/', path: `/device/${LAB}/mask/`, status: 403 },
  {
    op: 'DELETE /device/{slug}/mask/',
    path: `/device/${MAIN}/mask/`,
    status: 204,
    check: async (_res, c) => {
      expect((await c.user.get(`/device/${MAIN}/mask/`)).body).toEqual({ start: null, end: null });
      const notes = await c.user.get('/note/', { target: MAIN });
      expect(notes.body.results.map((n: { note: string }) => n.note)).toEqual(
        expect.arrayContaining(['Data mask set ( start: 2025-03-01T00:00:00Z )', 'Data mask cleared']),
      );
    },
  },
  { op: 'DELETE /device/{slug}/mask/', path: `/device/${UNKNOWN}/mask/`, status: 404 },
  { op: 'GET /device/{slug}/mask/', path: `/device/${VAULT}/mask/`, status: 403 },

  // --- jobs ----------------------------------------------------------------------------------------
  {
    op: 'POST /device/{slug}/reset/',
    path: `/device/${IRRIGATION}/reset/`,
    body: {},
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ reset: 'scheduled', pid: 'pid:000000' });
      expect((await c.user.get(`/device/${IRRIGATION}/extra/`)).body.stream_counts).toEqual({});
      expect((await c.user.get(`/device/${IRRIGATION}/properties/`)).body).toEqual([]);
      expect((await c.user.get(`/device/${IRRIGATION}/`)).body).toMatchObject({ state: 'N1', busy: false });
    },
  },
  { op: 'POST /device/{slug}/reset/', path: `/device/${MAIN}/reset/`, body: { full: 'maybe' }, status: 400 },
  { op: 'POST /device/{slug}/reset/', path: `/device/${LAB}/reset/`, body: {}, status: 403 },
  { op: 'POST /device/{slug}/reset/', path: `/device/${PALLET18}/reset/`, body: {}, status: 403 },
  { op: 'POST /device/{slug}/reset/', path: `/device/${UNKNOWN}/reset/`, body: {}, status: 404 },
  {
    op: 'POST /device/{slug}/trim/',
    path: `/device/${BOILER}/trim/`,
    body: { start: '2025-06-01T00:00:00Z', end: '2025-07-01T00:00:00Z' },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ trim: 'scheduled' });
      const counts = (await c.user.get(`/device/${BOILER}/extra/`)).body.stream_counts;
      // 30 days of a reading every 15 minutes, both bounds kept.
      expect(counts['s--0000-0010--0000-0000-0000-0a04--5002'].data_cnt).toBe(30 * 96 + 1);
    },
  },
  { op: 'POST /device/{slug}/trim/', path: `/device/${BOILER}/trim/`, body: {}, status: 400 },
  {
    op: 'POST /device/{slug}/trim/',
    path: `/device/${PALLET18}/trim/`,
    body: { end: '2025-01-01T00:00:00Z' },
    status: 403,
  },
  {
    op: 'POST /device/{slug}/trim/',
    path: `/device/${VAULT}/trim/`,
    body: { end: '2025-01-01T00:00:00Z' },
    status: 403,
  },
  { op: 'POST /device/{slug}/trim/', path: `/device/${UNKNOWN}/trim/`, body: {}, status: 404 },
  {
    op: 'POST /device/{slug}/upgrade/',
    path: '/device/d--a01/upgrade/',
    body: { firmware: 'v2.1' },
    status: 202,
    check: (res) =>
      expect(res.body).toEqual({ slug: 'd--a01', msg: 'Device d--a01 firmware upgraded to v2.1' }),
  },
  {
    op: 'POST /device/{slug}/upgrade/',
    path: `/device/${MAIN}/upgrade/`,
    body: { firmware: 'v2.1.0-beta' },
    status: 400,
  },
  {
    op: 'POST /device/{slug}/upgrade/',
    path: `/device/${VAULT}/upgrade/`,
    body: { firmware: 'v2' },
    status: 403,
  },
  {
    op: 'POST /device/{slug}/upgrade/',
    path: `/device/${UNKNOWN}/upgrade/`,
    body: { firmware: 'v2' },
    status: 404,
  },
  {
    op: 'GET /device/{slug}/filterlog/',
    path: `/device/${MAIN}/filterlog/`,
    status: 200,
    check: (res) => expect(res.body).toEqual({ device_filter_logs: [] }),
  },
  { op: 'GET /device/{slug}/filterlog/', path: `/device/${VAULT}/filterlog/`, status: 403 },
  { op: 'GET /device/{slug}/filterlog/', path: `/device/${UNKNOWN}/filterlog/`, status: 404 },

  // --- claiming --------------------------------------------------------------------------------------
  {
    op: 'POST /device/claimable/',
    path: '/device/claimable/',
    body: { slugs: [MAIN, SPARE, UNKNOWN, 'd--a01'] },
    status: 202,
    check: (res) =>
      expect(res.body).toEqual({
        count: 2,
        results: [
          { slug: MAIN, claimable: false },
          { slug: SPARE, claimable: true },
        ],
      }),
  },
  {
    op: 'POST /device/claimable/',
    path: '/device/claimable/',
    body: { slugs: MAIN },
    status: 400,
    check: (res) => expect(res.body).toEqual({ slugs: ['Expected a list of items but got type "str".'] }),
  },
  {
    op: 'POST /device/claim/',
    path: '/device/claim/',
    body: { device: SPARE, project: 'p--0000-0010' },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ claimed: true, device: SPARE, project: 'p--0000-0010', project_id: PLANT });
      expect((await c.user.get(`/device/${SPARE}/`)).body).toMatchObject({
        project: PLANT,
        org: 'demo-co',
        claimed_by: 'demo',
      });
    },
  },
  {
    op: 'POST /device/claim/',
    path: '/device/claim/',
    body: { device: SPARE, project: PLANT },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Device is not claimable' }),
  },
  {
    op: 'POST /device/claim/',
    path: '/device/claim/',
    body: { device: SPARE2, project: 'plant' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'Project is not a Valid Slug or UUID' }),
  },
  {
    op: 'POST /device/claim/',
    path: '/device/claim/',
    get body() {
      return { device: SPARE2, project: seen.lab };
    },
    status: 403,
    check: (res) => expect(res.body).toEqual({ detail: 'No claim permissions' }),
  },
  {
    op: 'POST /device/claim/',
    path: '/device/claim/',
    body: { device: UNKNOWN, project: PLANT },
    status: 404,
  },
  { op: 'POST /device/claim/', path: '/device/claim/', body: { device: SPARE2 }, status: 400 },
  {
    op: 'POST /device/{slug}/unclaim/',
    path: `/device/${SPARE}/unclaim/`,
    body: { label: 'Spare {id}' },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({ unclaimed: SPARE, msg: `Unclaimed task was scheduled for ${SPARE}` });
      expect((await c.user.get(`/device/${SPARE}/`)).body).toMatchObject({
        label: 'Spare 0b05',
        project: null,
        org: null,
        claimed_by: null,
      });
    },
  },
  {
    op: 'POST /device/{slug}/unclaim/',
    path: `/device/${LAB}/unclaim/`,
    body: {},
    status: 403,
    check: (res) => expect(res.body).toEqual({ detail: 'No unclaim permissions' }),
  },
  { op: 'POST /device/{slug}/unclaim/', path: `/device/${PALLET18}/unclaim/`, body: {}, status: 403 },
  {
    op: 'POST /device/{slug}/unclaim/',
    path: `/device/${MAIN}/unclaim/`,
    body: { clean_streams: 'sometimes' },
    status: 400,
  },
  { op: 'POST /device/{slug}/unclaim/', path: `/device/${UNKNOWN}/unclaim/`, body: {}, status: 404 },

  // --- delete --------------------------------------------------------------------------------------
  {
    op: 'DELETE /device/{slug}/',
    path: `/device/${SPARE}/`,
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  {
    op: 'DELETE /device/{slug}/',
    path: `/device/${UNKNOWN}/`,
    as: 'staff',
    query: { staff: 1 },
    status: 404,
  },
  {
    op: 'DELETE /device/{slug}/',
    path: `/device/${SPARE}/`,
    as: 'staff',
    query: { staff: 1 },
    status: 204,
    check: async (_res, c) => expect((await c.user.get(`/device/${SPARE}/`)).status).toBe(404),
  },
];

/**
 * Group "orgs": `/shipping/*`, on the demo's POD-1M loggers: `d--…0b01` has a finished trip (start and
 * end points, shocks, a trip summary), `d--…0b02` is between trips. The staff user's `staff-vault` (with
 * a project and a logger) is out of the demo user's reach.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';
import { staffDevice, staffOrg, staffProject } from './staff-setup.js';

const PALLET17 = 'd--0000-0000-0000-0b01';
const PALLET18 = 'd--0000-0000-0000-0b02';
const VAULT = 'd--0000-0000-0000-0b03';
const TRIP_BLOCK = 'b--0001-0000-0000-0b01';
const seen = { vault: '' };

export const cases: OperationCase[] = [
  staffOrg('Staff Vault'),
  staffProject('Vault', 'staff-vault', seen, 'vault'),
  staffDevice(seen, 'vault', VAULT),

  // --- an active trip ------------------------------------------------------------------------------
  {
    op: 'GET /shipping/trip/{slug}/',
    path: '/shipping/trip/d--b01/',
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({
        slug: PALLET17,
        label: 'Pallet 17',
        org: 'demo-co',
        project: 'p--0000-0020',
        state: 'N1',
        data_mask: null,
      });
      expect(res.body.trip_date_range).toMatchObject({
        original_start: '2025-11-03T08:00:00Z',
        original_end: '2025-11-07T16:00:00Z',
        actual_start: '2025-11-03T08:00:00Z',
        actual_end: '2025-11-07T16:00:00Z',
        masked: false,
      });
      expect(res.body.trip_date_range.start_data).toMatchObject({
        stream: 's--0000-0020--0000-0000-0000-0b01--0e00',
        int_value: 1,
      });
      expect(
        res.body.streams.map((s: { label: string; stream: string }) => [s.label, s.stream.slice(-4)]),
      ).toEqual([
        ['Shocks', '5020'],
        ['Pressure', '5021'],
        ['Relative Humidity', '5022'],
        ['Temperature', '5023'],
        ['Summary', '5a07'],
      ]);
    },
  },
  {
    op: 'PATCH /device/{slug}/mask/',
    path: `/device/${PALLET17}/mask/`,
    body: { start: '2025-11-04T00:00:00Z' },
    status: 202,
  },
  {
    op: 'GET /shipping/trip/{slug}/',
    path: `/shipping/trip/${PALLET17}/`,
    status: 200,
    check: (res) => {
      expect(res.body.data_mask).toEqual({ start: '2025-11-04T00:00:00Z', end: null });
      expect(res.body.trip_date_range).toMatchObject({
        original_start: '2025-11-03T08:00:00Z',
        actual_start: '2025-11-04T00:00:00Z',
        masked: true,
      });
    },
  },
  {
    op: 'GET /shipping/trip/{slug}/',
    path: `/shipping/trip/${PALLET18}/`,
    status: 200,
    check: (res) =>
      expect(res.body.trip_date_range).toMatchObject({
        original_start: null,
        original_end: null,
        start_data: null,
      }),
  },
  { op: 'GET /shipping/trip/{slug}/', path: `/shipping/trip/${VAULT}/`, status: 403 },
  { op: 'GET /shipping/trip/{slug}/', path: '/shipping/trip/d--0000-0000-0000-ffff/', status: 404 },

  // --- the project's trip status -----------------------------------------------------------------------
  {
    op: 'POST /device/{slug}/new_property/',
    path: `/device/${PALLET17}/new_property/`,
    body: { name: 'Ship From', str_value: 'Dock 4' },
    status: 201,
  },
  {
    op: 'GET /shipping/project/status/{project_slug}/',
    path: '/shipping/project/status/p--0000-0020/',
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ slug: 'p--0000-0020', name: 'Cold Chain Shipping' });
      expect(res.body.config.properties).toEqual([
        { label: 'Ship From', key: 'from' },
        { label: 'Ship To', key: 'to' },
      ]);
      expect(res.body.results).toEqual([
        expect.objectContaining({
          slug: PALLET17,
          state_id: 'N1',
          state_label: 'Normal - Trip Ended',
          properties: { from: 'Dock 4' },
          last_update: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        }),
        expect.objectContaining({
          slug: PALLET18,
          state_label: 'Normal - Active',
          last_update: '',
          properties: {},
        }),
      ]);
    },
  },
  {
    op: 'GET /shipping/project/status/{project_slug}/',
    path: '/shipping/project/status/p--0000-0021/',
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Access Denied due to lack of sufficient permissions' }),
  },
  {
    op: 'GET /shipping/project/status/{project_slug}/',
    path: '/shipping/project/status/p--0000-0099/',
    status: 404,
  },

  // --- archiving a trip ----------------------------------------------------------------------------
  {
    op: 'POST /shipping/trip/{slug}/archive/',
    path: `/shipping/trip/${PALLET17}/archive/`,
    body: { title: 'Trip 17', description: 'Seattle to Portland' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({
        slug: TRIP_BLOCK,
        title: 'Trip 17',
        description: 'Seattle to Portland',
        device: PALLET17,
        block: 1,
        org: 'demo-co',
        pid: 'pid:000000',
      });
      // The device is back between trips, its data in the block.
      expect((await c.user.get(`/device/${PALLET17}/`)).body).toMatchObject({
        state: 'N0',
        active: false,
        label: 'Pallet 17',
      });
      const archived = await c.user.get(`/shipping/trip/${TRIP_BLOCK}/`);
      expect(archived.body).toMatchObject({ slug: TRIP_BLOCK, state: 'A', label: 'Trip 17', org: 'demo-co' });
      expect(archived.body).not.toHaveProperty('project');
      expect(archived.body.trip_date_range).toMatchObject({
        original_start: '2025-11-03T08:00:00Z',
        actual_start: '2025-11-04T00:00:00Z',
        masked: true,
      });
      expect(archived.body.streams[0].stream).toBe('s--0000-0000--0001-0000-0000-0b01--5020');
    },
  },
  {
    op: 'POST /shipping/trip/{slug}/archive/',
    path: `/shipping/trip/${PALLET17}/archive/`,
    body: { title: 'Again' },
    status: 400,
    check: (res) => expect(res.body).toEqual(['Device must be in Active State before it can be archived']),
  },
  {
    op: 'POST /shipping/trip/{slug}/archive/',
    path: `/shipping/trip/${PALLET18}/archive/`,
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ title: ['This field is required.'] }),
  },
  {
    op: 'POST /shipping/trip/{slug}/archive/',
    path: `/shipping/trip/${VAULT}/archive/`,
    body: { title: 'x' },
    status: 403,
  },
  {
    op: 'POST /shipping/trip/{slug}/archive/',
    path: '/shipping/trip/d--0000-0000-0000-ffff/archive/',
    body: { title: 'x' },
    status: 404,
  },

  // --- the org's quality report ------------------------------------------------------------------------
  {
    op: 'GET /shipping/org/quality/summary/{org_slug}/',
    path: '/shipping/org/quality/summary/demo-co/',
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ slug: 'demo-co', name: 'Demo Co', count: 1 });
      expect(res.body.config.summary_keys[0]).toBe('Device');
      expect(res.body.results[0]).toMatchObject({
        slug: TRIP_BLOCK,
        label: 'Trip 17',
        data: { properties: {} },
      });
      expect(res.body.results[0].data.summary).toMatchObject({ Device: PALLET17, 'Event Count': 14 });
    },
  },
  {
    op: 'GET /shipping/org/quality/summary/{org_slug}/',
    path: '/shipping/org/quality/summary/demo-co/',
    query: { format: 'csv' },
    status: 200,
    check: (res) => {
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, row] = res.body.split('\r\n');
      expect(header.split(',').slice(0, 4)).toEqual(['Device ID', 'Label', 'Device', 'START (UTC)']);
      expect(row.startsWith(`${TRIP_BLOCK},Trip 17,${PALLET17},`)).toBe(true);
    },
  },
  {
    op: 'GET /shipping/org/quality/summary/{org_slug}/',
    path: '/shipping/org/quality/summary/staff-vault/',
    status: 403,
  },
  {
    op: 'GET /shipping/org/quality/summary/{org_slug}/',
    path: '/shipping/org/quality/summary/nothing/',
    status: 404,
  },

  // --- setting up the next trip --------------------------------------------------------------------
  {
    op: 'POST /shipping/trip/{slug}/setup/',
    path: `/shipping/trip/${PALLET17}/setup/`,
    body: {},
    status: 202,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: PALLET17, state: 'N1', active: true, label: 'Pallet 17' }),
  },
  {
    op: 'POST /shipping/trip/{slug}/setup/',
    path: `/shipping/trip/${PALLET18}/setup/`,
    body: {},
    status: 400,
    check: (res) =>
      expect(res.body).toEqual(['Device must be in Inactive State before it can be setup for a trip']),
  },
  { op: 'POST /shipping/trip/{slug}/setup/', path: `/shipping/trip/${VAULT}/setup/`, body: {}, status: 403 },
  {
    op: 'POST /shipping/trip/{slug}/setup/',
    path: '/shipping/trip/d--0000-0000-0000-ffff/setup/',
    body: {},
    status: 404,
  },
];

/**
 * Group "orgs": `/datablock/*`. Archiving the demo's irrigation meter moves its data into a block. The
 * staff user makes `staff-lab` (the demo user a plain member: may read archives, not make them or change
 * their masks) and `staff-vault` (no access), each with a project, a device and a block.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';
import { demoJoinsStaffLab, staffDevice, staffOrg, staffProject } from './staff-setup.js';

const IRRIGATION = 'd--0000-0000-0000-0a03';
const PALLET18 = 'd--0000-0000-0000-0b02';
const LAB = 'd--0000-0000-0000-0b03';
const VAULT = 'd--0000-0000-0000-0b04';
const BLOCK = 'b--0001-0000-0000-0a03';
const LAB_BLOCK = 'b--0001-0000-0000-0b03';
const VAULT_BLOCK = 'b--0001-0000-0000-0b04';
const UNKNOWN = 'b--0009-0000-0000-0a03';
const seen = { lab: '', vault: '' };

const slugs = (res: { body: { results: Array<{ slug: string }> } }) => res.body.results.map((b) => b.slug);

export const cases: OperationCase[] = [
  // --- setup ---------------------------------------------------------------------------------------
  staffOrg('Staff Lab'),
  staffOrg('Staff Vault'),
  demoJoinsStaffLab,
  staffProject('Lab', 'staff-lab', seen, 'lab'),
  staffProject('Vault', 'staff-vault', seen, 'vault'),
  staffDevice(seen, 'lab', LAB),
  staffDevice(seen, 'vault', VAULT),
  { op: 'PATCH /device/{slug}/', path: `/device/${PALLET18}/`, body: { state: 'B1' }, status: 200 },

  // --- create --------------------------------------------------------------------------------------
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    body: { title: 'Irrigation 2025', description: 'The season', device: IRRIGATION },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({
        slug: BLOCK,
        block: 1,
        title: 'Irrigation 2025',
        org: 'demo-co',
        sg: 'water-meter-v1-1-0',
        created_by: 'demo',
        pid: 'pid:000000',
      });
      // The data moved into the block's stream; the device is back to normal.
      const extra = await c.user.get(`/datablock/${BLOCK}/extra/`);
      expect(extra.body.stream_counts['s--0000-0000--0001-0000-0000-0a03--5001']).toEqual({
        data_cnt: 35040,
        has_streamid: true,
      });
      const device = await c.user.get(`/device/${IRRIGATION}/extra/`);
      expect(device.body.stream_counts).toEqual({});
      expect((await c.user.get(`/device/${IRRIGATION}/`)).body).toMatchObject({ state: 'N1', busy: false });
      expect((await c.user.get(`/datablock/${BLOCK}/`)).body.pid).toBe('');
    },
  },
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    body: { description: 'no title', device: 'd--0000-0000-0000-ffff' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        title: ['This field is required.'],
        device: ['Object with slug=d--0000-0000-0000-ffff does not exist.'],
      }),
  },
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    body: { title: 'Busy', device: PALLET18 },
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Device is busy. Operation cannot be completed at this time' }),
  },
  { op: 'POST /datablock/', path: '/datablock/', body: { title: 'Not allowed', device: LAB }, status: 403 },
  { op: 'POST /datablock/', path: '/datablock/', body: { title: 'No access', device: VAULT }, status: 403 },
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    as: 'staff',
    body: { title: 'Lab run', device: LAB },
    status: 201,
    check: (res) => expect(res.body.slug).toBe(LAB_BLOCK),
  },
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    as: 'staff',
    body: { title: 'Vault run', device: VAULT },
    status: 201,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: VAULT_BLOCK, org: 'staff-vault', created_by: 'staff' }),
  },

  // --- list ----------------------------------------------------------------------------------------
  {
    op: 'GET /datablock/',
    path: '/datablock/',
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([BLOCK, LAB_BLOCK]),
  },
  {
    op: 'GET /datablock/',
    path: '/datablock/',
    query: { org: 'demo-co', q: 'SEASON' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([BLOCK]),
  },
  {
    op: 'GET /datablock/',
    path: '/datablock/',
    query: { device: LAB },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual([LAB_BLOCK]),
  },
  {
    op: 'GET /datablock/',
    path: '/datablock/',
    query: { q: 'season' },
    status: 400,
    check: (res) => expect(res.body).toEqual(['Org argument (org=) is needed for search']),
  },
  { op: 'GET /datablock/', path: '/datablock/', query: { org: 'nothing' }, status: 404 },
  {
    op: 'GET /datablock/',
    path: '/datablock/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.count).toBe(3),
  },

  // --- items ---------------------------------------------------------------------------------------
  {
    op: 'GET /datablock/{slug}/',
    path: `/datablock/${BLOCK}/`,
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ slug: BLOCK, description: 'The season', pid: '' }),
  },
  { op: 'GET /datablock/{slug}/', path: `/datablock/${VAULT_BLOCK}/`, status: 403 },
  { op: 'GET /datablock/{slug}/', path: `/datablock/${UNKNOWN}/`, status: 404 },
  {
    op: 'PUT /datablock/{slug}/',
    path: `/datablock/${BLOCK}/`,
    body: { title: 'Irrigation season 2025' },
    status: 200,
    check: (res) =>
      expect(res.body).toEqual({
        title: 'Irrigation season 2025',
        description: 'The season',
        slug: BLOCK,
        block: 1,
        org: 'demo-co',
        sg: 'water-meter-v1-1-0',
      }),
  },
  { op: 'PUT /datablock/{slug}/', path: `/datablock/${BLOCK}/`, body: { description: 'x' }, status: 400 },
  { op: 'PUT /datablock/{slug}/', path: `/datablock/${VAULT_BLOCK}/`, body: { title: 'x' }, status: 403 },
  { op: 'PUT /datablock/{slug}/', path: `/datablock/${UNKNOWN}/`, body: { title: 'x' }, status: 404 },
  {
    op: 'PATCH /datablock/{slug}/',
    path: `/datablock/${BLOCK}/`,
    body: { description: 'April to October' },
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ title: 'Irrigation season 2025', description: 'April to October' }),
  },
  {
    op: 'PATCH /datablock/{slug}/',
    path: `/datablock/${BLOCK}/`,
    body: { title: 'x'.repeat(101) },
    status: 400,
  },
  { op: 'PATCH /datablock/{slug}/', path: `/datablock/${VAULT_BLOCK}/`, body: {}, status: 403 },
  { op: 'PATCH /datablock/{slug}/', path: `/datablock/${UNKNOWN}/`, body: {}, status: 404 },

  // --- actions -------------------------------------------------------------------------------------
  { op: 'GET /datablock/{slug}/extra/', path: `/datablock/${VAULT_BLOCK}/extra/`, status: 403 },
  { op: 'GET /datablock/{slug}/extra/', path: `/datablock/${UNKNOWN}/extra/`, status: 404 },
  {
    op: 'GET /datablock/{slug}/properties/',
    path: `/datablock/${BLOCK}/properties/`,
    status: 200,
    // The device's property moved with the archive.
    check: (res) =>
      expect(res.body).toEqual([expect.objectContaining({ name: 'Zone', value: 'North lawn' })]),
  },
  { op: 'GET /datablock/{slug}/properties/', path: `/datablock/${VAULT_BLOCK}/properties/`, status: 403 },
  { op: 'GET /datablock/{slug}/properties/', path: `/datablock/${UNKNOWN}/properties/`, status: 404 },
  {
    op: 'POST /datablock/{slug}/new_property/',
    path: `/datablock/${BLOCK}/new_property/`,
    body: { name: 'Crop', str_value: 'Lawn' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({ name: 'Crop', value: 'Lawn' });
      expect((await c.user.get(`/datablock/${BLOCK}/properties/`)).body).toHaveLength(2);
    },
  },
  {
    op: 'POST /datablock/{slug}/new_property/',
    path: `/datablock/${BLOCK}/new_property/`,
    body: { name: 'Crop' },
    status: 400,
  },
  {
    op: 'POST /datablock/{slug}/new_property/',
    path: `/datablock/${VAULT_BLOCK}/new_property/`,
    body: {},
    status: 403,
  },
  {
    op: 'POST /datablock/{slug}/new_property/',
    path: `/datablock/${UNKNOWN}/new_property/`,
    body: {},
    status: 404,
  },
  {
    op: 'GET /datablock/{slug}/mask/',
    path: `/datablock/${BLOCK}/mask/`,
    status: 200,
    check: (res) => expect(res.body).toEqual({ start: null, end: null }),
  },
  { op: 'GET /datablock/{slug}/mask/', path: `/datablock/${VAULT_BLOCK}/mask/`, status: 403 },
  {
    op: 'PATCH /datablock/{slug}/mask/',
    path: `/datablock/${BLOCK}/mask/`,
    body: { start: '2025-04-01T00:00:00Z', end: '2025-11-01T00:00:00Z' },
    status: 202,
    check: async (res, c) => {
      expect(res.body).toEqual({
        start: '2025-04-01T00:00:00Z',
        end: '2025-11-01T00:00:00Z',
        events: [],
        data: [],
      });
      const events = await c.user.get('/event/', { filter: 's--0000-0000--0001-0000-0000-0a03--5a09' });
      expect(events.body.count).toBe(1);
    },
  },
  {
    op: 'PATCH /datablock/{slug}/mask/',
    path: `/datablock/${BLOCK}/mask/`,
    body: { start: 'yesterday' },
    status: 400,
  },
  {
    op: 'PATCH /datablock/{slug}/mask/',
    path: `/datablock/${LAB_BLOCK}/mask/`,
    body: { start: '2025-04-01T00:00:00Z' },
    status: 403,
  },
  { op: 'PATCH /datablock/{slug}/mask/', path: `/datablock/${UNKNOWN}/mask/`, body: {}, status: 404 },
  {
    op: 'GET /datablock/{slug}/mask/',
    path: `/datablock/${BLOCK}/mask/`,
    status: 200,
    check: (res) => expect(res.body).toEqual({ start: '2025-04-01T00:00:00Z', end: '2025-11-01T00:00:00Z' }),
  },
  { op: 'DELETE /datablock/{slug}/mask/', path: `/datablock/${LAB_BLOCK}/mask/`, status: 403 },
  {
    op: 'DELETE /datablock/{slug}/mask/',
    path: `/datablock/${BLOCK}/mask/`,
    status: 204,
    check: async (_res, c) =>
      expect((await c.user.get(`/datablock/${BLOCK}/mask/`)).body).toEqual({ start: null, end: null }),
  },
  { op: 'DELETE /datablock/{slug}/mask/', path: `/datablock/${UNKNOWN}/mask/`, status: 404 },
  {
    op: 'GET /datablock/datatable/',
    path: '/datablock/datatable/',
    query: { org: 'demo-co', draw: '3', sEcho: '7' },
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ sEcho: 7, draw: '3', recordsTotal: 1, recordsFiltered: 1 });
      expect(res.body.data[0]).toMatchObject({ block: 1, title: 'Irrigation season 2025' });
      expect(res.body.data[0].slug).toContain(`>${BLOCK}</a>`);
      expect(res.body.data[0].completed_on).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    },
  },
  {
    op: 'GET /datablock/datatable/',
    path: '/datablock/datatable/',
    query: { device: LAB, length: -1 },
    status: 200,
    check: (res) => expect(res.body.data.map((r: { block: number }) => r.block)).toEqual([1]),
  },
  {
    op: 'GET /datablock/datatable/',
    path: '/datablock/datatable/',
    status: 200,
    check: (res) => expect(res.body).toEqual({ recordsTotal: 0, recordsFiltered: 0, data: [] }),
  },
  {
    op: 'GET /datablock/datatable/',
    path: '/datablock/datatable/',
    query: { org: 'staff-vault' },
    status: 403,
  },
  { op: 'GET /datablock/datatable/', path: '/datablock/datatable/', query: { org: 'nothing' }, status: 404 },

  // --- delete --------------------------------------------------------------------------------------
  {
    op: 'DELETE /datablock/{slug}/',
    path: `/datablock/${BLOCK}/`,
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'DELETE /datablock/{slug}/', path: `/datablock/${UNKNOWN}/`, as: 'staff', status: 404 },
  {
    op: 'DELETE /datablock/{slug}/',
    path: `/datablock/${VAULT_BLOCK}/`,
    as: 'staff',
    status: 204,
    check: async (_res, c) => expect((await c.staff.get(`/datablock/${VAULT_BLOCK}/`)).status).toBe(404),
  },
];

/**
 * Group "orgs": `/org/*`. The demo user owns `demo-co`; the staff user creates `staff-lab` and registers
 * the demo user in it (a member without the admin permissions), so both sides of each permission show.
 */
import { expect } from 'vitest';

import type { OperationCase } from './case.js';

type Named = { slug: string };
const slugs = (res: { body: { results: Named[] } }) => res.body.results.map((o) => o.slug);

export const cases: OperationCase[] = [
  // --- list and create ---------------------------------------------------------------------------
  {
    op: 'GET /org/',
    path: '/org/',
    status: 200,
    check: (res) => expect(slugs(res)).toEqual(['demo-co']),
  },
  // Staff see only their own orgs unless they ask for all of them.
  {
    op: 'GET /org/',
    path: '/org/',
    as: 'staff',
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  {
    op: 'GET /org/',
    path: '/org/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual(['demo-co']),
  },
  {
    op: 'GET /org/',
    path: '/org/',
    query: { search: 'zz' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /org/', path: '/org/', query: { created_by: 999 }, status: 400 },
  { op: 'GET /org/', path: '/org/', as: 'anonymous', status: 401 },
  {
    op: 'POST /org/',
    path: '/org/',
    body: { name: 'Acme Water', about: 'Pumps' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({
        name: 'Acme Water',
        slug: 'acme-water',
        about: 'Pumps',
        created_by: 'demo',
      });
      expect(res.body.avatar.thumbnail).toMatch(/&s=100$/);
      // The creator is the owner.
      const me = await c.user.get('/org/acme-water/membership/');
      expect(me.body).toMatchObject({
        user: 'demo',
        role: 'a0',
        role_name: 'a0 - Owner',
        is_org_admin: true,
      });
    },
  },
  {
    op: 'POST /org/',
    path: '/org/',
    body: { name: 'Acme Water' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ name: ['Organization with this Company Name already exists.'] }),
  },
  {
    op: 'POST /org/',
    path: '/org/',
    body: { name: 'Acme  Water!' },
    status: 400,
    check: (res) => expect(res.body).toEqual(['Organization with this Name produces duplicate slug.']),
  },
  { op: 'POST /org/', path: '/org/', body: { about: 'no name' }, status: 400 },
  {
    op: 'POST /org/',
    path: '/org/',
    as: 'staff',
    body: { name: 'Staff Lab' },
    status: 201,
    check: (res) => expect(res.body.slug).toBe('staff-lab'),
  },

  // --- register (before the permission cases that need the demo user in staff-lab) ----------------
  {
    op: 'POST /org/{slug}/register/',
    path: '/org/staff-lab/register/',
    as: 'staff',
    body: { user: 'demo', role: 'r1' },
    status: 201,
    check: (res) => {
      expect(res.body).toMatchObject({
        user: 'demo',
        role: 'r1',
        role_name: 'r1 - Operator',
        is_active: true,
      });
      // The server saves the role but keeps the model's default permissions (a member's).
      expect(res.body.permissions).toMatchObject({ can_read_stream_data: true, can_manage_users: false });
    },
  },
  {
    op: 'POST /org/{slug}/register/',
    path: '/org/staff-lab/register/',
    as: 'staff',
    body: { user: 'demo' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ error: 'Member already exists' }),
  },
  {
    op: 'POST /org/{slug}/register/',
    path: '/org/staff-lab/register/',
    as: 'staff',
    body: { user: 'nobody', role: 's0' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        user: ['Object with slug=nobody does not exist.'],
        role: ['"s0" is not a valid choice.'],
      }),
  },
  {
    op: 'POST /org/{slug}/register/',
    path: '/org/staff-lab/register/',
    body: { user: 'staff' },
    status: 403,
  },
  { op: 'POST /org/{slug}/register/', path: '/org/nothing/register/', body: { user: 'staff' }, status: 404 },
  {
    op: 'POST /org/{slug}/register/',
    path: '/org/demo-co/register/',
    body: { user: 'staff', role: 'a1' },
    status: 201,
    check: (res) => expect(res.body).toMatchObject({ role: 'a1', is_org_admin: true }),
  },

  // --- items ---------------------------------------------------------------------------------------
  {
    op: 'GET /org/{slug}/',
    path: '/org/demo-co/',
    status: 200,
    check: (res) =>
      expect(res.body).toMatchObject({ slug: 'demo-co', name: 'Demo Co', ot: null, domain_names: [] }),
  },
  { op: 'GET /org/{slug}/', path: '/org/acme-water/', as: 'staff', status: 404 },
  { op: 'GET /org/{slug}/', path: '/org/nothing/', status: 404 },
  {
    op: 'PUT /org/{slug}/',
    path: '/org/demo-co/',
    body: { name: 'Demo Co', about: 'Replaced' },
    status: 200,
    check: (res) => expect(res.body.about).toBe('Replaced'),
  },
  { op: 'PUT /org/{slug}/', path: '/org/demo-co/', body: { about: 'x' }, status: 400 },
  {
    op: 'PUT /org/{slug}/',
    path: '/org/staff-lab/',
    body: { name: 'Staff Lab' },
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Access Denied due to lack of sufficient permissions' }),
  },
  { op: 'PUT /org/{slug}/', path: '/org/nothing/', body: { name: 'x' }, status: 404 },
  {
    op: 'PATCH /org/{slug}/',
    path: '/org/acme-water/',
    body: { name: 'Acme Fluids' },
    status: 200,
    check: async (res, c) => {
      // A new name is a new slug.
      expect(res.body).toMatchObject({ name: 'Acme Fluids', slug: 'acme-fluids' });
      expect((await c.user.get('/org/acme-fluids/')).status).toBe(200);
      expect((await c.user.get('/org/acme-water/')).status).toBe(404);
    },
  },
  { op: 'PATCH /org/{slug}/', path: '/org/acme-fluids/', body: { name: 'Demo Co' }, status: 400 },
  { op: 'PATCH /org/{slug}/', path: '/org/staff-lab/', body: { about: 'x' }, status: 403 },
  { op: 'PATCH /org/{slug}/', path: '/org/nothing/', body: {}, status: 404 },
  {
    op: 'DELETE /org/{slug}/',
    path: '/org/acme-fluids/',
    status: 403,
    check: (res) => expect(res.body).toEqual({ error: 'Restricted Access. Contact Arch' }),
  },
  { op: 'DELETE /org/{slug}/', path: '/org/nothing/', as: 'staff', query: { staff: 1 }, status: 404 },

  // --- actions -------------------------------------------------------------------------------------
  {
    op: 'GET /org/{slug}/projects/',
    path: '/org/demo-co/projects/',
    status: 200,
    check: (res) =>
      expect(res.body.results.map((p: { name: string }) => p.name)).toEqual([
        'Cold Chain Shipping',
        'Plant Water',
      ]),
  },
  { op: 'GET /org/{slug}/projects/', path: '/org/demo-co/projects/', as: 'staff', status: 200 },
  { op: 'GET /org/{slug}/projects/', path: '/org/nothing/projects/', status: 404 },
  {
    op: 'GET /org/{slug}/members/',
    path: '/org/demo-co/members/',
    status: 200,
    check: (res) => {
      expect(res.body.results.map((m: { user: string; role: string }) => [m.user, m.role])).toEqual([
        ['demo', 'a0'],
        ['staff', 'a1'],
      ]);
      expect(res.body.results[0].user_details).toMatchObject({ username: 'demo', email: 'demo@example.com' });
    },
  },
  {
    op: 'GET /org/{slug}/members/',
    path: '/org/staff-lab/members/',
    status: 403,
    check: (res) =>
      expect(res.body).toEqual({ detail: 'Access Denied due to lack of sufficient permissions' }),
  },
  { op: 'GET /org/{slug}/members/', path: '/org/nothing/members/', status: 404 },
  {
    op: 'GET /org/{slug}/membership/',
    path: '/org/staff-lab/membership/',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ user: 'demo', role: 'r1', is_org_admin: false }),
  },
  { op: 'GET /org/{slug}/membership/', path: '/org/acme-fluids/membership/', as: 'staff', status: 404 },
  {
    op: 'GET /org/{slug}/extra/',
    path: '/org/demo-co/extra/',
    status: 200,
    check: (res) => {
      expect(res.body.counts).toMatchObject({
        projects: 2,
        devices: 6,
        fleets: 1,
        networks: 0,
        members: 2,
        datablocks: 0,
      });
      expect(res.body.current_member).toMatchObject({ user: 'demo', role: 'a0' });
      expect(res.body).not.toHaveProperty('domain_names');
    },
  },
  {
    op: 'GET /org/{slug}/extra/',
    path: '/org/acme-fluids/extra/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.current_member).toEqual({}),
  },
  { op: 'GET /org/{slug}/extra/', path: '/org/nothing/extra/', status: 404 },
  {
    op: 'POST /org/{slug}/invite/',
    path: '/org/demo-co/invite/',
    body: { email: 'new.hire@example.com' },
    status: 201,
    check: (res) => expect(res.body).toEqual({ email: 'new.hire@example.com' }),
  },
  {
    op: 'POST /org/{slug}/invite/',
    path: '/org/demo-co/invite/',
    body: { email: 'not an email' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ email: ['Enter a valid email address.'] }),
  },
  {
    op: 'POST /org/{slug}/invite/',
    path: '/org/staff-lab/invite/',
    body: { email: 'x@example.com' },
    status: 403,
  },
  {
    op: 'POST /org/{slug}/invite/',
    path: '/org/nothing/invite/',
    body: { email: 'x@example.com' },
    status: 404,
  },
  {
    op: 'GET /org/{slug}/pending/',
    path: '/org/demo-co/pending/',
    status: 200,
    check: (res) => {
      expect(res.body.results).toHaveLength(1);
      expect(res.body.results[0]).toMatchObject({ email: 'new.hire@example.com', sent_by: 'demo' });
    },
  },
  { op: 'GET /org/{slug}/pending/', path: '/org/staff-lab/pending/', status: 403 },
  { op: 'GET /org/{slug}/pending/', path: '/org/nothing/pending/', status: 404 },
  {
    op: 'GET /org/{slug}/devices/',
    path: '/org/demo-co/devices/',
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ count: 6, next_page: null, prev_page: null });
      expect(res.body.results).toHaveLength(6);
    },
  },
  {
    op: 'GET /org/{slug}/devices/',
    path: '/org/demo-co/devices/',
    query: { q: 'main INFLOW' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual(['d--0000-0000-0000-0a01']),
  },
  {
    op: 'GET /org/{slug}/devices/',
    path: '/org/demo-co/devices/',
    query: { Site: 'Roof' },
    status: 200,
    check: (res) => expect(slugs(res)).toEqual(['d--0000-0000-0000-0a02']),
  },
  {
    op: 'GET /org/{slug}/devices/',
    path: '/org/demo-co/devices/',
    query: { page: 2 },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ count: 6, prev_page: 1, next_page: null, results: [] }),
  },
  { op: 'GET /org/{slug}/devices/', path: '/org/demo-co/devices/', query: { page: 'x' }, status: 404 },
  { op: 'GET /org/{slug}/devices/', path: '/org/acme-fluids/devices/', as: 'staff', status: 404 },
  {
    op: 'POST /datablock/',
    path: '/datablock/',
    body: { title: 'Plant archive', description: 'First quarter', device: 'd--0000-0000-0000-0a03' },
    status: 201,
  },
  {
    op: 'GET /org/{slug}/archives/',
    path: '/org/demo-co/archives/',
    query: { q: 'quarter' },
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ count: 1, next_page: null, prev_page: null });
      expect(res.body.results[0]).toMatchObject({ slug: 'b--0001-0000-0000-0a03', title: 'Plant archive' });
    },
  },
  {
    op: 'GET /org/{slug}/archives/',
    path: '/org/demo-co/archives/',
    query: { q: 'nothing-like-it' },
    status: 200,
    check: (res) => expect(res.body.count).toBe(0),
  },
  { op: 'GET /org/{slug}/archives/', path: '/org/nothing/archives/', status: 404 },
  {
    op: 'DELETE /org/{slug}/',
    path: '/org/acme-fluids/',
    as: 'staff',
    query: { staff: 1 },
    status: 204,
    check: async (_res, c) => expect((await c.user.get('/org/acme-fluids/')).status).toBe(404),
  },
];

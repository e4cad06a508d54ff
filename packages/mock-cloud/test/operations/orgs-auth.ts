/** Group "orgs": `/auth/*` and `/account/*`. */
import { expect } from 'vitest';

import { SpecClient } from '../support/spec-client.js';
import type { OperationCase } from './case.js';

const DEMO = { email: 'demo@example.com', password: 'iotile-demo' };
/** Values later cases use (read through getters, when the case runs). */
const seen = { token: '' };

export const cases: OperationCase[] = [
  // --- auth --------------------------------------------------------------------------------------
  {
    op: 'POST /auth/login/',
    path: '/auth/login/',
    as: 'anonymous',
    body: DEMO,
    status: 200,
    check: (res) => {
      expect(res.body).toMatchObject({ username: 'demo', email: DEMO.email, is_staff: false });
      expect(res.body.token).toMatch(/^[0-9a-f]{40}$/);
      seen.token = res.body.jwt;
    },
  },
  {
    op: 'POST /auth/login/',
    path: '/auth/login/',
    as: 'anonymous',
    body: { ...DEMO, password: 'x' },
    status: 401,
  },
  {
    op: 'POST /auth/login/',
    path: '/auth/login/',
    as: 'anonymous',
    body: { email: 'not-an-email', password: 'x' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ email: ['Enter a valid email address.'] }),
  },
  {
    op: 'POST /auth/login/',
    path: '/auth/login/',
    as: 'user',
    body: DEMO,
    status: 403,
    check: (res) => expect(res.body).toBe('Already Logged-in'),
  },
  {
    op: 'POST /auth/api-jwt-auth/',
    path: '/auth/api-jwt-auth/',
    as: 'anonymous',
    body: { username: 'demo', password: DEMO.password },
    status: 200,
    check: async (res, c) => {
      expect((await c.anonymous.get('/auth/token/', {}, { token: res.body.token })).status).toBe(200);
    },
  },
  {
    op: 'POST /auth/api-jwt-auth/',
    path: '/auth/api-jwt-auth/',
    as: 'anonymous',
    body: { username: 'demo', password: 'wrong' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({ non_field_errors: ['Unable to log in with provided credentials.'] }),
  },
  {
    op: 'POST /auth/api-jwt-refresh/',
    path: '/auth/api-jwt-refresh/',
    as: 'anonymous',
    get body() {
      return { token: seen.token };
    },
    status: 200,
    check: (res) => expect(res.body.token.split('.')).toHaveLength(3),
  },
  {
    op: 'POST /auth/api-jwt-refresh/',
    path: '/auth/api-jwt-refresh/',
    as: 'anonymous',
    body: { token: 'a.b.c' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ non_field_errors: ['Error decoding signature.'] }),
  },
  {
    op: 'POST /auth/api-jwt-verify/',
    path: '/auth/api-jwt-verify/',
    as: 'anonymous',
    get body() {
      return { token: seen.token };
    },
    status: 200,
    check: (res) => expect(res.body.token).toBe(seen.token),
  },
  { op: 'POST /auth/api-jwt-verify/', path: '/auth/api-jwt-verify/', as: 'anonymous', body: {}, status: 400 },
  {
    op: 'GET /auth/token/',
    path: '/auth/token/',
    status: 200,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['jwt', 'token']),
  },
  { op: 'GET /auth/token/', path: '/auth/token/', as: 'anonymous', status: 401 },
  {
    op: 'GET /auth/user-info/',
    path: '/auth/user-info/',
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ username: 'demo', slug: 'demo' }),
  },
  {
    op: 'GET /auth/user-info/',
    path: '/auth/user-info/',
    as: 'anonymous',
    status: 403,
    check: (res) => expect(res.body).toBe('User not recognized.'),
  },
  {
    op: 'POST /auth/password/reset/',
    path: '/auth/password/reset/',
    as: 'anonymous',
    body: { email: DEMO.email },
    status: 200,
    check: (res) => expect(res.body).toEqual({ detail: 'Password reset e-mail has been sent.' }),
  },
  {
    op: 'POST /auth/password/reset/',
    path: '/auth/password/reset/',
    as: 'anonymous',
    body: { email: 'nobody@example.com' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ detail: 'No account associated to that email address' }),
  },
  {
    op: 'POST /auth/password/reset/',
    path: '/auth/password/reset/',
    as: 'anonymous',
    body: { email: 'nobody' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ email: ['Enter a valid email address.'] }),
  },
  { op: 'POST /auth/logout/', path: '/auth/logout/', as: 'anonymous', status: 401 },
  {
    op: 'POST /auth/logout/',
    path: '/auth/logout/',
    status: 204,
    check: (res) => expect(res.headers.get('content-type')).toBe('application/json'),
  },

  // --- accounts ----------------------------------------------------------------------------------
  {
    op: 'GET /account/',
    path: '/account/',
    status: 200,
    check: (res) => expect(res.body.results.map((a: { slug: string }) => a.slug)).toEqual(['demo']),
  },
  {
    op: 'GET /account/',
    path: '/account/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.count).toBe(2),
  },
  { op: 'GET /account/', path: '/account/', as: 'anonymous', status: 401 },
  {
    op: 'POST /account/',
    path: '/account/',
    as: 'anonymous',
    body: {
      username: 'ada',
      email: 'ada@example.com',
      password: 'engine',
      confirm_password: 'engine',
      name: 'Ada',
    },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({ username: 'ada', slug: 'ada', email: 'ada@example.com', name: 'Ada' });
      expect(res.body).not.toHaveProperty('is_staff');
      // The account waits for its e-mail confirmation (which the mock never sends): inactive, so the
      // server's backends refuse it as they refuse a wrong password.
      const login = await c.anonymous.post('/auth/login/', { email: 'ada@example.com', password: 'engine' });
      expect(login.status).toBe(401);
      expect(login.body).toBe('Username/password combination invalid.');
    },
  },
  {
    op: 'POST /account/',
    path: '/account/',
    as: 'staff',
    body: {
      username: 'grace',
      email: 'grace@example.com',
      password: 'cobol',
      confirm_password: 'cobol',
      verified_email: true,
    },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toMatchObject({ username: 'grace', slug: 'grace' });
      const login = await c.anonymous.post('/auth/login/', { email: 'grace@example.com', password: 'cobol' });
      expect(login.status).toBe(200);
    },
  },
  {
    op: 'POST /account/',
    path: '/account/',
    as: 'anonymous',
    body: { username: 'ada', email: 'ada@example.com', password: 'a', confirm_password: 'a' },
    status: 400,
    check: (res) =>
      expect(res.body).toEqual({
        email: ['account with this email already exists.'],
        username: ['account with this username already exists.'],
      }),
  },
  {
    op: 'POST /account/',
    path: '/account/',
    as: 'anonymous',
    body: { username: 'bob', email: 'bob@example.com', password: 'a', confirm_password: 'b' },
    status: 400,
    check: (res) => expect(res.body).toEqual(['Passwords did not match']),
  },
  {
    op: 'POST /account/',
    path: '/account/',
    as: 'anonymous',
    body: { username: 'bob', email: 'bob@example.com' },
    status: 400,
    check: (res) => expect(res.body).toEqual({}),
  },
  {
    op: 'GET /account/{slug}/',
    path: '/account/demo/',
    status: 200,
    check: (res) =>
      expect(res.body.avatar.tiny).toMatch(
        /^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}\?d=identicon&s=28$/,
      ),
  },
  { op: 'GET /account/{slug}/', path: '/account/ada/', status: 404 },
  {
    op: 'GET /account/{slug}/',
    path: '/account/ada/',
    as: 'staff',
    query: { staff: 1 },
    status: 200,
    check: (res) => expect(res.body.username).toBe('ada'),
  },
  {
    op: 'PUT /account/{slug}/',
    path: '/account/demo/',
    body: { email: 'demo@example.com', username: 'demo', name: 'Demo Person', tagline: 'Testing' },
    status: 200,
    check: (res) => expect(res.body).toMatchObject({ name: 'Demo Person', tagline: 'Testing' }),
  },
  {
    op: 'PUT /account/{slug}/',
    path: '/account/demo/',
    body: { name: 'Only' },
    status: 400,
    check: (res) => expect(Object.keys(res.body).sort()).toEqual(['email', 'username']),
  },
  {
    op: 'PUT /account/{slug}/',
    path: '/account/demo/',
    as: 'staff',
    query: { staff: 1 },
    body: { email: 'demo@example.com', username: 'demo' },
    status: 403,
  },
  {
    op: 'PUT /account/{slug}/',
    path: '/account/ada/',
    body: { email: 'a@b.co', username: 'a' },
    status: 404,
  },
  {
    op: 'PATCH /account/{slug}/',
    path: '/account/demo/',
    body: { tagline: 'Patched' },
    status: 200,
    check: async (res, c) => {
      expect(res.body.tagline).toBe('Patched');
      expect((await c.user.get('/account/demo/')).body.tagline).toBe('Patched');
    },
  },
  {
    op: 'PATCH /account/{slug}/',
    path: '/account/demo/',
    body: { username: 'has space' },
    status: 400,
    check: (res) => expect(res.body).toEqual({ username: ['Username cannot have spaces'] }),
  },
  {
    op: 'PATCH /account/{slug}/',
    path: '/account/ada/',
    as: 'staff',
    query: { staff: 1 },
    body: {},
    status: 403,
  },
  { op: 'PATCH /account/{slug}/', path: '/account/nobody/', body: {}, status: 404 },
  {
    op: 'POST /account/{slug}/set_password/',
    path: '/account/demo/set_password/',
    body: { password: 'new-secret' },
    status: 201,
    check: async (res, c) => {
      expect(res.body).toEqual({ status: 'password set' });
      const login = await c.anonymous.post('/auth/login/', { email: DEMO.email, password: 'new-secret' });
      expect(login.status).toBe(200);
    },
  },
  {
    op: 'POST /account/{slug}/set_password/',
    path: '/account/demo/set_password/',
    body: {},
    status: 400,
    check: (res) => expect(res.body).toEqual({ password: ['This field is required.'] }),
  },
  {
    op: 'POST /account/{slug}/set_password/',
    path: '/account/demo/set_password/',
    as: 'anonymous',
    body: { password: 'x' },
    status: 404,
  },
  {
    op: 'POST /account/{slug}/set_password/',
    path: '/account/ada/set_password/',
    body: { password: 'x' },
    status: 404,
  },
  { op: 'DELETE /account/{slug}/', path: '/account/ada/', status: 404 },
  { op: 'DELETE /account/{slug}/', path: '/account/ada/', as: 'staff', query: { staff: 1 }, status: 403 },
  {
    op: 'DELETE /account/{slug}/',
    path: '/account/demo/',
    status: 204,
    check: async (_res, c) => {
      const after = await c.staff.get('/account/demo/', { staff: 1 });
      expect(after.status).toBe(404);
      const login = await new SpecClient(c.staff.domain).login(DEMO.email, 'new-secret');
      expect(login.status).toBe(401);
    },
  },
];

import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';
import { SpecClient } from './support/spec-client.js';

let t: Started;
let now = 1_700_000_000;
beforeAll(async () => {
  t = await startCloud({ clock: () => now });
});

describe('POST /auth/login/', () => {
  it('answers 200 with the account, a DRF token and a JWT for a fixture user', async () => {
    const client = new SpecClient(t.server.url);
    const res = await client.login('ada@example.com', 'lovelace');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      email: 'ada@example.com',
      username: 'ada',
      slug: 'ada',
      is_staff: false,
    });
    expect(res.body.token).toMatch(/^[0-9a-f]{40}$/);
    expect(res.body.jwt.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(res.body.jwt.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({
      username: 'ada',
      email: 'ada@example.com',
      orig_iat: now,
      exp: now + 7 * 24 * 3600,
    });
  });

  it('gives each user their own token', async () => {
    const a = new SpecClient(t.server.url);
    const g = new SpecClient(t.server.url);
    await a.login('ada@example.com', 'lovelace');
    await g.login('grace@example.com', 'hopper');
    expect((await a.get('/account/')).body.results[0].username).toBe('ada');
    expect((await g.get('/account/')).body.results[0].username).toBe('grace');
  });

  it('answers 401 with a bare JSON string for a wrong password or an unknown user', async () => {
    const client = new SpecClient(t.server.url);
    for (const [email, password] of [
      ['ada@example.com', 'wrong'],
      ['nobody@example.com', 'lovelace'],
    ]) {
      const res = await client.login(email, password);
      expect(res.status).toBe(401);
      expect(res.body).toBe('Username/password combination invalid.');
    }
  });

  it('answers 400 with field errors when a field is missing', async () => {
    const res = await new SpecClient(t.server.url).post('/auth/login/', { email: 'ada@example.com' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ password: ['This field is required.'] });
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await new SpecClient(t.server.url).request('/auth/login/', {
      method: 'POST',
      body: '{"email": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^JSON parse error - /);
  });

  it('answers 403 "Already Logged-in" when a valid token is sent', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    const res = await client.post('/auth/login/', { email: 'ada@example.com', password: 'lovelace' });
    expect(res.status).toBe(403);
    expect(res.body).toBe('Already Logged-in');
  });
});

describe('the Authorization header', () => {
  it('is required: 401 with WWW-Authenticate and the DRF detail', async () => {
    const res = await new SpecClient(t.server.url).get('/device/');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('JWT realm="api"');
    expect(res.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('accepts the jwt prefix in any case', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    for (const prefix of ['jwt', 'JWT', 'Jwt']) {
      const res = await client.get(
        '/device/',
        {},
        { headers: { authorization: `${prefix} ${client.token}` } },
      );
      expect(res.status).toBe(200);
    }
  });

  it('rejects a tampered, malformed or foreign token with 401', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    const token = client.token as string;
    const other = await startCloud({ clock: () => now });
    const foreign = new SpecClient(other.server.url);
    await foreign.login('ada@example.com', 'lovelace');
    const cases: Array<[string, string]> = [
      [`jwt ${token.slice(0, -2)}xx`, 'Error decoding signature.'],
      ['jwt not-a-token', 'Error decoding signature.'],
      [`jwt ${foreign.token}`, 'Error decoding signature.'],
      ['jwt', 'Invalid Authorization header. No credentials provided.'],
      [`jwt ${token} extra`, 'Invalid Authorization header. Credentials string should not contain spaces.'],
    ];
    for (const [authorization, message] of cases) {
      const res = await client.get('/device/', {}, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.body).toEqual({ detail: message });
    }
  });

  it('accepts the DRF token returned by login', async () => {
    const login = await new SpecClient(t.server.url).login('ada@example.com', 'lovelace');
    const client = new SpecClient(t.server.url);
    const ok = await client.get('/account/', {}, { headers: { authorization: `Token ${login.body.token}` } });
    expect(ok.status).toBe(200);
    const bad = await client.get('/account/', {}, { headers: { authorization: 'Token 0000' } });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: 'Invalid token.' });
  });

  it('expires tokens after 7 days', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    now += 7 * 24 * 3600 + 1;
    try {
      const res = await client.get('/device/');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Signature has expired.' });
    } finally {
      now -= 7 * 24 * 3600 + 1;
    }
  });
});

describe('logout, JWT refresh and verify', () => {
  it('logs out with 204 and no body', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    const res = await client.post('/auth/logout/');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await client.post('/auth/logout/', undefined, { token: null })).status).toBe(401);
  });

  it('refreshes a token: new exp, same orig_iat; verify echoes a valid token', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    const first = client.token as string;
    now += 3600;
    try {
      const refreshed = await client.post('/auth/api-jwt-refresh/', { token: first }, { token: null });
      expect(refreshed.status).toBe(200);
      const decode = (tok: string) =>
        JSON.parse(Buffer.from(tok.split('.')[1] as string, 'base64url').toString());
      expect(decode(refreshed.body.token).orig_iat).toBe(decode(first).orig_iat);
      expect(decode(refreshed.body.token).exp).toBe(decode(first).exp + 3600);
      const verified = await client.post(
        '/auth/api-jwt-verify/',
        { token: refreshed.body.token },
        { token: null },
      );
      expect(verified).toMatchObject({ status: 200, body: { token: refreshed.body.token } });
    } finally {
      now -= 3600;
    }
  });

  it('refuses to refresh an expired or broken token with non_field_errors', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('ada@example.com', 'lovelace');
    const broken = await client.post('/auth/api-jwt-refresh/', { token: 'x.y.z' }, { token: null });
    expect(broken).toMatchObject({ status: 400, body: { non_field_errors: ['Error decoding signature.'] } });
    now += 8 * 24 * 3600;
    try {
      const expired = await client.post('/auth/api-jwt-refresh/', { token: client.token }, { token: null });
      expect(expired).toMatchObject({ status: 400, body: { non_field_errors: ['Signature has expired.'] } });
    } finally {
      now -= 8 * 24 * 3600;
    }
  });

  it('api-jwt-auth logs in with username or e-mail', async () => {
    const client = new SpecClient(t.server.url);
    for (const username of ['grace', 'grace@example.com']) {
      const res = await client.post('/auth/api-jwt-auth/', { username, password: 'hopper' });
      expect(res.status).toBe(200);
      expect((await client.get('/account/', {}, { token: res.body.token })).body.results[0].slug).toBe(
        'grace',
      );
    }
    const bad = await client.post('/auth/api-jwt-auth/', { username: 'grace', password: 'x' });
    expect(bad).toMatchObject({
      status: 400,
      body: { non_field_errors: ['Unable to log in with provided credentials.'] },
    });
  });

  it('token and user-info return the current user', async () => {
    const client = new SpecClient(t.server.url);
    await client.login('grace@example.com', 'hopper');
    const token = await client.get('/auth/token/');
    expect(token.status).toBe(200);
    expect(token.body.token).toMatch(/^[0-9a-f]{40}$/);
    const info = await client.get('/auth/user-info/');
    expect(info.body).toMatchObject({ username: 'grace', is_staff: true });
    const anonymous = await client.get('/auth/user-info/', {}, { token: null });
    expect(anonymous).toMatchObject({ status: 403, body: 'User not recognized.' });
  });
});

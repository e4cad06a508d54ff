import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { HttpServerError, InvalidResponseError } from '../src/all-errors.js';
import { Api, InvalidInputError } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

/** What the real server answers to a login: the Account fields plus `token` and `jwt` (reference §2.1). */
const LOGIN_RESPONSE = {
  id: 7,
  email: 'user1@test.com',
  username: 'user1',
  slug: 'user1',
  name: 'User One',
  tagline: '',
  avatar: {
    tiny: 'https://gravatar.test/t',
    thumbnail: 'https://gravatar.test/th',
    medium: 'https://gravatar.test/m',
  },
  is_staff: false,
  created_at: '2017-03-28T22:34:36.069800Z',
  updated_at: '2017-03-28T22:34:36Z',
  token: '0123456789abcdef0123456789abcdef01234567',
  jwt: 'eyJ.big-token.sig',
};

describe('login', () => {
  it('posts {email, password} without Authorization, then sets token and username', async () => {
    const scope = nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/api/v1/auth/login/', { email: 'user1@test.com', password: 'pass' })
      .reply(200, LOGIN_RESPONSE);
    const api = new Api({ domain: DOMAIN, token: 'stale-token' });
    await expect(api.login({ email: 'user1@test.com', password: 'pass' })).resolves.toBe(true);
    expect(api.token).toBe('eyJ.big-token.sig');
    expect(api.username).toBe('user1');
    scope.done();
  });

  it('reads the token from the key named by tokenType (Python: content[token_type])', async () => {
    nock(DOMAIN).post('/api/v1/auth/login/').reply(200, LOGIN_RESPONSE);
    nock(DOMAIN)
      .get('/api/v1/account/')
      .matchHeader('authorization', `token ${LOGIN_RESPONSE.token}`)
      .reply(200, {});
    const api = new Api({ domain: DOMAIN, tokenType: 'token' });
    await expect(api.login({ email: 'user1@test.com', password: 'pass' })).resolves.toBe(true);
    expect(api.token).toBe(LOGIN_RESPONSE.token);
    await api.rest.account.get();
  });

  it.each([
    [401, '"Username/password combination invalid."'],
    [401, '"This account is not Active."'],
    [400, '{"email": ["Enter a valid email address."]}'],
    [403, '"Already Logged-in"'],
  ])('resolves false on %i %s and keeps the previous token', async (status, body) => {
    nock(DOMAIN).post('/api/v1/auth/login/').reply(status, body, { 'content-type': 'application/json' });
    const api = new Api({ domain: DOMAIN, token: 'previous' });
    await expect(api.login({ email: 'user1@test.com', password: 'wrong' })).resolves.toBe(false);
    expect(api.token).toBe('previous');
    expect(api.username).toBeUndefined();
  });

  it('throws HttpServerError on 5xx (not a credentials problem)', async () => {
    nock(DOMAIN)
      .post('/api/v1/auth/login/')
      .reply(500, '<h1>Server Error (500)</h1>', { 'content-type': 'text/html' });
    const api = new Api({ domain: DOMAIN });
    await expect(api.login({ email: 'user1@test.com', password: 'pass' })).rejects.toBeInstanceOf(
      HttpServerError,
    );
  });

  it('throws InvalidResponseError when a 200 carries no token', async () => {
    nock(DOMAIN).post('/api/v1/auth/login/').reply(200, { username: 'user1' });
    const api = new Api({ domain: DOMAIN });
    await expect(api.login({ email: 'user1@test.com', password: 'pass' })).rejects.toThrow(
      new InvalidResponseError(`The login response of ${BASE}/auth/login/ has no "jwt" token`, {
        method: 'POST',
        response: new Response(),
      }).message,
    );
  });

  it.each([
    [{ email: 'user1@test.com', password: '' }, 'password'],
    [{ email: '', password: 'x' }, 'email'],
    [{}, 'email, password'],
  ])('throws InvalidInputError before any request for %j', async (credentials, missing) => {
    const { fetch, requests } = stubFetch(() => json({}));
    const api = new Api({ domain: DOMAIN, fetch });
    const error = await api.login(credentials as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(`missing: ${missing}`);
    expect(requests).toHaveLength(0);
  });
});

describe('logout', () => {
  it('posts with the jwt header, expects 204, then forgets token and username', async () => {
    nock(DOMAIN).post('/api/v1/auth/login/').reply(200, LOGIN_RESPONSE);
    const logoutScope = nock(DOMAIN)
      .post('/api/v1/auth/logout/')
      .matchHeader('authorization', 'jwt eyJ.big-token.sig')
      .reply(204);
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/api/v1/auth/login/')
      .reply(200, LOGIN_RESPONSE);
    const api = new Api({ domain: DOMAIN });
    await api.login({ email: 'user1@test.com', password: 'pass' });
    await expect(api.logout()).resolves.toBe(true);
    expect(api.token).toBeUndefined();
    expect(api.username).toBeUndefined();
    logoutScope.done();
    // and can log in again
    await expect(api.login({ email: 'user1@test.com', password: 'pass' })).resolves.toBe(true);
  });

  it('resolves false on 401 and keeps the token, as Python does', async () => {
    nock(DOMAIN)
      .post('/api/v1/auth/logout/')
      .reply(401, { detail: 'Signature has expired.' }, { 'WWW-Authenticate': 'JWT realm="api"' });
    const api = new Api({ domain: DOMAIN, token: 'expired' });
    await expect(api.logout()).resolves.toBe(false);
    expect(api.token).toBe('expired');
  });

  it('resolves false without a request when there is no token', async () => {
    const { fetch, requests } = stubFetch(() => new Response(null, { status: 204 }));
    await expect(new Api({ domain: DOMAIN, fetch }).logout()).resolves.toBe(false);
    expect(requests).toHaveLength(0);
  });
});

describe('refreshToken', () => {
  it('posts {token} without Authorization and stores the new token', async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .post('/api/v1/auth/api-jwt-refresh/', { token: 'old-token' })
      .reply(200, { token: 'new-token' });
    const api = new Api({ domain: DOMAIN });
    api.setToken('old-token');
    await expect(api.refreshToken()).resolves.toBe(true);
    expect(api.token).toBe('new-token');
  });

  it('resolves false and drops the token when the server refuses it (400 non_field_errors)', async () => {
    nock(DOMAIN)
      .post('/api/v1/auth/api-jwt-refresh/')
      .reply(400, { non_field_errors: ['Signature has expired.'] });
    const api = new Api({ domain: DOMAIN, token: 'old-token' });
    await expect(api.refreshToken()).resolves.toBe(false);
    expect(api.token).toBeUndefined();
  });

  it('throws on 503 (a POST, so not retried) and keeps the token', async () => {
    nock(DOMAIN)
      .post('/api/v1/auth/api-jwt-refresh/')
      .reply(503, 'Service Unavailable', { 'content-type': 'text/plain' });
    const api = new Api({ domain: DOMAIN, token: 'old-token' });
    await expect(api.refreshToken()).rejects.toBeInstanceOf(HttpServerError);
    expect(api.token).toBe('old-token');
  });

  it('needs a JWT token', async () => {
    await expect(new Api({ domain: DOMAIN }).refreshToken()).rejects.toThrow(/needs a token/);
    await expect(new Api({ domain: DOMAIN, token: 'k', tokenType: 'token' }).refreshToken()).rejects.toThrow(
      /JWT tokens only/,
    );
  });
});

describe('Authorization header', () => {
  it('is "jwt <token>" on typed, throwing, generic and raw-client calls', async () => {
    const scope = nock(DOMAIN)
      .matchHeader('authorization', 'jwt big-token')
      .get('/api/v1/org/')
      .times(4)
      .reply(200, { count: 0, next: null, previous: null, results: [] });
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    await api.GET('/org/');
    await api.get('/org/');
    await api.rest.org.get();
    await api.client.GET('/org/');
    scope.done();
  });

  it('follows setToken(token, tokenType)', async () => {
    nock(DOMAIN).matchHeader('authorization', 'a-jwt device-token').get('/api/v1/server/').reply(200, {});
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    api.setToken('device-token', 'a-jwt');
    expect(api.tokenType).toBe('a-jwt');
    await api.get('/server/');
  });

  it('is absent without a token, and left alone when the caller sets one', async () => {
    nock(DOMAIN, { badheaders: ['authorization'] })
      .get('/api/v1/server/')
      .reply(200, {});
    nock(DOMAIN).matchHeader('authorization', 'Api-Key abc.def').get('/api/v1/sg/').reply(200, {});
    const api = new Api({ domain: DOMAIN });
    await api.get('/server/');
    api.setToken('big-token');
    await api.rest.sg.get({}, { headers: { Authorization: 'Api-Key abc.def' } });
  });
});

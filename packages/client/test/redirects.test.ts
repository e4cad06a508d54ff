/**
 * Redirects carry no secret anywhere: the auth calls never follow one, and a hop to another origin
 * (another host, port or scheme) carries neither the token, nor the caller's headers, nor a body.
 * Most tests use an injected fetch (every hop is recorded); one pair uses two real servers on
 * 127.0.0.1 to show the same with Node's own fetch.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnexpectedRedirectError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { json, stubFetch } from './helpers.js';

const API = 'https://iotile.test';
const EVIL = 'https://evil.test';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig';
const PASSWORD = 'correct horse battery staple';

function redirect(status: number, location: string): Response {
  return new Response(null, { status, headers: { location } });
}

describe('auth calls never follow redirects', () => {
  it.each([307, 308, 301, 302])(
    'login() on a %i to another origin: refused, the password stays home',
    async (status) => {
      const { fetch, requests } = stubFetch((request) =>
        request.url.startsWith(API)
          ? redirect(status, `${EVIL}/api/v1/auth/login/`)
          : json({ jwt: 'attacker' }),
      );
      const api = new Api({ domain: API, fetch, retries: 0 });
      const error = await api.login({ email: 'me@example.com', password: PASSWORD }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedRedirectError);
      expect(error).toMatchObject({ status, method: 'POST', location: `${EVIL}/api/v1/auth/login/` });
      expect((error as Error).message).toContain(EVIL);
      expect(requests.map((r) => r.url)).toEqual([`${API}/api/v1/auth/login/`]);
      expect(api.token).toBeUndefined();
    },
  );

  it('login() on a redirect within the same origin: refused too', async () => {
    const { fetch, requests } = stubFetch(() => redirect(308, '/api/v1/auth/login/again/'));
    const api = new Api({ domain: API, fetch, retries: 0 });
    await expect(api.login({ email: 'me@example.com', password: PASSWORD })).rejects.toBeInstanceOf(
      UnexpectedRedirectError,
    );
    expect(requests).toHaveLength(1);
  });

  it('refreshToken() on a 307: the JWT is not sent on, and no token is adopted', async () => {
    const { fetch, requests } = stubFetch((request) =>
      request.url.startsWith(API)
        ? redirect(307, `${EVIL}/api/v1/auth/api-jwt-refresh/`)
        : json({ token: 'attacker-token' }),
    );
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    const error = await api.refreshToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedRedirectError);
    expect(requests.map((r) => r.url)).toEqual([`${API}/api/v1/auth/api-jwt-refresh/`]);
    expect(api.token).toBe(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('logout() on a 307: refused, the token is kept', async () => {
    const { fetch, requests } = stubFetch(() => redirect(307, `${EVIL}/api/v1/auth/logout/`));
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    await expect(api.logout()).rejects.toBeInstanceOf(UnexpectedRedirectError);
    expect(requests).toHaveLength(1);
    expect(api.token).toBe(TOKEN);
  });
});

describe('other calls follow redirects without carrying secrets away', () => {
  it('a GET redirected to another origin carries neither the token nor the caller headers', async () => {
    const { fetch, requests } = stubFetch((request) =>
      request.url.startsWith(API) ? redirect(302, `${EVIL}/collect`) : json({ ok: true }),
    );
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    const data = await api.rest('device').get(undefined, {
      headers: { 'X-Api-Key': 'caller-secret', Accept: 'application/json' },
    });
    expect(data).toEqual({ ok: true });
    expect(requests.map((r) => r.url)).toEqual([`${API}/api/v1/device/`, `${EVIL}/collect`]);
    const [first, second] = requests;
    expect(first?.headers.get('authorization')).toBe(`jwt ${TOKEN}`);
    expect(first?.headers.get('x-api-key')).toBe('caller-secret');
    expect(second?.headers.get('authorization')).toBeNull();
    expect(second?.headers.get('x-api-key')).toBeNull();
    expect(second?.headers.get('accept')).toBe('application/json');
  });

  it('a redirect within the origin keeps headers, token and (307) the body, and says it was redirected', async () => {
    const { fetch, requests } = stubFetch((request) =>
      /\/old\/(server\/)?$/.test(request.url) ? redirect(307, '/api/v1/new/') : json({ id: 1 }, 201),
    );
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    const result = await api
      .rest('old')
      .post({ label: 'x' }, undefined, { headers: { 'X-Api-Key': 'caller-secret' } });
    expect(result).toEqual({ id: 1 });
    expect(requests).toHaveLength(2);
    const second = requests[1];
    expect(second?.method).toBe('POST');
    expect(second?.body).toBe('{"label":"x"}');
    expect(second?.headers.get('x-api-key')).toBe('caller-secret');
    expect(second?.headers.get('authorization')).toBe(`jwt ${TOKEN}`);
    const { response } = await api.client.GET('/server/', { baseUrl: `${API}/api/v1/old` } as never);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${API}/api/v1/new/`);
  });

  it.each([307, 308])(
    'a %i that would carry a body to another origin is refused before it is sent',
    async (status) => {
      const { fetch, requests } = stubFetch((request) =>
        request.url.startsWith(API) ? redirect(status, `${EVIL}/steal`) : json({}),
      );
      const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
      const error = await api
        .rest('note')
        .post({ note: 'private' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedRedirectError);
      expect((error as Error).message).toContain(EVIL);
      expect(requests).toHaveLength(1);
    },
  );

  it('a 303 after a POST to another origin becomes a GET without body or headers (as fetch does)', async () => {
    const { fetch, requests } = stubFetch((request) =>
      request.url.startsWith(API) ? redirect(303, `${EVIL}/result`) : json({ done: true }),
    );
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    await expect(
      api.rest('note').post({ note: 'private' }, undefined, { headers: { 'X-Api-Key': 'caller-secret' } }),
    ).resolves.toEqual({ done: true });
    const second = requests[1];
    expect(second).toMatchObject({ method: 'GET', url: `${EVIL}/result`, body: '' });
    expect(second?.headers.get('x-api-key')).toBeNull();
    expect(second?.headers.get('content-type')).toBeNull();
    expect(second?.headers.get('authorization')).toBeNull();
  });

  it.each([
    ['another port', 'https://iotile.test:8443/api/v1/device/'],
    ['another scheme', 'http://iotile.test/api/v1/device/'],
    ['another host', 'https://api.iotile.test/api/v1/device/'],
  ])('the token is not sent to the same host on %s (redirect and next link)', async (_, elsewhere) => {
    const { fetch, requests } = stubFetch((request, index) => {
      if (request.url === `${API}/api/v1/device/`) {
        return redirect(301, elsewhere);
      }
      if (index === 1) {
        return json({ count: 2, next: `${elsewhere}?page=2`, previous: null, results: [{ id: 1 }] });
      }
      return json({ count: 2, next: null, previous: null, results: [{ id: 2 }] });
    });
    const api = new Api({ domain: API, fetch, token: TOKEN, retries: 0 });
    const items = [];
    for await (const item of api.paginate('/device/')) {
      items.push(item);
    }
    expect(items).toHaveLength(2);
    expect(requests.map((r) => r.url)).toEqual([`${API}/api/v1/device/`, elsewhere, `${elsewhere}?page=2`]);
    expect(requests[0]?.headers.get('authorization')).toBe(`jwt ${TOKEN}`);
    expect(requests[1]?.headers.get('authorization')).toBeNull();
    expect(requests[2]?.headers.get('authorization')).toBeNull();
  });

  it('more than 20 redirects is an error, not a loop', async () => {
    const { fetch, requests } = stubFetch((request) => redirect(302, `${request.url.replace(/\/$/, '')}x/`));
    const api = new Api({ domain: API, fetch, retries: 0 });
    await expect(api.rest('loop').get()).rejects.toBeInstanceOf(UnexpectedRedirectError);
    expect(requests).toHaveLength(21);
  });

  it('a redirect whose target a browser hides (opaqueredirect) is refused', async () => {
    const opaque = () => {
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(response, 'status', { value: 0 });
      return response;
    };
    const api = new Api({ domain: API, fetch: async () => opaque(), retries: 0 });
    const error = await api
      .rest('device')
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedRedirectError);
    expect(error).toMatchObject({ location: undefined });
  });

  it.each([300, 304])('a %i with a Location is the answer, not followed', async (status) => {
    const { fetch, requests } = stubFetch(() => redirect(status, `${API}/api/v1/elsewhere/`));
    const api = new Api({ domain: API, fetch, retries: 0 });
    const { response } = await api.GET('/org/', { parseAs: 'stream' });
    expect(response.status).toBe(status);
    expect(response.redirected).toBe(false);
    expect(requests.map((r) => r.url)).toEqual([`${API}/api/v1/org/`]);
  });
});

describe("with Node's own fetch and two real servers", () => {
  const seen: {
    server: string;
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  let home: Server;
  let away: Server;
  let homeUrl = '';
  let awayUrl = '';

  const listen = async (server: Server): Promise<string> => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const record = (name: string, request: IncomingMessage): Promise<void> =>
    new Promise((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        seen.push({
          server: name,
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
        });
        resolve();
      });
    });

  beforeAll(async () => {
    away = createServer(async (request, response) => {
      await record('away', request);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"jwt":"attacker","token":"attacker"}');
    });
    awayUrl = await listen(away);
    home = createServer(async (request, response) => {
      await record('home', request);
      // Same host, another port: another origin.
      response.writeHead(307, { location: `${awayUrl}${request.url}` }).end();
    });
    homeUrl = await listen(home);
  });
  afterAll(async () => {
    await Promise.all([home, away].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('login() and refreshToken() answered 307: nothing reaches the other port', async () => {
    seen.length = 0;
    const api = new Api({ domain: homeUrl, retries: 0 });
    await expect(api.login({ email: 'me@example.com', password: PASSWORD })).rejects.toBeInstanceOf(
      UnexpectedRedirectError,
    );
    api.setToken(TOKEN);
    await expect(api.refreshToken()).rejects.toBeInstanceOf(UnexpectedRedirectError);
    expect(api.token).toBe(TOKEN);
    expect(seen.map((s) => s.server)).toEqual(['home', 'home']);
  });

  it('a GET answered 307 reaches the other port without token or caller headers', async () => {
    seen.length = 0;
    const api = new Api({ domain: homeUrl, token: TOKEN, retries: 0 });
    await api.rest('device').get(undefined, { headers: { 'X-Api-Key': 'caller-secret' } });
    expect(seen.map((s) => s.server)).toEqual(['home', 'away']);
    expect(seen[0]?.headers.authorization).toBe(`jwt ${TOKEN}`);
    expect(seen[1]?.headers.authorization).toBeUndefined();
    expect(seen[1]?.headers['x-api-key']).toBeUndefined();
  });
});

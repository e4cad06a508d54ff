import { inspect } from 'node:util';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, InvalidInputError, type Middleware } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('construction (Python: test_init, test_set_token)', () => {
  it('defaults to https://iotile.cloud and a jwt token type', () => {
    const api = new Api();
    expect(api.domain).toBe('https://iotile.cloud');
    expect(api.baseUrl).toBe('https://iotile.cloud/api/v1');
    expect(api.tokenType).toBe('jwt');
    expect(api.token).toBeUndefined();
    expect(api.username).toBeUndefined();
  });

  it('normalizes the domain and keeps a path prefix', () => {
    expect(new Api({ domain: 'http://127.0.0.1:8000/' }).baseUrl).toBe('http://127.0.0.1:8000/api/v1');
    expect(new Api({ domain: 'https://example.test/iotile//' }).baseUrl).toBe(
      'https://example.test/iotile/api/v1',
    );
  });

  it.each([
    ['iotile.cloud', /Invalid domain "iotile.cloud": expected an absolute http\(s\) URL/],
    ['localhost:8000', /Invalid domain "localhost:8000": the scheme must be http or https/],
    ['ftp://iotile.cloud', /scheme must be http or https/],
    ['', /Invalid domain ""/],
    ['https://iotile.cloud/?x=1', /must not have a query or a fragment/],
    ['https://iotile.cloud/#top', /must not have a query or a fragment/],
    [42, /Invalid domain 42/],
  ])('rejects the domain %j at construction, naming it', (domain, message) => {
    expect(() => new Api({ domain: domain as string })).toThrow(InvalidInputError);
    expect(() => new Api({ domain: domain as string })).toThrow(message);
  });

  it('rejects a domain with credentials without repeating them', () => {
    const error = (() => {
      try {
        new Api({ domain: 'https://user:hunter2@iotile.cloud' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error?.message).not.toContain('hunter2');
  });

  it('rejects bad options', () => {
    expect(() => new Api({ timeoutMs: -1 })).toThrow(/timeoutMs must be a number/);
    expect(() => new Api({ retries: 1.5 })).toThrow(/retries must be an integer/);
    expect(() => new Api({ tokenType: 'jwt x' })).toThrow(/tokenType must be a header scheme/);
    expect(() => new Api({ token: 'a b' })).toThrow(/without whitespace/);
    expect(() => new Api({ fetch: 'nope' as never })).toThrow(/fetch must be a function/);
  });

  it('setToken sets, replaces and forgets the token', () => {
    const api = new Api();
    api.setToken('big-token');
    expect(api.token).toBe('big-token');
    api.setToken('device-token', 'a-jwt');
    expect([api.token, api.tokenType]).toEqual(['device-token', 'a-jwt']);
    api.setToken(undefined);
    expect(api.token).toBeUndefined();
  });
});

describe('the token never shows', () => {
  it('in console.log/inspect, JSON.stringify or String()', () => {
    const api = new Api({ domain: DOMAIN, token: 'eyJ.super-secret.sig' });
    const outputs = [
      inspect(api),
      inspect(api, { showHidden: true, depth: 10 }),
      JSON.stringify(api),
      String(api),
      `${api}`,
    ];
    for (const text of outputs) {
      expect(text).not.toContain('super-secret');
    }
    expect(inspect(api)).toBe(`Api { baseUrl: '${BASE}', username: undefined, token: [redacted] }`);
    expect(JSON.parse(JSON.stringify(api))).toEqual({
      domain: DOMAIN,
      baseUrl: BASE,
      username: undefined,
      tokenType: 'jwt',
      hasToken: true,
    });
    expect(Object.keys(api)).toEqual(['domain', 'baseUrl']);
  });
});

describe('fetch', () => {
  it('is looked up at request time, so a fetch installed after construction is used', async () => {
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    const { fetch, requests } = stubFetch(() => json({ now: '2024-01-01T00:00:00Z' }));
    vi.stubGlobal('fetch', fetch);
    await expect(api.get('/server/')).resolves.toEqual({ now: '2024-01-01T00:00:00Z' });
    expect(requests.map((r) => r.url)).toEqual([`${BASE}/server/`]);
  });

  it('a nock interceptor defined after construction intercepts', async () => {
    const api = new Api({ domain: DOMAIN });
    nock(DOMAIN).get('/api/v1/server/').reply(200, { name: 'late' });
    await expect(api.get('/server/')).resolves.toEqual({ name: 'late' });
  });

  it('asks for JSON unless the caller chose another parseAs or Accept', async () => {
    const { fetch, requests } = stubFetch(() => json({}));
    const api = new Api({ domain: DOMAIN, fetch });
    await api.get('/server/');
    await api.GET('/server/', { headers: { Accept: 'application/vnd.custom+json' } });
    await api.get('/server/', { parseAs: 'text' });
    expect(requests.map((r) => r.headers.get('accept'))).toEqual([
      'application/json',
      'application/vnd.custom+json',
      null,
    ]);
  });
});

describe('middleware', () => {
  it('runs for typed, throwing, generic and paginated calls, and never sees the token', async () => {
    const { fetch } = stubFetch(() => json({ count: 0, next: null, previous: null, results: [] }));
    const api = new Api({ domain: DOMAIN, token: 'big-token', fetch });
    const seen: string[] = [];
    const middleware: Middleware = {
      onRequest({ request }) {
        seen.push(`${request.method} ${request.url} auth=${request.headers.get('authorization')}`);
        request.headers.set('X-Request-Source', 'test');
        return request;
      },
    };
    api.use(middleware);
    await api.GET('/org/');
    await api.get('/org/');
    await api.rest.device.get();
    for await (const _ of api.paginate('/project/')) {
      // no items
    }
    expect(seen).toEqual([
      `GET ${BASE}/org/ auth=null`,
      `GET ${BASE}/org/ auth=null`,
      `GET ${BASE}/device/ auth=null`,
      `GET ${BASE}/project/ auth=null`,
    ]);
    api.eject(middleware);
    await api.get('/org/');
    expect(seen).toHaveLength(4);
  });

  it('its headers reach the server next to the Authorization header', async () => {
    nock(DOMAIN)
      .matchHeader('authorization', 'jwt big-token')
      .matchHeader('x-request-source', 'test')
      .get('/api/v1/server/')
      .reply(200, {});
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    api.use({
      onRequest({ request }) {
        request.headers.set('X-Request-Source', 'test');
        return request;
      },
    });
    await api.get('/server/');
  });
});

describe('typed calls', () => {
  it('GET builds the URL from path params and query (the stream data example)', async () => {
    nock(DOMAIN)
      .get('/api/v1/stream/s--0000-0077--0000-0000-0000-00d2--5001/data/')
      .query({ lastn: '10' })
      .reply(200, {
        count: 1,
        next: null,
        previous: null,
        results: [{ timestamp: '2017-04-11T20:37:29Z', value: 3 }],
      });
    const api = new Api({ domain: DOMAIN });
    const { data, error, response } = await api.GET('/stream/{slug}/data/', {
      params: { path: { slug: 's--0000-0077--0000-0000-0000-00d2--5001' }, query: { lastn: 10 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.results[0]?.value).toBe(3);
  });

  it('POST, PUT, PATCH and DELETE send the method and JSON body', async () => {
    const { fetch, requests } = stubFetch((request) =>
      request.method === 'DELETE' ? new Response(null, { status: 204 }) : json({ id: 'x' }),
    );
    const api = new Api({ domain: DOMAIN, fetch });
    await api.POST('/org/', { body: { name: 'Acme', about: '' } });
    await api.put('/org/{slug}/', { params: { path: { slug: 'acme' } }, body: { name: 'Acme', about: 'x' } });
    await api.PATCH('/org/{slug}/', { params: { path: { slug: 'acme' } }, body: { about: 'y' } });
    await api.DELETE('/org/{slug}/', { params: { path: { slug: 'acme' } } });
    expect(requests.map((r) => [r.method, r.url, r.body, r.headers.get('content-type')])).toEqual([
      ['POST', `${BASE}/org/`, '{"name":"Acme","about":""}', 'application/json'],
      ['PUT', `${BASE}/org/acme/`, '{"name":"Acme","about":"x"}', 'application/json'],
      ['PATCH', `${BASE}/org/acme/`, '{"about":"y"}', 'application/json'],
      ['DELETE', `${BASE}/org/acme/`, '', null],
    ]);
  });
});

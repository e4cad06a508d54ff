/** Generic resources: the Python `RestResource` tests (tests/test_api.py, test_resources.py) and more. */
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { Api, HttpNotFoundError, InvalidInputError } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

const api = () => new Api({ domain: DOMAIN, token: 'my-token', retries: 0 });

describe('URLs', () => {
  it('chain names and ids, always with a trailing slash', () => {
    const { rest } = api();
    expect(rest.org.url()).toBe(`${BASE}/org/`);
    expect(rest.org('arch-internal').url()).toBe(`${BASE}/org/arch-internal/`);
    expect(rest.org('arch-internal').projects.url()).toBe(`${BASE}/org/arch-internal/projects/`);
    expect(rest.streamer.report.url()).toBe(`${BASE}/streamer/report/`);
    expect(rest.event(42).url()).toBe(`${BASE}/event/42/`);
    expect(rest.event(42)('url').url()).toBe(`${BASE}/event/42/url/`); // a segment named like a verb
    expect(rest('widget')('7').url()).toBe(`${BASE}/widget/7/`);
    expect(rest.org().url()).toBe(`${BASE}/org/`); // Python: __call__(id=None)
    expect(String(rest.device('d--0000-0000-0000-00d2'))).toBe(`${BASE}/device/d--0000-0000-0000-00d2/`);
  });

  it.each(['a/b', '..', '.', 'x..y', '?page=2', 'a#b', '', 'a b', 'a\\b'])('rejects the id %j', (id) => {
    const { fetch, requests } = stubFetch(() => json({}));
    const client = new Api({ domain: DOMAIN, fetch });
    expect(() => client.rest.org(id)).toThrow(InvalidInputError);
    expect(() => client.rest.org(id)).toThrow(`below ${BASE}/org/`);
    expect(() => client.rest(id)).toThrow(InvalidInputError);
    expect(requests).toHaveLength(0);
  });

  it('rejects non-finite numbers and encodes the rest', () => {
    expect(() => api().rest.event(Number.NaN)).toThrow(InvalidInputError);
    expect(api().rest.org('arch:internal').url()).toBe(`${BASE}/org/arch%3Ainternal/`);
  });

  it('is not a thenable and does not send requests when inspected or awaited', async () => {
    const { fetch, requests } = stubFetch(() => json({}));
    const { rest } = new Api({ domain: DOMAIN, fetch });
    const org = rest.org;
    expect(await org).toBe(org);
    expect(inspect(rest.org('x').projects)).toBe(`[Function: RestResource(${BASE}/org/x/projects/)]`);
    expect(inspect({ nested: rest('config')('name') })).toContain(
      `nested: [Function: RestResource(${BASE}/config/name/)]`,
    );
    expect(`${rest.org}`).toBe(`${BASE}/org/`);
    expect(requests).toHaveLength(0);
  });
});

describe('verbs (Python test_api.py)', () => {
  it('get list / detail / action, with kwargs as query', async () => {
    nock(DOMAIN)
      .matchHeader('authorization', 'jwt my-token')
      .get('/api/v1/test/')
      .reply(200, { result: ['a', 'b', 'c'] })
      .get('/api/v1/test/my-detail/')
      .reply(200, { a: 'b', c: 'd' })
      .get('/api/v1/test/my-detail/action/')
      .reply(200, { a: 'b', c: 'd' })
      .get('/api/v1/test/my-detail/')
      .query({ foo: 'bar' })
      .reply(200, { a: 'b', c: 'd' });
    const { rest } = api();
    await expect(rest('test').get()).resolves.toEqual({ result: ['a', 'b', 'c'] });
    await expect(rest('test')('my-detail').get()).resolves.toEqual({ a: 'b', c: 'd' });
    await expect(rest('test')('my-detail')('action').get()).resolves.toEqual({ a: 'b', c: 'd' });
    await expect(rest('test')('my-detail').get({ foo: 'bar' })).resolves.toEqual({ a: 'b', c: 'd' });
  });

  it('post / put / patch send JSON bodies and the query', async () => {
    nock(DOMAIN)
      .post('/api/v1/org/', { name: 'Acme' })
      .query({ staff: '1' })
      .reply(201, { id: 1 })
      .put('/api/v1/org/acme/', { name: 'Acme', about: 'x' })
      .reply(200, { id: 1 })
      .patch('/api/v1/org/acme/', { about: 'y' })
      .reply(200, { id: 1, about: 'y' })
      .post(
        '/api/v1/device/d--0001/unclaim/',
        (body) => body === '' || body === undefined || Object.keys(body).length === 0,
      )
      .reply(202, { unclaimed: 'd--0001' });
    const { rest } = api();
    await expect(rest.org.post<{ id: number }>({ name: 'Acme' }, { staff: 1 })).resolves.toEqual({ id: 1 });
    await expect(rest.org('acme').put({ name: 'Acme', about: 'x' })).resolves.toEqual({ id: 1 });
    await expect(rest.org('acme').patch({ about: 'y' })).resolves.toEqual({ id: 1, about: 'y' });
    await expect(rest.device('d--0001').unclaim.post()).resolves.toEqual({ unclaimed: 'd--0001' });
  });

  it('delete resolves true on 2xx and throws otherwise', async () => {
    nock(DOMAIN)
      .delete('/api/v1/test/my-detail/')
      .reply(200, { id: 1 })
      .delete('/api/v1/device/d--0001/')
      .reply(204)
      .delete('/api/v1/device/d--0002/')
      .reply(404, { detail: 'Not found.' });
    const { rest } = api();
    await expect(rest('test')('my-detail').delete()).resolves.toBe(true);
    await expect(rest.device('d--0001').delete()).resolves.toBe(true);
    await expect(rest.device('d--0002').delete()).rejects.toBeInstanceOf(HttpNotFoundError);
  });

  it('converts Dates to the server datetime form and repeats array values', async () => {
    nock(DOMAIN)
      .get('/api/v1/event/')
      .query((q) => {
        expect(q).toEqual({ filter: 's--0001', start: '2018-01-01T01:00:00Z', id: ['1', '2'], mask: 'true' });
        return true;
      })
      .reply(200, { count: 0, next: null, previous: null, results: [] });
    await api().rest.event.get({
      filter: 's--0001',
      start: new Date('2018-01-01T01:00:00.123Z'),
      id: [1, 2],
      mask: true,
      end: undefined,
      lastn: null,
    });
  });

  it('uses the same transport: retries and errors', async () => {
    nock(DOMAIN).get('/api/v1/vartype/').reply(503, 'x').get('/api/v1/vartype/').reply(200, { count: 0 });
    nock(DOMAIN).get('/api/v1/sg/').reply(500, 'boom', { 'content-type': 'text/plain' });
    const client = new Api({ domain: DOMAIN, retries: 1, backoff: { baseDelayMs: 1 } });
    await expect(client.rest.vartype.get()).resolves.toEqual({ count: 0 });
    await expect(client.rest.sg.get()).rejects.toThrow(`500 Internal Server Error GET ${BASE}/sg/: boom`);
  });
});

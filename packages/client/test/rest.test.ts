/** Generic resources: the Python `RestResource` tests (tests/test_api.py, test_resources.py) and more. */
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { HttpClientError, HttpNotFoundError, InvalidResponseError } from '../src/all-errors.js';
import { Api, InvalidInputError } from '../src/index.js';
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

  it('refuses an invalid Date in a query before any request, as datetimeToStr does', async () => {
    const { fetch, requests } = stubFetch(() => json({}));
    const client = new Api({ domain: DOMAIN, fetch });
    const error = await client.rest.event.get({ start: new Date(Number.NaN) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ param: 'date', message: 'datetimeToStr(): invalid Date' });
    expect(requests).toHaveLength(0);
  });

  it('uses the same transport: retries and errors', async () => {
    nock(DOMAIN).get('/api/v1/vartype/').reply(503, 'x').get('/api/v1/vartype/').reply(200, { count: 0 });
    nock(DOMAIN).get('/api/v1/sg/').reply(500, 'boom', { 'content-type': 'text/plain' });
    const client = new Api({ domain: DOMAIN, retries: 1, backoff: { baseDelayMs: 1 } });
    await expect(client.rest.vartype.get()).resolves.toEqual({ count: 0 });
    await expect(client.rest.sg.get()).rejects.toThrow(`500 Internal Server Error GET ${BASE}/sg/: boom`);
  });
});

describe('2xx bodies by content type (Python _try_to_serialize_response)', () => {
  const FILTER = 's--0000-0001--0000-0000-0000-0002--5001';
  const CSV =
    'row,value,stream_slug\n2016-09-28 11:00:00+00:00,10.0,s--0000-0001--0000-0000-0000-0002--5001\n';

  it('asks for JSON first but takes anything, and returns a CSV body as text', async () => {
    nock(DOMAIN)
      .matchHeader('accept', 'application/json, */*;q=0.1')
      .get('/api/v1/df/')
      .query({ filter: FILTER, format: 'csv' })
      .reply(200, CSV, { 'content-type': 'text/csv; charset=utf-8' });
    await expect(api().rest.df.get({ filter: FILTER, format: 'csv' })).resolves.toBe(CSV);
  });

  it('returns text/plain, XML and other text types as strings, in their charset', async () => {
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query({ filter: FILTER, format: 'txt' })
      .reply(200, CSV, { 'content-type': 'text/plain' })
      .get('/api/v1/feed/')
      .reply(200, '<feed/>', { 'content-type': 'application/atom+xml' })
      .get('/api/v1/latin/')
      .reply(200, Buffer.from([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/csv; charset=iso-8859-1' })
      .get('/api/v1/unknown-charset/')
      .reply(200, 'caf\u00e9', { 'content-type': 'text/plain; charset=x-no-such-charset' });
    const { rest } = api();
    await expect(rest.df.get({ filter: FILTER, format: 'txt' })).resolves.toBe(CSV);
    await expect(rest('feed').get()).resolves.toBe('<feed/>');
    await expect(rest('latin').get()).resolves.toBe('caf\u00e9');
    await expect(rest('unknown-charset').get()).resolves.toBe('caf\u00e9'); // UTF-8, as Response.text()
  });

  it('parses JSON (also +json types and a charset parameter)', async () => {
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query({ filter: FILTER })
      .reply(200, [{ row: '2016-09-28T11:00:00.000Z', value: 10, stream_slug: FILTER }], {
        'content-type': 'application/json',
      })
      .get('/api/v1/problem/')
      .reply(200, '{"title":"ok"}', { 'content-type': 'application/problem+json; charset=utf-8' });
    const { rest } = api();
    await expect(rest.df.get({ filter: FILTER })).resolves.toEqual([
      { row: '2016-09-28T11:00:00.000Z', value: 10, stream_slug: FILTER },
    ]);
    await expect(rest('problem').get()).resolves.toEqual({ title: 'ok' });
  });

  it('throws InvalidResponseError when the content type says JSON but the body is not', async () => {
    nock(DOMAIN)
      .get('/api/v1/org/')
      .reply(200, '{"count": 1, "results": [', { 'content-type': 'application/json' });
    const error = (await api()
      .rest.org.get()
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(
      /^GET https:\/\/iotile\.test\/api\/v1\/org\/ answered 200 with malformed JSON: /,
    );
    expect(error.status).toBe(200);
    expect(error.contentType).toBe('application/json');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('returns undefined without a body (204, 205, empty 201)', async () => {
    nock(DOMAIN)
      .post('/api/v1/auth/logout/')
      .reply(204)
      .post('/api/v1/widget/1/reset/')
      .reply(205)
      .post('/api/v1/widget/')
      .reply(201, '', { 'content-type': 'text/plain' });
    const { rest } = api();
    await expect(rest.auth.logout.post()).resolves.toBeUndefined();
    await expect(rest('widget')(1)('reset').post()).resolves.toBeUndefined();
    await expect(rest('widget').post({ name: 'w' })).resolves.toBeUndefined();
  });

  it('returns binary and untyped bodies as bytes, unchanged', async () => {
    const bytes = Buffer.from([0x82, 0xa5, 0x00, 0xff, 0xfe, 0x80]);
    nock(DOMAIN)
      .get('/api/v1/event/42/data/')
      .query({ format: 'msgpack' })
      .reply(200, bytes, { 'content-type': 'application/msgpack' })
      .get('/api/v1/blob/')
      .reply(200, bytes);
    const { rest } = api();
    const data = await rest.event(42).data.get({ format: 'msgpack' });
    expect(data).toBeInstanceOf(Uint8Array);
    expect([...(data as Uint8Array)]).toEqual([...bytes]);
    const untyped = await rest('blob').get();
    expect(untyped).toBeInstanceOf(Uint8Array);
    expect([...(untyped as Uint8Array)]).toEqual([...bytes]);
  });

  it('reads uploadFile answers the same way; delete ignores any 2xx body', async () => {
    nock(DOMAIN)
      .post('/api/v1/streamer/report/')
      .reply(201, 'accepted', { 'content-type': 'text/plain' })
      .delete('/api/v1/org/acme/')
      .reply(200, '<p>deleted</p>', { 'content-type': 'text/html' })
      .delete('/api/v1/org/acme2/')
      .reply(200, '{"deleted": ', { 'content-type': 'application/json' });
    const { rest } = api();
    await expect(rest.streamer.report.uploadFile(new Uint8Array([1, 2]))).resolves.toBe('accepted');
    await expect(rest.org('acme').delete()).resolves.toBe(true);
    await expect(rest.org('acme2').delete()).resolves.toBe(true);
  });

  it('keeps HTTP errors typed, whatever the content type', async () => {
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query({ filter: 'x--bad', format: 'csv' })
      .reply(400, 'Error: Bad Request: Illegal filter/target string', { 'content-type': 'text/plain' });
    await expect(api().rest.df.get({ filter: 'x--bad', format: 'csv' })).rejects.toMatchObject({
      name: 'HttpClientError',
      status: 400,
      detail: 'Error: Bad Request: Illegal filter/target string',
    });
  });
});

describe('explicit parseAs on generic verbs', () => {
  const FILTER = 's--0000-0001--0000-0000-0000-0002--5001';
  const CSV = 'row,value,stream_slug\n';

  it("'json' insists on JSON and sends Accept: application/json", async () => {
    nock(DOMAIN)
      .matchHeader('accept', 'application/json')
      .get('/api/v1/org/')
      .reply(200, { count: 0 })
      .get('/api/v1/df/')
      .query({ filter: FILTER, format: 'csv' })
      .reply(200, CSV, { 'content-type': 'text/csv' });
    const { rest } = api();
    await expect(rest.org.get(undefined, { parseAs: 'json' })).resolves.toEqual({ count: 0 });
    const error = (await rest.df
      .get({ filter: FILTER, format: 'csv' }, { parseAs: 'json' })
      .catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe(
      `GET ${BASE}/df/?filter=${FILTER}&format=csv answered 200 with Content-Type "text/csv" where JSON was expected`,
    );
  });

  it("'text' reads any body as a string and sets no Accept (fetch sends */*): /df/ answers CSV, as to Python", async () => {
    nock(DOMAIN, { badheaders: ['accept'] })
      .get('/api/v1/df/')
      .query({ filter: FILTER })
      .reply(200, CSV, { 'content-type': 'text/csv' })
      .get('/api/v1/org/')
      .reply(200, { count: 0 });
    const { rest } = api();
    await expect(rest.df.get({ filter: FILTER }, { parseAs: 'text' })).resolves.toBe(CSV);
    await expect(rest.org.get(undefined, { parseAs: 'text' })).resolves.toBe('{"count":0}');
  });

  it("'arrayBuffer', 'blob' and 'stream' give the body in that form", async () => {
    nock(DOMAIN)
      .get('/api/v1/df/')
      .times(3)
      .query({ filter: FILTER })
      .reply(200, CSV, { 'content-type': 'text/csv' });
    const df = api().rest.df;
    const buffer = await df.get({ filter: FILTER }, { parseAs: 'arrayBuffer' });
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(buffer)).toBe(CSV);
    const blob = await df.get({ filter: FILTER }, { parseAs: 'blob' });
    expect(blob).toBeInstanceOf(Blob);
    expect(await blob?.text()).toBe(CSV);
    const stream = await df.get({ filter: FILTER }, { parseAs: 'stream' });
    expect(stream).toBeInstanceOf(ReadableStream);
    expect(await new Response(stream).text()).toBe(CSV);
  });

  it('applies to post, put, patch and uploadFile too, and is undefined for a 204', async () => {
    nock(DOMAIN)
      .post('/api/v1/widget/export/')
      .reply(200, CSV, { 'content-type': 'text/csv' })
      .put('/api/v1/note/1/')
      .reply(200, { id: 1 })
      .patch('/api/v1/note/1/')
      .reply(204)
      .post('/api/v1/event/upload/')
      .reply(201, { count: 1 });
    const { rest } = api();
    await expect(
      rest('widget')('export').post({ filter: FILTER }, undefined, { parseAs: 'text' }),
    ).resolves.toBe(CSV);
    await expect(rest.note(1).put({ note: 'x' }, undefined, { parseAs: 'text' })).resolves.toBe('{"id":1}');
    await expect(rest.note(1).patch({ note: 'y' }, undefined, { parseAs: 'text' })).resolves.toBeUndefined();
    const uploaded = await rest.event.upload.uploadFile(new Uint8Array([1]), { parseAs: 'arrayBuffer' });
    expect(new TextDecoder().decode(uploaded)).toBe('{"count":1}');
  });

  it('still throws HttpErrors on non-2xx', async () => {
    nock(DOMAIN).get('/api/v1/df/').query({ filter: FILTER }).reply(403, { detail: 'No.' });
    await expect(api().rest.df.get({ filter: FILTER }, { parseAs: 'text' })).rejects.toBeInstanceOf(
      HttpClientError,
    );
  });
});

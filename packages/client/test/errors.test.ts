import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  HttpClientError,
  HttpError,
  HttpNotFoundError,
  HttpServerError,
  httpErrorFromResponse,
  InvalidResponseError,
  parseErrorBody,
  RequestError,
} from '../src/all-errors.js';
import { redactUrl } from '../src/errors.js';
import { Api, IOTileCloudError } from '../src/index.js';
import { stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

const DEVICE = 'd--0000-0000-0000-00d2';
const api = () => new Api({ domain: DOMAIN, token: 'secret-token-123', retries: 0 });
const JSON_TYPE = { 'content-type': 'application/json' };

/** Error bodies exactly as the DRF server sends them (reference §1.3, §1.4, §2). */
const CASES = [
  {
    name: '400 serializer field errors',
    status: 400,
    body: '{"name": ["This field is required."], "org": ["Object with slug=nope does not exist."]}',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: undefined,
    nonFieldErrors: [],
    fieldErrors: { name: ['This field is required.'], org: ['Object with slug=nope does not exist.'] },
    summary: 'name: This field is required.; org: Object with slug=nope does not exist.',
  },
  {
    name: '400 validate() error',
    status: 400,
    body: '{"non_field_errors": ["Unable to log in with provided credentials."]}',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: undefined,
    nonFieldErrors: ['Unable to log in with provided credentials.'],
    fieldErrors: {},
    summary: 'Unable to log in with provided credentials.',
  },
  {
    name: '400 ValidationError("text") array body',
    status: 400,
    body: '["Project ID must be a UUID"]',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: undefined,
    nonFieldErrors: ['Project ID must be a UUID'],
    fieldErrors: {},
    summary: 'Project ID must be a UUID',
  },
  {
    name: '400 restricted delete {"error"}',
    status: 400,
    body: '{"error": "Restricted Access. Contact Arch"}',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: 'Restricted Access. Contact Arch',
    nonFieldErrors: [],
    fieldErrors: {},
    summary: 'Restricted Access. Contact Arch',
  },
  {
    name: '401 no credentials',
    status: 401,
    body: '{"detail": "Authentication credentials were not provided."}',
    headers: { ...JSON_TYPE, 'WWW-Authenticate': 'JWT realm="api"' },
    type: HttpClientError,
    detail: 'Authentication credentials were not provided.',
    nonFieldErrors: [],
    fieldErrors: {},
    summary: 'Authentication credentials were not provided.',
  },
  {
    name: '401 bare JSON string (login)',
    status: 401,
    body: '"Username/password combination invalid."',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: 'Username/password combination invalid.',
    nonFieldErrors: [],
    fieldErrors: {},
    summary: 'Username/password combination invalid.',
  },
  {
    name: '403 permission',
    status: 403,
    body: '{"detail": "You do not have permission to perform this action."}',
    headers: JSON_TYPE,
    type: HttpClientError,
    detail: 'You do not have permission to perform this action.',
    nonFieldErrors: [],
    fieldErrors: {},
    summary: 'You do not have permission to perform this action.',
  },
  {
    name: '404 not found',
    status: 404,
    body: '{"detail": "Not found."}',
    headers: JSON_TYPE,
    type: HttpNotFoundError,
    detail: 'Not found.',
    nonFieldErrors: [],
    fieldErrors: {},
    summary: 'Not found.',
  },
  {
    name: '500 Django HTML page',
    status: 500,
    body: '<!doctype html><html><body><h1>Server Error (500)</h1></body></html>',
    headers: { 'content-type': 'text/html' },
    type: HttpServerError,
    detail: undefined,
    nonFieldErrors: [],
    fieldErrors: {},
    summary: '',
  },
] as const;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
};

describe.each(CASES)('$name', (c) => {
  it('throws the matching class with status, url, parsed body and a readable message', async () => {
    nock(DOMAIN).get(`/api/v1/device/${DEVICE}/`).reply(c.status, c.body, c.headers);
    const error = await api()
      .get('/device/{slug}/', { params: { path: { slug: DEVICE } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(c.type);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toBeInstanceOf(IOTileCloudError);
    const httpError = error as HttpError;
    expect(httpError.name).toBe(c.type.name);
    expect(httpError.status).toBe(c.status);
    expect(httpError.method).toBe('GET');
    expect(httpError.url).toBe(`${BASE}/device/${DEVICE}/`);
    expect(httpError.detail).toEqual(c.detail);
    expect(httpError.nonFieldErrors).toEqual(c.nonFieldErrors);
    expect(httpError.fieldErrors).toEqual(c.fieldErrors);
    expect(httpError.body).toEqual(c.headers['content-type'] === 'text/html' ? c.body : JSON.parse(c.body));
    expect(httpError.response).toBeInstanceOf(Response);
    expect(httpError.response.status).toBe(c.status);
    const head = `${c.status} ${REASONS[c.status]} GET ${BASE}/device/${DEVICE}/`;
    expect(httpError.message).toBe(c.summary ? `${head}: ${c.summary}` : head);
  });

  it('is returned as `error` (not thrown) by the openapi-fetch style', async () => {
    nock(DOMAIN).get(`/api/v1/device/${DEVICE}/`).reply(c.status, c.body, c.headers);
    const result = await api().GET('/device/{slug}/', { params: { path: { slug: DEVICE } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual(c.headers['content-type'] === 'text/html' ? c.body : JSON.parse(c.body));
    expect(result.response.status).toBe(c.status);
  });
});

it('matches Python: 400, 404 are HttpClientError; 500 is HttpServerError (test_post_with_error)', async () => {
  nock(DOMAIN).post('/api/v1/test/').reply(400, { id: 1 }).post('/api/v1/test/').reply(404, { id: 1 });
  nock(DOMAIN).post('/api/v1/test/').reply(500, { id: 1 });
  const client = api();
  await expect(client.rest('test').post({ foo: ['a', 'b', 'c'] })).rejects.toBeInstanceOf(HttpClientError);
  await expect(client.rest('test').post({ foo: ['a', 'b', 'c'] })).rejects.toBeInstanceOf(HttpNotFoundError);
  await expect(client.rest('test').post({ foo: ['a', 'b', 'c'] })).rejects.toBeInstanceOf(HttpServerError);
});

it('uses the reason phrase table when the response has none, and falls back to the status alone', async () => {
  const { fetch } = stubFetch((_request, index) =>
    index === 0
      ? new Response('{"detail": "Slow down."}', { status: 429, headers: JSON_TYPE })
      : new Response('', { status: 418 }),
  );
  const client = new Api({ domain: DOMAIN, fetch, retries: 0 });
  await expect(client.get('/server/')).rejects.toThrow(
    `429 Too Many Requests GET ${BASE}/server/: Slow down.`,
  );
  await expect(client.get('/server/')).rejects.toThrow(new RegExp(`^418 GET ${BASE}/server/$`));
});

describe('never leaks the token', () => {
  it('keeps it out of message, properties, JSON and inspection of an HttpError', async () => {
    nock(DOMAIN).get('/api/v1/org/').reply(401, { detail: 'Signature has expired.' });
    const error = (await api()
      .get('/org/')
      .catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpClientError);
    for (const text of [
      error.message,
      error.stack ?? '',
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
    ]) {
      expect(text).not.toContain('secret-token-123');
    }
    expect(Object.keys(error)).not.toContain('response');
  });

  it('redacts credentials and secret query values from URLs', () => {
    expect(redactUrl('https://user:pw@iotile.test/api/v1/org/?page=2')).toBe(
      'https://iotile.test/api/v1/org/?page=2',
    );
    expect(redactUrl('https://s3.test/b/k?X-Amz-Signature=abc&X-Amz-Credential=def&x=1')).toBe(
      'https://s3.test/b/k?X-Amz-Signature=%5Bredacted%5D&X-Amz-Credential=%5Bredacted%5D&x=1',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('2xx that is not the JSON promised', () => {
  it('names the content type (HTML login page of a proxy)', async () => {
    nock(DOMAIN)
      .get('/api/v1/org/')
      .times(2)
      .reply(200, '<html>Please sign in</html>', { 'content-type': 'text/html; charset=utf-8' });
    const client = api();
    const error = (await client.get('/org/').catch((e: unknown) => e)) as InvalidResponseError;
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toBe(
      `GET ${BASE}/org/ answered 200 with Content-Type "text/html; charset=utf-8" where JSON was expected`,
    );
    expect(error.contentType).toBe('text/html; charset=utf-8');
    expect(error.status).toBe(200);
    await expect(client.GET('/org/')).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it('reports malformed JSON', async () => {
    nock(DOMAIN).get('/api/v1/org/').reply(200, '{"count": 1, "results": [', JSON_TYPE);
    await expect(api().get('/org/')).rejects.toThrow(
      /^GET https:\/\/iotile\.test\/api\/v1\/org\/ answered 200 with malformed JSON/,
    );
  });

  it('accepts an empty 204 and an explicit parseAs', async () => {
    nock(DOMAIN).delete(`/api/v1/device/${DEVICE}/`).reply(204);
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query({ filter: 's--0000-0001--0000-0000-0000-0002--5001', format: 'csv' })
      .reply(200, 'row,value,stream_slug\n', { 'content-type': 'text/csv' });
    const client = api();
    await expect(
      client.delete('/device/{slug}/', { params: { path: { slug: DEVICE } } }),
    ).resolves.toBeUndefined();
    const csv = await client.get('/df/', {
      params: { query: { filter: 's--0000-0001--0000-0000-0000-0002--5001', format: 'csv' } },
      parseAs: 'text',
    });
    expect(csv).toBe('row,value,stream_slug\n');
  });
});

describe('failures below HTTP', () => {
  it('become ConnectionError with method, url and the cause', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const { fetch } = stubFetch(() => {
      throw new TypeError('fetch failed', { cause });
    });
    const error = (await new Api({ domain: DOMAIN, fetch, retries: 0 })
      .get('/server/')
      .catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toBeInstanceOf(RequestError);
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toBe(`GET ${BASE}/server/ failed: connect ECONNREFUSED 127.0.0.1:9`);
  });
});

describe('parseErrorBody', () => {
  it('keeps text/plain bodies short and ignores HTML', () => {
    expect(parseErrorBody('Error serving request', 'text/plain').detail).toBe('Error serving request');
    expect(parseErrorBody('x'.repeat(400), 'text/plain').detail).toHaveLength(301);
    expect(parseErrorBody('<h1>Bad Gateway</h1>', 'text/html').detail).toBeUndefined();
  });

  it('stringifies nested field errors', () => {
    expect(parseErrorBody({ slots: [{ component: ['Invalid slug.'] }], msg: 'No type specified' })).toEqual({
      detail: 'No type specified',
      nonFieldErrors: [],
      fieldErrors: { slots: ['{"component":["Invalid slug."]}'] },
    });
  });
});

describe('httpErrorFromResponse (for results read with parseAs, which resolve instead of throwing)', () => {
  it.each([
    [404, HttpNotFoundError],
    [400, HttpClientError],
    [503, HttpServerError],
    [302, HttpError],
  ])('%i gives %O', (status, type) => {
    const response = new Response(null, { status });
    Object.defineProperty(response, 'url', { value: `${BASE}/device/?token=secret` });
    const error = httpErrorFromResponse({ method: 'GET', response, body: { detail: 'Nope.' } });
    expect(error).toBeInstanceOf(type);
    expect(error.constructor).toBe(type);
    expect(error).toMatchObject({ status, detail: 'Nope.', url: `${BASE}/device/?token=%5Bredacted%5D` });
  });
});

/**
 * A server that echoes what it was sent (the Authorization header, the login password) must not get
 * those secrets into any view of the error: message, String(), stack, util.inspect, JSON.stringify,
 * body, detail, field errors, cause. And one URL redaction rule for every secret query parameter.
 */

import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  HttpClientError,
  type HttpError,
  HttpServerError,
  httpErrorFromResponse,
  InvalidResponseError,
} from '../src/all-errors.js';
import { Api, IOTileCloudError } from '../src/index.js';
import { isSecretParameter, redactSecrets, redactUrl, redactValue } from '../src/internal/index.js';
import { stubFetch } from './helpers.js';

const API = 'https://iotile.test';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.dXNlcjE.c2lnbmF0dXJl';
const PASSWORD = 'p@ss "word"/1';

/** Every way an error may be shown or serialised. */
function views(error: unknown): Record<string, string> {
  const e = error as Error & {
    body?: unknown;
    detail?: unknown;
    fieldErrors?: unknown;
    nonFieldErrors?: unknown;
  };
  return {
    message: e.message,
    string: String(e),
    stack: e.stack ?? '',
    inspect: inspect(e, { depth: 10 }),
    json: JSON.stringify(e),
    body: JSON.stringify(e.body) ?? '',
    detail: String(e.detail),
    fieldErrors: JSON.stringify(e.fieldErrors) ?? '',
    nonFieldErrors: JSON.stringify(e.nonFieldErrors) ?? '',
    cause: inspect(e.cause, { depth: 10 }),
  };
}

function expectNoSecret(error: unknown, secrets: string[]): void {
  for (const [view, text] of Object.entries(views(error))) {
    for (const secret of secrets) {
      expect(text, `${view} holds a secret`).not.toContain(secret);
      expect(text, `${view} holds a secret (URL-encoded)`).not.toContain(encodeURIComponent(secret));
    }
  }
}

/** A server that echoes the request's Authorization header into its answer, in the given shape. */
function echoing(status: number, shape: (authorization: string) => { body: string; type: string }) {
  return stubFetch((request) => {
    const { body, type } = shape(request.headers.get('authorization') ?? '');
    return new Response(body, { status, headers: { 'content-type': type } });
  });
}

describe('a token echoed by the server is redacted from every view of the error', () => {
  const shapes: [string, (authorization: string) => { body: string; type: string }][] = [
    [
      'JSON detail',
      (a) => ({ body: JSON.stringify({ detail: `Invalid header: ${a}` }), type: 'application/json' }),
    ],
    [
      'field errors',
      (a) => ({
        body: JSON.stringify({ token: [`${a} is not valid`], [a]: ['key'], non_field_errors: [a] }),
        type: 'application/json',
      }),
    ],
    ['a JSON string', (a) => ({ body: JSON.stringify(`bad ${a}`), type: 'application/json' })],
    [
      'nested JSON',
      (a) => ({ body: JSON.stringify({ errors: [{ deep: { deeper: [a] } }] }), type: 'application/json' }),
    ],
    ['text/plain', (a) => ({ body: `you sent ${a}`, type: 'text/plain' })],
    [
      'an HTML page',
      (a) => ({ body: `<html><pre>HTTP_AUTHORIZATION='${a}'</pre></html>`, type: 'text/html' }),
    ],
    ['URL-encoded', (a) => ({ body: `q=${encodeURIComponent(a)}`, type: 'text/plain' })],
  ];

  it.each(shapes)('%s, 400 and 500', async (_, shape) => {
    for (const status of [400, 500]) {
      const { fetch } = echoing(status, shape);
      const api = new Api({ domain: API, token: TOKEN, fetch, retries: 0 });
      const error = await api
        .rest('device')
        .get()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(status === 400 ? HttpClientError : HttpServerError);
      expectNoSecret(error, [TOKEN]);
      // The error still says what went wrong.
      expect((error as HttpError).status).toBe(status);
    }
  });

  it('through the typed throwing call and through httpErrorFromResponse on a { error, response } result', async () => {
    const { fetch } = echoing(403, (a) => ({
      body: JSON.stringify({ detail: a }),
      type: 'application/json',
    }));
    const api = new Api({ domain: API, token: TOKEN, fetch, retries: 0 });
    const thrown = await api.get('/account/').catch((e: unknown) => e);
    expectNoSecret(thrown, [TOKEN]);
    expect((thrown as HttpError).detail).toBe('jwt [redacted]');
    const { error, response } = await api.GET('/account/');
    // Built later, in another package, from the response alone: the Api recorded its secrets.
    expectNoSecret(httpErrorFromResponse({ method: 'GET', response, body: error }), [TOKEN]);
  });

  it('in a 2xx body that is not JSON (the parser quotes what it failed on)', async () => {
    const { fetch } = echoing(200, (a) => ({ body: `${a} {`, type: 'application/json' }));
    const api = new Api({ domain: API, token: TOKEN, fetch, retries: 0 });
    const error = await api.get('/account/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expectNoSecret(error, [TOKEN]);
  });

  it('in a next link (the URL of an error)', async () => {
    const { fetch } = stubFetch((request) =>
      request.url.includes('/leak/')
        ? new Response('{"detail":"gone"}', { status: 404, headers: { 'content-type': 'application/json' } })
        : new Response(
            JSON.stringify({
              count: 2,
              next: `${API}/api/v1/leak/${TOKEN}/?page=2`,
              previous: null,
              results: [1],
            }),
            { headers: { 'content-type': 'application/json' } },
          ),
    );
    const api = new Api({ domain: API, token: TOKEN, fetch, retries: 0 });
    const error = await (async () => {
      for await (const _ of api.paginate('/device/')) {
        // read on
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpClientError);
    expectNoSecret(error, [TOKEN]);
  });
});

describe('the login password echoed by the server is redacted', () => {
  it('from a 5xx answer to login()', async () => {
    const { fetch } = stubFetch(
      async (request) =>
        new Response(JSON.stringify({ detail: `could not log in with ${await request.text()}` }), {
          status: 500,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const api = new Api({ domain: API, fetch, retries: 0 });
    const error = await api.login({ email: 'me@example.com', password: PASSWORD }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpServerError);
    expectNoSecret(error, [PASSWORD]);
    expect((error as Error).message).toContain('me@example.com');
  });

  it('from a 2xx login answer without a token that echoes it', async () => {
    const { fetch } = stubFetch(
      async (request) =>
        new Response(`${await request.text()}!`, {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const api = new Api({ domain: API, fetch, retries: 0 });
    const error = await api.login({ email: 'me@example.com', password: PASSWORD }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expectNoSecret(error, [PASSWORD]);
  });

  it('from the token refresh: the old token in an answer to /auth/api-jwt-refresh/', async () => {
    const { fetch } = stubFetch(
      async (request) =>
        new Response(await request.text(), { status: 502, headers: { 'content-type': 'application/json' } }),
    );
    const api = new Api({ domain: API, token: TOKEN, fetch, retries: 0 });
    const error = await api.refreshToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpServerError);
    expectNoSecret(error, [TOKEN]);
  });
});

describe('redactUrl: one rule for every secret parameter', () => {
  it.each([
    'token',
    'jwt',
    'access_token',
    'refresh_token',
    'id_token',
    'auth',
    'x-auth',
    'authorization',
    'sig',
    'signature',
    'X-Amz-Signature',
    'X-Amz-Credential',
    'X-Amz-Security-Token',
    'key',
    'api_key',
    'apikey',
    'api-key',
    'password',
    'passwd',
    'pwd',
    'secret',
    'client_secret',
    'session',
    'sessionid',
  ])('%s', (name) => {
    expect(isSecretParameter(name)).toBe(true);
    const url = `https://iotile.test/api/v1/x/?page=2&${name}=s3cr3t`;
    const redacted = redactUrl(url);
    expect(redacted).not.toContain('s3cr3t');
    expect(new URL(redacted).searchParams.get('page')).toBe('2');
  });

  it.each([
    'page',
    'page_size',
    'start',
    'end',
    'lastn',
    'filter',
    'project',
    'device',
    'format',
    'monkey',
    'keys',
  ])('keeps %s', (name) => {
    expect(isSecretParameter(name)).toBe(false);
    expect(redactUrl(`https://iotile.test/?${name}=visible`)).toContain('visible');
  });

  it('removes user:password@, secret fragment parameters and known secrets anywhere', () => {
    const redacted = redactUrl(`https://me:pw@iotile.test/api/v1/${TOKEN}/?x=1#access_token=abc&state=ok`, [
      TOKEN,
    ]);
    expect(redacted).toBe('https://iotile.test/api/v1/[redacted]/?x=1#access_token=%5Bredacted%5D&state=ok');
  });

  it('is what every error shows', () => {
    const error = new IOTileCloudError('x', { url: 'https://iotile.test/?access_token=abc&sig=def' });
    expect(error.url).not.toMatch(/abc|def/);
  });

  it('redactSecrets and redactValue ignore empty secrets and copy what they change', () => {
    expect(redactSecrets('abc', ['', undefined])).toBe('abc');
    const body = { a: ['x-secret-x'], b: 1 };
    expect(redactValue(body, ['secret'])).toEqual({ a: ['x-[redacted]-x'], b: 1 });
    expect(body.a[0]).toBe('x-secret-x');
  });
});

/**
 * Bad input, table-driven: every public entry point of the client refuses wrong types and
 * out-of-range values with an `InvalidInputError` that names the parameter, before any request.
 */

import { describe, expect, it } from 'vitest';
import { Api, InvalidInputError, MAX_RETRIES } from '../src/index.js';
import { stubFetch } from './helpers.js';

const API = 'https://iotile.test';

/** A fetch that fails the test if it is ever called. */
function noRequests() {
  return stubFetch(() => {
    throw new Error('a request was sent');
  });
}

const badOptions: [string, Record<string, unknown>][] = [
  ['domain', { domain: 'ftp://x' }],
  ['retries', { retries: Number.NaN }],
  ['retries', { retries: 'x' }],
  ['retries', { retries: Number.POSITIVE_INFINITY }],
  ['retries', { retries: 1e9 }],
  ['retries', { retries: MAX_RETRIES + 1 }],
  ['retries', { retries: -1 }],
  ['retries', { retries: 1.5 }],
  ['timeoutMs', { timeoutMs: 2 ** 31 }],
  ['timeoutMs', { timeoutMs: -1 }],
  ['timeoutMs', { timeoutMs: Number.NaN }],
  ['timeoutMs', { timeoutMs: '100' }],
  ['backoff', { backoff: 5 }],
  ['backoff.baseDelayMs', { backoff: { baseDelayMs: -1 } }],
  ['backoff.maxDelayMs', { backoff: { maxDelayMs: Number.NaN } }],
  ['backoff.maxRetryAfterMs', { backoff: { maxRetryAfterMs: Number.POSITIVE_INFINITY } }],
  ['backoff.baseDelay', { backoff: { baseDelay: 10 } }],
  ['retryNonIdempotent', { retryNonIdempotent: 'yes' }],
  ['maxResponseBytes', { maxResponseBytes: 0 }],
  ['maxResponseBytes', { maxResponseBytes: 1.5 }],
  ['maxResponseBytes', { maxResponseBytes: '1MB' }],
  ['fetch', { fetch: 'fetch' }],
  ['onRetry', { onRetry: true }],
  ['logger', { logger: 'console' }],
  ['logLevel', { logLevel: 'verbose' }],
  ['verify', { verify: 'false' }],
];

describe('new Api(options)', () => {
  it.each(badOptions)('refuses %s: %j', (param, options) => {
    let error: unknown;
    try {
      new Api(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    if (param !== 'domain') {
      expect((error as InvalidInputError).param).toBe(param);
    }
    expect((error as Error).message).toContain(param.split('.').pop());
  });

  it('takes the limits themselves', () => {
    expect(
      () => new Api({ retries: MAX_RETRIES, timeoutMs: 2 ** 31 - 1, maxResponseBytes: Infinity }),
    ).not.toThrow();
    expect(() => new Api({ timeoutMs: Infinity })).not.toThrow();
  });
});

type Call = (api: Api) => Promise<unknown> | AsyncIterable<unknown>;

const badCalls: [string, string, Call][] = [
  ['path', 'api.get(null)', (api) => api.get(null as never)],
  ['path', 'api.GET("device/")', (api) => api.GET('device/' as never)],
  ['path', 'api.POST(undefined)', (api) => api.POST(undefined as never)],
  ['params.path.slug', 'a missing path parameter', (api) => api.get('/device/{slug}/', {} as never)],
  [
    'params.path.slug',
    'an empty path parameter',
    (api) => api.get('/device/{slug}/', { params: { path: { slug: '' } } }),
  ],
  [
    'params.path.slug',
    'a null path parameter',
    (api) => api.get('/device/{slug}/', { params: { path: { slug: null as never } } }),
  ],
  ['parseAs', 'parseAs bogus', (api) => api.get('/account/', { parseAs: 'bogus' } as never)],
  ['retries', 'retries NaN per call', (api) => api.get('/account/', { retries: Number.NaN } as never)],
  ['retries', 'retries "x" per call', (api) => api.rest.account.get(undefined, { retries: 'x' as never })],
  [
    'retries',
    'retries Infinity per call',
    (api) => api.rest.account.get(undefined, { retries: Number.POSITIVE_INFINITY }),
  ],
  ['timeoutMs', 'timeoutMs -1 per call', (api) => api.rest.account.get(undefined, { timeoutMs: -1 })],
  ['timeoutMs', 'timeoutMs 2^31 per call', (api) => api.get('/account/', { timeoutMs: 2 ** 31 } as never)],
  [
    'maxResponseBytes',
    'maxResponseBytes 0 per call',
    (api) => api.rest.account.get(undefined, { maxResponseBytes: 0 }),
  ],
  ['file', 'uploadFile(null)', (api) => api.rest.streamer.report.uploadFile(null as never)],
  ['file', 'uploadFile(42)', (api) => api.rest.streamer.report.uploadFile(42 as never)],
  ['file', 'uploadFile("")', (api) => api.rest.streamer.report.uploadFile('')],
  ['concurrency', 'paginate concurrency 0', (api) => api.paginate('/device/', {}, { concurrency: 0 })],
  ['concurrency', 'paginate concurrency 9', (api) => api.paginate('/device/', {}, { concurrency: 9 })],
];

describe('calls', () => {
  it.each(badCalls)('refuses %s (%s) before any request', async (param, _, call) => {
    const { fetch, requests } = noRequests();
    const api = new Api({ domain: API, fetch, token: 'token' });
    const result = call(api);
    const error = await (async () => {
      if (Symbol.asyncIterator in (result as object)) {
        for await (const _ of result as AsyncIterable<unknown>) {
          // nothing comes
        }
      } else {
        await result;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).param).toBe(param);
    expect(requests).toHaveLength(0);
  });
});

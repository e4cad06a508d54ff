/**
 * Retries, backoff and Retry-After, on fake timers (no wall-clock assertions): each test checks how
 * many requests were sent before and at the exact moment a retry is due.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpServerError, RequestAbortedError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { backoffDelay, parseRetryAfter } from '../src/retry-wait.js';
import { json, stubFetch } from './helpers.js';

const DOMAIN = 'https://iotile.test';
const unavailable = (headers: Record<string, string> = {}) =>
  new Response('{"detail": "Service Unavailable"}', {
    status: 503,
    headers: { 'content-type': 'application/json', ...headers },
  });

// The client loads some parts on first use (`import()`: the errors of a failed request, the retries,
// the generic resources' calls). The first load of a module takes real time, which a fake clock
// does not wait for; loaded once before the clock is faked, an `import()` resolves at once.
beforeAll(async () => {
  await Promise.all([
    import('../src/request-failure.js'),
    import('../src/retry-wait.js'),
    import('../src/rest-calls.js'),
    import('../src/body.js'),
  ]);
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(new Date('2024-05-01T12:00:00Z'));
  vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: delays are exactly 500, 1000, 2000 ms
});

afterEach(() => {
  vi.useRealTimers();
});

/** Lets pending promise callbacks run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('idempotent requests', () => {
  it('retry 503 with exponential backoff (500 ms, then 1000 ms) and succeed', async () => {
    const { fetch, requests } = stubFetch((_r, i) => (i < 2 ? unavailable() : json({ ok: true })));
    const api = new Api({ domain: DOMAIN, fetch });
    const result = api.get('/server/');
    await settle();
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(3);
    await expect(result).resolves.toEqual({ ok: true });
  });

  it.each([429, 502, 503, 504])('retry status %i', async (status) => {
    const { fetch, requests } = stubFetch((_r, i) => (i === 0 ? new Response('', { status }) : json({})));
    const result = new Api({ domain: DOMAIN, fetch }).get('/server/');
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toEqual({});
    expect(requests).toHaveLength(2);
  });

  it.each([500, 400, 404])('do not retry status %i', async (status) => {
    const { fetch, requests } = stubFetch(() => json({ detail: 'x' }, status));
    const result = new Api({ domain: DOMAIN, fetch }).GET('/server/');
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await result).response.status).toBe(status);
    expect(requests).toHaveLength(1);
  });

  it('give up after `retries` extra attempts and surface the last response', async () => {
    const { fetch, requests } = stubFetch(() => unavailable());
    const result = new Api({ domain: DOMAIN, fetch, retries: 3 }).get('/server/').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(await result).toBeInstanceOf(HttpServerError);
    expect(requests).toHaveLength(4);
  });

  it('retry network errors, and per call `retries: 0` turns it off', async () => {
    const { fetch, requests } = stubFetch((_r, i) => {
      if (i === 0 || i === 2) {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET', message: 'socket hang up' } });
      }
      return json({ ok: i });
    });
    const api = new Api({ domain: DOMAIN, fetch });
    const retried = api.get('/server/');
    await vi.advanceTimersByTimeAsync(500);
    await expect(retried).resolves.toEqual({ ok: 1 });
    await expect(api.get('/server/', { retries: 0 })).rejects.toThrow(/socket hang up/);
    expect(requests).toHaveLength(3);
  });

  it('do not retry a refused certificate', async () => {
    const { fetch, requests } = stubFetch(() => {
      throw new TypeError('fetch failed', {
        cause: { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' },
      });
    });
    await expect(new Api({ domain: DOMAIN, fetch }).get('/server/')).rejects.toThrow(/CERT_HAS_EXPIRED/);
    expect(requests).toHaveLength(1);
  });

  it('resend the same body on every attempt of a PUT', async () => {
    const { fetch, requests } = stubFetch((_r, i) => (i < 2 ? unavailable() : json({ slug: 'd--0001' })));
    const result = new Api({ domain: DOMAIN, fetch }).rest
      .device('d--0001')
      .put({ label: 'Pump 1', active: true });
    await vi.advanceTimersByTimeAsync(1500);
    await expect(result).resolves.toEqual({ slug: 'd--0001' });
    expect(requests.map((r) => [r.method, r.body])).toEqual([
      ['PUT', '{"label":"Pump 1","active":true}'],
      ['PUT', '{"label":"Pump 1","active":true}'],
      ['PUT', '{"label":"Pump 1","active":true}'],
    ]);
  });

  it('cap each backoff delay at backoff.maxDelayMs', async () => {
    const { fetch, requests } = stubFetch((_r, i) => (i < 3 ? unavailable() : json({})));
    const api = new Api({
      domain: DOMAIN,
      fetch,
      retries: 3,
      backoff: { baseDelayMs: 1000, maxDelayMs: 1500 },
    });
    const result = api.get('/server/');
    await vi.advanceTimersByTimeAsync(1000); // 1000
    await vi.advanceTimersByTimeAsync(1500); // min(2000, 1500)
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1499); // min(4000, 1500)
    expect(requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(4);
    await expect(result).resolves.toEqual({});
  });
});

describe('Retry-After', () => {
  it('waits the seconds it asks for instead of the backoff', async () => {
    const { fetch, requests } = stubFetch((_r, i) =>
      i === 0 ? json({ detail: 'Request was throttled.' }, 429, { 'Retry-After': '3' }) : json({}),
    );
    const result = new Api({ domain: DOMAIN, fetch }).get('/server/');
    await vi.advanceTimersByTimeAsync(2999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await expect(result).resolves.toEqual({});
  });

  it('understands an HTTP date', async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const { fetch, requests } = stubFetch((_r, i) =>
      i === 0 ? unavailable({ 'Retry-After': at }) : json({}),
    );
    const result = new Api({ domain: DOMAIN, fetch }).get('/server/');
    await vi.advanceTimersByTimeAsync(4999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await expect(result).resolves.toEqual({});
  });

  it('is capped at backoff.maxRetryAfterMs (default 60 s)', async () => {
    const { fetch, requests } = stubFetch((_r, i) =>
      i === 0 ? unavailable({ 'Retry-After': '3600' }) : json({}),
    );
    const result = new Api({ domain: DOMAIN, fetch }).get('/server/');
    await vi.advanceTimersByTimeAsync(59_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual({});
    expect(requests).toHaveLength(2);
  });

  it('parses seconds, dates, and ignores garbage', () => {
    const now = Date.parse('2024-05-01T12:00:00Z');
    expect(parseRetryAfter('7', 60_000, now)).toBe(7000);
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:10 GMT', 60_000, now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', 60_000, now)).toBe(0);
    expect(parseRetryAfter('soon', 60_000, now)).toBeUndefined();
    expect(parseRetryAfter(null, 60_000, now)).toBeUndefined();
  });
});

describe('non-idempotent requests', () => {
  it('POST and PATCH are not retried by default', async () => {
    const { fetch, requests } = stubFetch(() => unavailable());
    const api = new Api({ domain: DOMAIN, fetch });
    await expect(api.rest.org.post({ name: 'Acme' })).rejects.toBeInstanceOf(HttpServerError);
    await expect(api.rest.org('acme').patch({ about: 'x' })).rejects.toBeInstanceOf(HttpServerError);
    expect(requests).toHaveLength(2);
  });

  it('are retried per call with retryNonIdempotent', async () => {
    const { fetch, requests } = stubFetch((_r, i) => (i === 0 ? unavailable() : json({ id: 1 }, 201)));
    const result = new Api({ domain: DOMAIN, fetch }).rest.org.post({ name: 'Acme' }, undefined, {
      retryNonIdempotent: true,
    });
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toEqual({ id: 1 });
    expect(requests.map((r) => r.body)).toEqual(['{"name":"Acme"}', '{"name":"Acme"}']);
  });

  it('are retried for the whole Api with the retryNonIdempotent option', async () => {
    const { fetch, requests } = stubFetch((_r, i) => (i === 0 ? unavailable() : json({ id: 1 }, 201)));
    const api = new Api({ domain: DOMAIN, fetch, retryNonIdempotent: true });
    const result = api.post('/org/', { body: { name: 'Acme', about: '' } });
    await vi.advanceTimersByTimeAsync(500);
    await expect(result).resolves.toEqual({ id: 1 });
    expect(requests).toHaveLength(2);
  });
});

it('stops waiting when the caller aborts during the backoff', async () => {
  const { fetch, requests } = stubFetch(() => unavailable());
  const controller = new AbortController();
  const result = new Api({ domain: DOMAIN, fetch })
    .get('/server/', { signal: controller.signal })
    .catch((e: unknown) => e);
  await vi.advanceTimersByTimeAsync(100);
  controller.abort(new Error('user cancelled'));
  const error = await result;
  expect(error).toBeInstanceOf(RequestAbortedError);
  expect((error as Error).message).toContain('aborted while waiting to retry');
  await vi.advanceTimersByTimeAsync(10_000);
  expect(requests).toHaveLength(1);
});

it('backoffDelay doubles, caps, and removes at most 25 % as jitter', () => {
  const options = { baseDelayMs: 500, maxDelayMs: 8000 };
  expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, options))).toEqual([
    500, 1000, 2000, 4000, 8000, 8000,
  ]);
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999);
  expect(backoffDelay(1, options)).toBe(750);
});

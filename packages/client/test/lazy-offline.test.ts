/**
 * The code of a failure (the typed errors of a failed request, the retries) is loaded on the first
 * failure. When it can not be loaded (a browser offline, a deploy that removed the chunk), the call
 * still fails, or answers, as plainly as it can: the request's `ConnectionError` naming the cause,
 * and the first outcome of a retryable request (as if no retry were left).
 */
import { expect, it, vi } from 'vitest';
import { ConnectionError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { DOMAIN } from './nock-setup.js';

vi.mock('../src/request-failure.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module: request-failure.js');
});
vi.mock('../src/retry-wait.js', () => {
  throw new TypeError('Failed to fetch dynamically imported module: retry-wait.js');
});

it('a failed request whose error code can not be loaded is its ConnectionError, naming why', async () => {
  const { fetch, requests } = stubFetch(() => {
    throw new TypeError('fetch failed');
  });
  const api = new Api({ domain: DOMAIN, fetch, token: 'secret-token' });
  const error = await api.GET('/org/').catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConnectionError);
  expect(error).toMatchObject({ method: 'GET', url: `${DOMAIN}/api/v1/org/` });
  expect((error as Error).message).toContain("the client's code for it could not be loaded");
  expect((error as Error).cause).toBeInstanceOf(Error);
  // A ConnectionError is worth a retry, but the retries can not be loaded either: one attempt.
  expect(requests).toHaveLength(1);
});

it('a retryable answer whose retries can not be loaded is the answer', async () => {
  const { fetch, requests } = stubFetch(() => json({ detail: 'busy' }, 503));
  const api = new Api({ domain: DOMAIN, fetch });
  const { response, error } = await api.GET('/org/');
  expect(response.status).toBe(503);
  expect(error).toEqual({ detail: 'busy' });
  expect(requests).toHaveLength(1);
});

/** The logger and `onRetry`: users see retries and requests, never the token. */

import { describe, expect, it, vi } from 'vitest';
import { Api, DEFAULT_RETRY_OPTIONS, type RetryEvent } from '../src/index.js';
import { json, stubFetch } from './helpers.js';

const API = 'https://iotile.test';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.bG9nZ2Vy.c2ln';

/** 503 (Retry-After: 0) then 200. */
function flaky() {
  return stubFetch((_, index) =>
    index === 0 ? new Response('busy', { status: 503, headers: { 'retry-after': '0' } }) : json({ ok: true }),
  );
}

function spy() {
  const lines: string[] = [];
  const logger = {
    error: (m: string) => lines.push(`error ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
    info: (m: string) => lines.push(`info ${m}`),
    debug: (m: string) => lines.push(`debug ${m}`),
  };
  return { logger, lines };
}

describe('onRetry and the logger', () => {
  it('onRetry sees each retry: method, redacted URL, status, delay', async () => {
    const events: RetryEvent[] = [];
    const { fetch } = flaky();
    const api = new Api({
      domain: API,
      fetch,
      token: TOKEN,
      onRetry: (event) => events.push(event),
      logLevel: 'off',
    });
    await api.rest.device.get({ access_token: 'secret-in-query' });
    expect(events).toEqual([
      {
        method: 'GET',
        url: `${API}/api/v1/device/?access_token=%5Bredacted%5D`,
        retry: 1,
        retries: 2,
        delayMs: 0,
        status: 503,
      },
    ]);
  });

  it('info logs retries, debug also requests; never the token', async () => {
    const { fetch } = flaky();
    const { logger, lines } = spy();
    const api = new Api({ domain: API, fetch, token: TOKEN, logger, logLevel: 'debug' });
    await api.rest.device.get();
    expect(lines).toEqual([
      `debug [iotile] GET ${API}/api/v1/device/ answered 503`,
      `info [iotile] retrying GET ${API}/api/v1/device/ in 0 ms (retry 1 of 2) because it answered 503`,
      `debug [iotile] GET ${API}/api/v1/device/ answered 200`,
    ]);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('the default level (warn) logs nothing for a retry; IOTILE_LOG sets the level', async () => {
    const { logger, lines } = spy();
    await new Api({ domain: API, fetch: flaky().fetch, logger }).rest.device.get();
    expect(lines).toEqual([]);
    vi.stubEnv('IOTILE_LOG', 'info');
    try {
      await new Api({ domain: API, fetch: flaky().fetch, logger }).rest.device.get();
    } finally {
      vi.unstubAllEnvs();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^info \[iotile\] retrying GET/);
  });

  it('DEFAULT_RETRY_OPTIONS is frozen', () => {
    expect(Object.isFrozen(DEFAULT_RETRY_OPTIONS)).toBe(true);
    expect(() => {
      (DEFAULT_RETRY_OPTIONS as { retries: number }).retries = 100;
    }).toThrow(TypeError);
  });
});

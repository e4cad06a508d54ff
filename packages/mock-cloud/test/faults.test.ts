/**
 * Fault injection. Every answer goes through the spec check (`checkedFetch`): injected 5xx and 429
 * answers must be what the spec declares (`5XX`/`429` with an optional `Retry-After`). Latency is
 * checked without a clock: the decisions are pure, and the server waits through an injected `sleep`.
 */
import { afterAll, describe, expect, it } from 'vitest';

import { FaultInjector } from '../src/faults.js';
import {
  AUTH_PATHS,
  type FaultOptions,
  MockInputError,
  MockIOTileCloud,
  type MockIOTileCloudOptions,
  RETRYABLE_STATUSES,
  type RunningServer,
} from '../src/index.js';
import { checkedFetch } from './support/spec-client.js';

type Outcome = number | 'reset';

/** `n` requests one after the other; a connection reset (fetch's TypeError) is recorded, anything else thrown. */
async function run(server: RunningServer, n: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push((await checkedFetch(`${server.url}/api/v1/server/`)).status);
    } catch (err) {
      if (!(err instanceof TypeError)) {
        throw err;
      }
      out.push('reset');
    }
  }
  return out;
}

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(options: MockIOTileCloudOptions) {
  const cloud = new MockIOTileCloud(options);
  const server = await cloud.start();
  servers.push(server);
  return { cloud, server };
}

describe('fault injection', () => {
  it('gives the same faults for the same seed, and different ones for another seed', async () => {
    const faults = { failRate: 0.3, resetRate: 0.1, seed: 42 };
    const a = await run((await serve({ faults })).server, 40);
    const b = await run((await serve({ faults })).server, 40);
    const c = await run((await serve({ faults: { ...faults, seed: 43 } })).server, 40);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).toContain(200);
    expect(a).toContain('reset');
    expect(a).toContain(500);
    expect(a).toContain(503);
  });

  it('fails about the requested share of requests', () => {
    const injector = new FaultInjector({ failRate: 0.25, seed: 7 });
    let failed = 0;
    for (let n = 1; n <= 4000; n++) {
      failed += injector.decide(n, 'GET', '/api/v1/device/').kind === 'status' ? 1 : 0;
    }
    expect(failed / 4000).toBeGreaterThan(0.22);
    expect(failed / 4000).toBeLessThan(0.28);
  });

  it('sends Retry-After with 503 and a JSON detail, and counts faults as errors', async () => {
    const { cloud, server } = await serve({
      faults: { failRate: 1, failStatuses: [503], retryAfterSeconds: 2 },
    });
    const res = await checkedFetch(`${server.url}/api/v1/server/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toEqual({ detail: 'Injected fault: HTTP 503.' });
    expect(cloud.faultCount).toBe(1);
    expect(cloud.errorCount).toBe(1);
  });

  it('sends Retry-After with 429 but not with 500, 502 or 504', async () => {
    const { server } = await serve({
      faults: { failRate: 1, failStatuses: [429, 500, 502, 504], retryAfterSeconds: 7, seed: 5 },
    });
    const seen = new Map<number, string | null>();
    for (let i = 0; i < 40 && seen.size < 4; i++) {
      const res = await checkedFetch(`${server.url}/api/v1/device/`);
      seen.set(res.status, res.headers.get('retry-after'));
    }
    expect(Object.fromEntries(seen)).toEqual({ 429: '7', 500: null, 502: null, 504: null });
  });

  it('leaves requests that do not match alone, and can be changed or turned off', async () => {
    const { cloud, server } = await serve({
      faults: { failRate: 1, match: (_method, path) => !path.startsWith('/api/v1/server/') },
    });
    expect((await checkedFetch(`${server.url}/api/v1/server/`)).status).toBe(200);
    expect((await checkedFetch(`${server.url}/api/v1/device/`)).status).toBeGreaterThanOrEqual(500);
    cloud.setFaults(null);
    expect((await checkedFetch(`${server.url}/api/v1/device/`)).status).toBe(401);
  });

  it('rejects invalid settings with a MockInputError naming the option', () => {
    const cases: Array<[FaultOptions, string]> = [
      [{ failRate: 2 }, 'faults.failRate'],
      [{ failRate: 0.7, resetRate: 0.5 }, 'faults.resetRate'],
      [{ failStatuses: [200] }, 'faults.failStatuses'],
      [{ failStatuses: [] }, 'faults.failStatuses'],
      [{ latencyMs: -1 }, 'faults.latencyMs'],
      [{ latencyJitterMs: Number.NaN }, 'faults.latencyJitterMs'],
      [{ latencyMs: 2 ** 31 }, 'faults.latencyMs'],
      [{ seed: 0.5 }, 'faults.seed'],
      [{ paths: '/auth/' as unknown as RegExp }, 'faults.paths'],
      [{ exceptPaths: null as unknown as RegExp, match: 'x' as unknown as () => boolean }, 'faults.match'],
    ];
    for (const [options, param] of cases) {
      let error: unknown;
      try {
        new FaultInjector(options);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(options)).toBeInstanceOf(MockInputError);
      expect((error as MockInputError).param).toBe(param);
    }
  });

  it('faults only the paths asked for, never the excepted ones', () => {
    const injector = new FaultInjector({ failRate: 1, paths: /\/data\/$/g, exceptPaths: AUTH_PATHS });
    const kinds = (path: string) =>
      new Set(Array.from({ length: 20 }, (_, i) => injector.decide(i + 1, 'GET', path).kind));
    expect(kinds('/api/v1/stream/s--0000-0001--0000-0000-0000-0001--5001/data/')).toEqual(
      new Set(['status']),
    );
    expect(kinds('/api/v1/data/')).toEqual(new Set(['status']));
    expect(kinds('/api/v1/device/')).toEqual(new Set(['none']));
    expect(kinds('/api/v1/auth/data/')).toEqual(new Set(['none']));
  });

  it('lets a client log in and page through a stream while retryable statuses hit everything else', async () => {
    const { Api } = await import('@iotile/client');
    const slug = 's--0000-0001--0000-0000-0000-0001--5001';
    const { cloud, server } = await serve({
      faults: {
        failRate: 0.3,
        failStatuses: RETRYABLE_STATUSES,
        retryAfterSeconds: 0,
        exceptPaths: AUTH_PATHS,
        seed: 11,
      },
    });
    cloud.quickAddUser();
    cloud.addSyntheticStream(slug, { count: 2000 });
    const api = new Api({ domain: server.url, retries: 8, backoff: { baseDelayMs: 1, maxDelayMs: 4 } });
    try {
      expect(await api.login({ email: 'test@arch-iot.com', password: 'test' })).toBe(true);
      const values: number[] = [];
      for await (const point of api.paginate('/stream/{slug}/data/', {
        params: { path: { slug }, query: { page_size: 100 } },
      })) {
        values.push(point.int_value as number);
      }
      expect(values).toEqual(Array.from({ length: 2000 }, (_, i) => i));
      // 20 pages and a login; the faults hit the pages only, and the client retried through all of them.
      expect(cloud.faultCount).toBeGreaterThan(3);
      expect(cloud.requestCount).toBe(21 + cloud.faultCount);
    } finally {
      await api.close();
    }
  });
});

describe('latency', () => {
  const delays = (injector: FaultInjector, count: number, path = '/api/v1/server/') =>
    Array.from({ length: count }, (_, i) => injector.decide(i + 1, 'GET', path).delayMs);

  it('adds latencyMs to every request: answered, faulted, reset or not matched', () => {
    const injector = new FaultInjector({
      latencyMs: 120,
      failRate: 0.3,
      resetRate: 0.3,
      match: (_method, path) => path !== '/api/v1/server/',
    });
    const kinds = new Set<string>();
    for (let n = 1; n <= 200; n++) {
      const decision = injector.decide(n, 'GET', '/api/v1/device/');
      kinds.add(decision.kind);
      expect(decision.delayMs).toBe(120);
    }
    expect(kinds).toEqual(new Set(['none', 'status', 'reset']));
    expect(new Set(delays(injector, 50))).toEqual(new Set([120]));
  });

  it('adds a jitter from 0 to latencyJitterMs whole milliseconds, chosen by the seed', () => {
    const options = { latencyMs: 100, latencyJitterMs: 20, seed: 11 };
    const a = delays(new FaultInjector(options), 2000);
    expect(a.every((ms) => Number.isInteger(ms) && ms >= 100 && ms <= 120)).toBe(true);
    // Every value of the range comes up (21 values, 2000 draws).
    expect(new Set(a).size).toBe(21);
    expect(delays(new FaultInjector(options), 2000)).toEqual(a);
    expect(delays(new FaultInjector({ ...options, seed: 12 }), 2000)).not.toEqual(a);
    expect(delays(new FaultInjector({ latencyMs: 100, seed: 11 }), 100)).toEqual(Array(100).fill(100));
  });

  it('holds each response until the sleep for its latency resolves', async () => {
    const faults = { latencyMs: 100, latencyJitterMs: 20, seed: 9 };
    const requested: number[] = [];
    let release: () => void = () => undefined;
    let firstSleepStarted: () => void = () => undefined;
    const firstSleep = new Promise<void>((resolve) => {
      firstSleepStarted = resolve;
    });
    const { cloud, server } = await serve({
      faults,
      sleep: (ms) => {
        requested.push(ms);
        if (requested.length > 1) {
          return Promise.resolve();
        }
        firstSleepStarted();
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    let firstAnswered = false;
    const first = checkedFetch(`${server.url}/api/v1/server/`).then((res) => {
      firstAnswered = true;
      return res;
    });
    await firstSleep;
    // A second request makes a whole round trip while the first one is still held by its sleep.
    expect((await checkedFetch(`${server.url}/api/v1/server/`)).status).toBe(200);
    expect(firstAnswered).toBe(false);
    release();
    expect((await first).status).toBe(200);
    const injector = new FaultInjector(faults);
    expect(requested).toEqual([1, 2].map((n) => injector.decide(n, 'GET', '/api/v1/server/').delayMs));
    // No latency configured: the server does not sleep at all.
    cloud.setFaults(null);
    expect((await checkedFetch(`${server.url}/api/v1/server/`)).status).toBe(200);
    expect(requested).toHaveLength(2);
  });
});

import { afterAll, describe, expect, it } from 'vitest';

import { FaultInjector } from '../src/faults.js';
import { MockIOTileCloud, type RunningServer } from '../src/index.js';

type Outcome = number | 'reset';

async function run(server: RunningServer, n: number): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await fetch(`${server.url}/api/v1/server/`);
      await res.arrayBuffer();
      out.push(res.status);
    } catch {
      out.push('reset');
    }
  }
  return out;
}

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(options: ConstructorParameters<typeof MockIOTileCloud>[0]) {
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
    expect(a.some((x) => x === 500 || x === 503)).toBe(true);
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
    const res = await fetch(`${server.url}/api/v1/server/`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ detail: 'Injected fault: HTTP 503.' });
    expect(cloud.faultCount).toBe(1);
    expect(cloud.errorCount).toBe(1);
  });

  it('leaves requests that do not match alone, and can be changed or turned off', async () => {
    const { cloud, server } = await serve({
      faults: { failRate: 1, match: (_method, path) => !path.startsWith('/api/v1/server/') },
    });
    expect((await fetch(`${server.url}/api/v1/server/`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/device/`)).status).toBeGreaterThanOrEqual(500);
    cloud.setFaults(null);
    expect((await fetch(`${server.url}/api/v1/device/`)).status).toBe(401);
  });

  it('adds latency to every request', async () => {
    const { server } = await serve({ faults: { latencyMs: 120 } });
    const started = performance.now();
    await (await fetch(`${server.url}/api/v1/server/`)).arrayBuffer();
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('rejects invalid settings', () => {
    expect(() => new FaultInjector({ failRate: 2 })).toThrow(RangeError);
    expect(() => new FaultInjector({ failRate: 0.7, resetRate: 0.5 })).toThrow(/exceed 1/);
    expect(() => new FaultInjector({ failStatuses: [200] })).toThrow(/failStatuses/);
    expect(() => new FaultInjector({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});

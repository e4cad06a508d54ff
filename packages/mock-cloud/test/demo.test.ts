/**
 * The built-in demo data set: a deployment a new user can log in to and explore, with every response
 * checked against the spec, the same readings on every load, and a POD-1M trip as the Python example
 * `get-pod1m-trip-data` reads it.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import {
  DEMO_DEVICES,
  DEMO_FLEET,
  DEMO_ORG,
  DEMO_PROJECTS,
  DEMO_STREAMS,
  DEMO_TRIP,
  DEMO_USER,
  DEMO_YEAR,
  demoFixture,
  MockIOTileCloud,
  type RunningServer,
} from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

interface Point {
  timestamp: string;
  int_value: number;
  value: number;
  output_value: number;
  streamer_local_id: number;
}

async function startDemo(options: ConstructorParameters<typeof MockIOTileCloud>[0] = { demo: true }) {
  const cloud = new MockIOTileCloud(options);
  const server = await cloud.start({ port: 0 });
  const client = new SpecClient(server.url);
  return { cloud, server, client };
}

let server: RunningServer;
let client: SpecClient;
let cloud: MockIOTileCloud;
beforeAll(async () => {
  ({ cloud, server, client } = await startDemo());
  expect((await client.login(DEMO_USER.email, DEMO_USER.password)).status).toBe(200);
  return () => server.close();
});

/** Every page of a list, following `next`. */
async function all<T>(path: string, query: Record<string, string | number> = {}): Promise<T[]> {
  const out: T[] = [];
  let res = await client.get(path, query);
  expect(res.status).toBe(200);
  if (Array.isArray(res.body)) {
    return res.body;
  }
  out.push(...res.body.results);
  while (res.body.next) {
    res = await client.get(res.body.next);
    expect(res.status).toBe(200);
    out.push(...res.body.results);
  }
  return out;
}

describe('the demo user', () => {
  it('logs in with the documented credentials, and not with a wrong password', async () => {
    const other = new SpecClient(server.url);
    const res = await other.login(DEMO_USER.email, DEMO_USER.password);
    expect(res.body).toMatchObject({
      email: DEMO_USER.email,
      username: DEMO_USER.username,
      name: DEMO_USER.name,
    });
    expect((await other.login(DEMO_USER.email, 'wrong')).status).toBe(401);
  });
});

describe('the deployment', () => {
  it('has an org with two projects, six devices, streams, a fleet, streamers and reports', async () => {
    expect((await all<{ slug: string }>('/org/')).map((o) => o.slug)).toEqual([DEMO_ORG.slug]);
    const projects = await all<{ id: string; slug: string }>(`/org/${DEMO_ORG.slug}/projects/`);
    expect(projects.map((p) => p.slug).sort()).toEqual([
      DEMO_PROJECTS.plant.slug,
      DEMO_PROJECTS.shipping.slug,
    ]);
    const devices = await all<{ slug: string; sg: string; template: string; label: string }>('/device/');
    expect(devices.map((d) => d.slug).sort()).toEqual(Object.values(DEMO_DEVICES).sort());
    for (const d of devices) {
      expect(d.label).not.toBe('');
      expect((await client.get(`/sg/${d.sg}/`)).status).toBe(200);
      expect((await client.get(`/dt/${d.template}/`)).status).toBe(200);
    }
    const streams = await all<{ slug: string }>('/stream/');
    expect(streams.map((s) => s.slug)).toEqual(expect.arrayContaining(Object.values(DEMO_STREAMS)));
    expect(await all('/fleet/')).toHaveLength(1);
    expect(await all(`/fleet/${DEMO_FLEET}/devices/`)).toHaveLength(4);
    expect((await all('/streamer/')).length).toBeGreaterThanOrEqual(6);
    const reports = await all<{ actual_first_id: number; actual_last_id: number }>(
      `/streamer/t--${DEMO_DEVICES.mainInflow.slice(3)}--0000/report/`,
    );
    expect(reports).toHaveLength(12);
    expect(reports[0]?.actual_first_id).toBe(1);
    expect(reports.at(-1)?.actual_last_id).toBe(DEMO_YEAR.count);
    expect((await all('/streamer/report/')).length).toBe(49);
    expect((await all('/vartype/')).length).toBe(4);
  });

  it('has properties and notes', async () => {
    expect((await all('/property/', { target: DEMO_DEVICES.mainInflow })).length).toBe(3);
    expect((await all('/property/', { target: DEMO_PROJECTS.plant.slug })).length).toBe(1);
    expect((await client.get(`/device/${DEMO_DEVICES.pallet17}/properties/`)).body).toHaveLength(2);
    const notes = await all<{ note: string; user_info: { username: string } }>('/note/', {
      target: DEMO_TRIP.device,
    });
    expect(notes).toHaveLength(3);
    expect(notes[0]?.user_info.username).toBe(`@${DEMO_USER.username}`);
  });

  it('finds the same streams by project, by device and by stream (a report by any source)', async () => {
    const byProject = await all<{ slug: string }>('/stream/', { project: DEMO_PROJECTS.plant.slug });
    const byDevice: string[] = [];
    for (const device of [
      DEMO_DEVICES.mainInflow,
      DEMO_DEVICES.coolingTower,
      DEMO_DEVICES.irrigation,
      DEMO_DEVICES.boilerRoom,
    ]) {
      byDevice.push(...(await all<{ slug: string }>('/stream/', { device })).map((s) => s.slug));
    }
    expect(byProject.map((s) => s.slug).sort()).toEqual(byDevice.sort());
    expect(byDevice).toHaveLength(4);
  });
});

describe('a year of 15-minute data', () => {
  it('pages through every reading of a stream, in order, with no gap', async () => {
    const points = await all<Point>(`/stream/${DEMO_STREAMS.mainInflowVolume}/data/`, { page_size: 10_000 });
    expect(points).toHaveLength(DEMO_YEAR.count);
    expect(points[0]?.timestamp).toBe(DEMO_YEAR.start);
    expect(points.at(-1)?.timestamp).toBe('2025-12-31T23:45:00Z');
    const start = Date.parse(DEMO_YEAR.start);
    points.forEach((p, i) => {
      if (Date.parse(p.timestamp) !== start + i * DEMO_YEAR.intervalSeconds * 1000) {
        throw new Error(`reading ${i} is at ${p.timestamp}`);
      }
    });
    expect(new Set(points.map((p) => p.int_value)).size).toBeGreaterThan(20);
  });

  it('stores values in the input unit and shows them in the output unit (gallons, m3, litres, °F)', async () => {
    const first = async (slug: string) =>
      (await client.get(`/stream/${slug}/data/`, { start: '2025-07-01T12:00:00Z', lastn: 1 })).body
        .results[0] as Point;
    const gallons = await first(DEMO_STREAMS.mainInflowVolume);
    expect(gallons.value).toBeCloseTo(gallons.int_value * 3.78541, 9);
    expect(gallons.output_value).toBeCloseTo(gallons.int_value, 9);
    const cubic = await first(DEMO_STREAMS.coolingTowerVolume);
    expect(cubic.value).toBe(cubic.int_value);
    expect(cubic.output_value).toBeCloseTo(cubic.int_value / 1000, 12);
    const litres = await first(DEMO_STREAMS.irrigationVolume);
    expect(litres.output_value).toBeCloseTo(litres.int_value * 3.78541, 9);
    const fahrenheit = await first(DEMO_STREAMS.boilerTemperature);
    expect(fahrenheit.value).toBeCloseTo(fahrenheit.int_value / 100, 12);
    expect(fahrenheit.output_value).toBeCloseTo((fahrenheit.int_value / 100) * 1.8 + 32, 9);
    const units = await client.get(`/stream/${DEMO_STREAMS.coolingTowerVolume}/`);
    expect(units.body.input_unit).toMatchObject({ unit_short: 'L', m: 1, d: 1 });
    expect(units.body.output_unit).toMatchObject({ unit_short: 'm3', m: 1, d: 1000 });
  });

  it('irrigates only in season', async () => {
    const winter = await client.get(`/stream/${DEMO_STREAMS.irrigationVolume}/data/`, {
      start: '2025-01-01T00:00:00Z',
      end: '2025-02-01T00:00:00Z',
      page_size: 20_000,
    });
    expect(winter.body.results.every((p: Point) => p.int_value === 0)).toBe(true);
    const summer = await client.get(`/stream/${DEMO_STREAMS.irrigationVolume}/data/`, {
      start: '2025-07-01T00:00:00Z',
      end: '2025-08-01T00:00:00Z',
      page_size: 20_000,
    });
    expect(summer.body.results.some((p: Point) => p.int_value > 0)).toBe(true);
  });
});

describe('the POD-1M trip', () => {
  const last = async (kind: 'data' | 'event', slug: string) => {
    const res = await client.get(`/${kind}/`, { filter: slug, lastn: 1 });
    expect(res.body.count).toBe(1);
    return res.body.results[0];
  };

  it('has start and end points, the environment every 15 minutes, shocks and a summary', async () => {
    const start = (await last('data', DEMO_STREAMS.tripStart)).timestamp;
    const end = (await last('data', DEMO_STREAMS.tripEnd)).timestamp;
    expect([start, end]).toEqual([DEMO_TRIP.start, DEMO_TRIP.end]);
    const device = await client.get(`/device/${DEMO_TRIP.device}/`);
    expect((await client.get(`/project/${device.body.project}/`)).body.slug).toBe(
      DEMO_PROJECTS.shipping.slug,
    );

    const expected = (Date.parse(end) - Date.parse(start)) / 900_000;
    const env: Record<string, Point[]> = {};
    for (const key of ['pressure', 'humidity', 'temperature'] as const) {
      const res = await client.get(`/stream/${DEMO_STREAMS[key]}/data/`, { start, end, page_size: 5000 });
      expect(res.body.count).toBe(expected);
      env[key] = res.body.results;
    }
    const shocks = await client.get('/event/', { filter: DEMO_STREAMS.shocks, start, end, page_size: 5000 });
    expect(shocks.body.count).toBe(DEMO_TRIP.shockCount);
    const peaks = shocks.body.results.map((e: { extra_data: { peak: number } }) => e.extra_data.peak);
    const max = shocks.body.results.find(
      (e: { extra_data: { peak: number } }) => e.extra_data.peak === Math.max(...peaks),
    );
    const waveform = await client.get(`/event/${max.id}/data/`);
    for (const axis of ['x', 'y', 'z']) {
      expect(waveform.body.acceleration_data[axis]).toHaveLength(64);
    }
    expect(Math.max(...waveform.body.acceleration_data[max.extra_data.axis].map(Math.abs))).toBe(
      max.extra_data.peak,
    );

    const summary = (await last('event', DEMO_STREAMS.tripSummary)).extra_data;
    expect(summary['Max Peak (G)']).toBe(Math.max(...peaks));
    expect(summary['Event Count']).toBe(DEMO_TRIP.shockCount);
    const temps = (env.temperature ?? []).map((p) => p.output_value);
    expect(summary['Max Temp (C)']).toBeCloseTo(Math.max(...temps), 2);
    expect(summary['Min Pressure (Mbar)']).toBeCloseTo(
      Math.min(...(env.pressure ?? []).map((p) => p.output_value)),
      2,
    );
  });
});

describe('determinism', () => {
  it('serves the same readings and events from two separate loads', async () => {
    const other = await startDemo();
    try {
      await other.client.login(DEMO_USER.email, DEMO_USER.password);
      for (const [path, query] of [
        [`/stream/${DEMO_STREAMS.coolingTowerVolume}/data/`, { page: 3, page_size: 2000 }],
        [`/stream/${DEMO_STREAMS.humidity}/data/`, {}],
        ['/event/', { filter: DEMO_STREAMS.shocks }],
        ['/streamer/report/', {}],
      ] as const) {
        const a = await client.get(path, query);
        const b = await other.client.get(path, query);
        expect(b.text).toBe(a.text.replaceAll(server.url, other.server.url));
      }
    } finally {
      await other.server.close();
    }
  });

  it('gives the same fixture every time, and other readings for another seed', () => {
    const a = demoFixture();
    expect(JSON.stringify(demoFixture())).toBe(JSON.stringify(a));
    const seeded = demoFixture({ seed: 7 });
    expect(seeded.data?.[DEMO_STREAMS.mainInflowVolume]).not.toEqual(a.data?.[DEMO_STREAMS.mainInflowVolume]);
    expect(seeded.devices).toEqual(a.devices);
  });

  it('demoFixture() holds the readings the demo serves', async () => {
    const fixture = demoFixture();
    const points = fixture.data?.[DEMO_STREAMS.boilerTemperature] ?? [];
    expect(points).toHaveLength(DEMO_YEAR.count);
    const page = await client.get(`/stream/${DEMO_STREAMS.boilerTemperature}/data/`, {
      page: 2,
      page_size: 20_000,
    });
    page.body.results.forEach((p: Point, i: number) => {
      expect(points[20_000 + i]).toMatchObject({
        timestamp: p.timestamp,
        int_value: p.int_value,
        value: p.value,
        streamer_local_id: p.streamer_local_id,
      });
    });
    // Loaded as a plain fixture, it serves the same page.
    const loaded = await startDemo({ data: fixture });
    try {
      await loaded.client.login(DEMO_USER.email, DEMO_USER.password);
      const again = await loaded.client.get(`/stream/${DEMO_STREAMS.boilerTemperature}/data/`, {
        page: 2,
        page_size: 20_000,
      });
      expect(again.text).toBe(page.text.replaceAll(server.url, loaded.server.url));
      const events = await loaded.client.get('/event/', { filter: DEMO_STREAMS.shocks });
      expect(events.text).toBe(
        (await client.get('/event/', { filter: DEMO_STREAMS.shocks })).text.replaceAll(
          server.url,
          loaded.server.url,
        ),
      );
    } finally {
      await loaded.server.close();
    }
  });

  it('comes back after reset(), under other fixtures', () => {
    cloud.addData({ orgs: [{ slug: 'extra-org' }] });
    expect(cloud.list('org')).toHaveLength(2);
    cloud.reset();
    expect(cloud.list('org').map((o) => o.slug)).toEqual([DEMO_ORG.slug]);
    expect(cloud.dataCount(DEMO_STREAMS.mainInflowVolume)).toBe(DEMO_YEAR.count);
    const both = new MockIOTileCloud({ demo: true, data: { users: { 'x@example.com': 'pw' } } });
    expect(both.list('account')).toHaveLength(2);
  });
});

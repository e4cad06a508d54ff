/**
 * Every example, run against the demo cloud (`new MockIOTileCloud({ demo: true })` on 127.0.0.1), as a
 * function and, for the command line, as the script a user runs. What each prints and returns is checked
 * against the demo's own data.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  DEMO_DEVICES,
  DEMO_ORG,
  DEMO_PROJECTS,
  DEMO_STREAMS,
  DEMO_TRIP,
  DEMO_USER,
  DEMO_YEAR,
  demoFixture,
  MockIOTileCloud,
  type RunningServer,
} from '@iotile/mock-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main as basic } from '../src/basic.js';
import { main as csvExport } from '../src/csv-export.js';
import { main as pod1mTrip } from '../src/pod1m-trip.js';
import { main as reportGenerator } from '../src/report-generator.js';
import type { Connection } from '../src/session.js';

let server: RunningServer;
let connection: Connection;
let dir: string;
const cloud = new MockIOTileCloud({ demo: true });

beforeAll(async () => {
  server = await cloud.start({ port: 0 });
  connection = { domain: server.url, email: DEMO_USER.email, password: DEMO_USER.password };
  dir = await mkdtemp(join(tmpdir(), 'iotile-examples-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function lines() {
  const out: string[] = [];
  return { out, log: (line: string) => out.push(line) };
}

/** What the server shows as output values: `o + value * m / d` with the stream's output unit. */
function outputValues(slug: string, from: string, to: string): number[] {
  const fixture = demoFixture();
  const unit = fixture.streams?.find((s) => s.slug === slug)?.output_unit;
  const { m = 1, d = 1, o = 0 } = unit ?? {};
  return (fixture.data?.[slug] ?? [])
    .filter((p) => p.timestamp >= from && p.timestamp < to)
    .map((p) => (o ?? 0) + ((p.value ?? 0) * (m ?? 1)) / (d ?? 1));
}

describe('basic', () => {
  it('lists the orgs with their projects, then the last 10 points of the stream', async () => {
    const { out, log } = lines();
    const result = await basic(connection, DEMO_STREAMS.mainInflowVolume, log);
    expect(result.orgs).toEqual([
      {
        name: DEMO_ORG.name,
        projects: expect.arrayContaining([DEMO_PROJECTS.plant.name, DEMO_PROJECTS.shipping.name]),
      },
    ]);
    expect(result.points).toHaveLength(10);
    expect(result.points.at(-1)?.timestamp).toBe('2025-12-31T23:45:00Z');
    const expected = outputValues(DEMO_STREAMS.mainInflowVolume, '2025-12-31T21:30:00Z', DEMO_YEAR.end);
    expect(result.points.map((p) => p.outputValue)).toEqual(expected);
    expect(out[0]).toBe(`I am a member of ${DEMO_ORG.name}`);
    expect(out).toContain(` --> Project: ${DEMO_PROJECTS.plant.name}`);
    expect(out).toContain(`2025-12-31T23:45:00Z: ${expected.at(-1)}`);
  });

  it('refuses a malformed stream slug before logging in', async () => {
    const before = cloud.requestCount;
    await expect(basic(connection, 's--nope', () => {})).rejects.toThrow(/stream/i);
    expect(cloud.requestCount).toBe(before);
  });

  it('says why when the password is wrong', async () => {
    await expect(
      basic({ ...connection, password: 'wrong' }, DEMO_STREAMS.mainInflowVolume, () => {}),
    ).rejects.toThrow(/login failed/);
  });
});

describe('report generator', () => {
  it('adds up the output values of the streams of a project, a device and a stream, each once', async () => {
    const { out, log } = lines();
    const [start, end] = ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'];
    const report = await reportGenerator(
      connection,
      [DEMO_PROJECTS.plant.slug, DEMO_DEVICES.pallet17, DEMO_STREAMS.mainInflowVolume],
      start,
      end,
      log,
    );
    // January: the four plant streams (the trip is in November; irrigation is off but has points).
    expect(Object.keys(report.streams).sort()).toEqual(
      [
        DEMO_STREAMS.mainInflowVolume,
        DEMO_STREAMS.coolingTowerVolume,
        DEMO_STREAMS.irrigationVolume,
        DEMO_STREAMS.boilerTemperature,
      ].sort(),
    );
    let total = 0;
    for (const [slug, { sum, units }] of Object.entries(report.streams)) {
      const expected = outputValues(slug, start, end).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(expected, 6);
      total += sum;
      expect(units).toBe(
        {
          [DEMO_STREAMS.mainInflowVolume]: 'G',
          [DEMO_STREAMS.coolingTowerVolume]: 'm3',
          [DEMO_STREAMS.irrigationVolume]: 'L',
          [DEMO_STREAMS.boilerTemperature]: 'F',
        }[slug],
      );
    }
    expect(report.streams[DEMO_STREAMS.irrigationVolume]?.sum).toBe(0);
    expect(report.total).toBeCloseTo(total, 6);
    expect(out.at(-1)).toBe(`  total: ${report.total.toFixed(2)}`);
  });

  it('fails with the reason when no source has a stream', async () => {
    await expect(
      reportGenerator(connection, ['d--0fff'], '2025-01-01', '2025-02-01', () => {}),
    ).rejects.toThrow(/No streams were found/);
  });
});

describe('POD-1M trip data', () => {
  it('reads the trip: range, summary, environment, shocks and the strongest waveform', async () => {
    const { out, log } = lines();
    const trip = await pod1mTrip(connection, 'd--0b01', log);
    expect(trip).not.toBeNull();
    const fixture = demoFixture();
    const shocks = (fixture.events ?? []).filter((e) => e.stream === DEMO_STREAMS.shocks);
    const peaks = shocks.map((e) => (e.extra_data as { peak: number }).peak);
    const points = (Date.parse(DEMO_TRIP.end) - Date.parse(DEMO_TRIP.start)) / 900_000;
    expect(trip).toMatchObject({
      device: { slug: DEMO_TRIP.device, label: 'Pallet 17' },
      start: DEMO_TRIP.start,
      end: DEMO_TRIP.end,
      pressure: points,
      humidity: points,
      temperature: points,
      shocks: DEMO_TRIP.shockCount,
      maxPeak: { peak: Math.max(...peaks), samples: { x: 64, y: 64, z: 64 } },
    });
    expect(trip?.summary?.['Max Peak (G)']).toBe(Math.max(...peaks));
    expect(out).toContain(`Processing Trip from ${DEMO_TRIP.start} to ${DEMO_TRIP.end}`);
    expect(out).toContain(`Got ${points} temperature data records`);
    expect(out).toContain(`Got ${DEMO_TRIP.shockCount} shock event records`);
    expect(out).toContain('Got max peak waveform with 64 x, 64 y and 64 z points');
  });

  it('answers null for a device without a trip, and names a device that does not exist', async () => {
    const { out, log } = lines();
    expect(await pod1mTrip(connection, DEMO_DEVICES.pallet18, log)).toBeNull();
    expect(out).toEqual(['Pallet 18 (d--0000-0000-0000-0b02) has no finished trip']);
    await expect(pod1mTrip(connection, 'd--0fff', () => {})).rejects.toThrow(
      'Device not found: d--0000-0000-0000-0fff',
    );
  });
});

describe('CSV export', () => {
  it('writes a year of a stream to a file, every point, with no temporary file left', async () => {
    const file = join(dir, 'inflow.csv');
    const { out, log } = lines();
    const result = await csvExport(connection, DEMO_STREAMS.coolingTowerVolume, file, {}, log);
    expect(result.rows).toBe(DEMO_YEAR.count);
    const text = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(text).toHaveLength(DEMO_YEAR.count + 1);
    expect(text[0]).toBe('timestamp,value,output_value');
    const first = fixtureRow(DEMO_STREAMS.coolingTowerVolume, 0);
    expect(text[1]).toBe(`${DEMO_YEAR.start},${first.value},${first.value / 1000}`);
    expect(text.at(-1)?.startsWith('2025-12-31T23:45:00Z,')).toBe(true);
    expect(await readdir(dir)).toEqual(['inflow.csv']);
    expect(out).toEqual([`Wrote ${DEMO_YEAR.count} points of ${DEMO_STREAMS.coolingTowerVolume} to ${file}`]);
  });

  it('writes a window', async () => {
    const file = join(dir, 'trip.csv');
    const result = await csvExport(
      connection,
      DEMO_STREAMS.temperature,
      file,
      { start: DEMO_TRIP.start, end: '2025-11-04T08:00:00Z' },
      () => {},
    );
    expect(result.rows).toBe(96);
  });
});

function fixtureRow(slug: string, index: number) {
  const row = demoFixture().data?.[slug]?.[index];
  if (!row || row.value === undefined || row.value === null) {
    throw new Error(`no row ${index} of ${slug}`);
  }
  return { value: row.value };
}

describe('from the command line', () => {
  const script = (name: string) => fileURLToPath(new URL(`../src/${name}.ts`, import.meta.url));

  async function run(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: { ...process.env, IOTILE_DOMAIN: '', IOTILE_EMAIL: '', IOTILE_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const [code] = await once(child, 'close');
    return { code, stdout, stderr };
  }

  it('runs with the server and account from the environment, the password never on the command line', async () => {
    const res = await run([script('basic'), '--email', DEMO_USER.email, DEMO_STREAMS.boilerTemperature], {
      IOTILE_DOMAIN: server.url,
      IOTILE_PASSWORD: DEMO_USER.password,
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`I am a member of ${DEMO_ORG.name}`);
    expect(res.stdout).toContain('2025-12-31T23:45:00Z: ');
  });

  it('exits 2 for bad usage and 1 for a failure, with one line on stderr', async () => {
    const usage = await run([script('pod1m-trip')], { IOTILE_DOMAIN: server.url });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: pod1m-trip');
    const failure = await run([script('pod1m-trip'), 'd--0fff'], {
      IOTILE_DOMAIN: server.url,
      IOTILE_EMAIL: DEMO_USER.email,
      IOTILE_PASSWORD: DEMO_USER.password,
    });
    expect(failure.code).toBe(1);
    expect(failure.stderr).toBe('Error: Device not found: d--0000-0000-0000-0fff\n');
  });
});

/**
 * The README's examples (the Python README's, rewritten), run against `@iotile/mock-cloud`. Each
 * function body below is a README block, verbatim; the last test checks that they stay the same.
 * `new Api()` talks to https://iotile.cloud: `fetch` is redirected to the mock server for the test.
 */
/* biome-ignore-all lint/suspicious/noConsole: README examples print */

import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '@iotile/client';
import { MdoHelper } from '@iotile/mdo';
import { MockIOTileCloud, type RunningServer } from '@iotile/mock-cloud';
import { expectReadmeBlocksIn, redirectingFetch } from '@iotile-internal/readme-examples';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  downloadDataFrame,
  RawData,
  StreamData,
  StreamInputError,
  writeCsv,
  writeNdjson,
} from '../src/index.js';

async function gettingStreamData() {
  const api = new Api();
  const ok = await api.login({ email: 'joe@example.com', password: process.env.IOTILE_PASSWORD ?? '' });
  if (!ok) {
    throw new Error('login failed');
  }

  const streamId = 's--0000-5555--0000-5555-5555-5555--5555';
  const streamData = new StreamData(streamId, api);

  // Get the last 100 entries
  await streamData.initializeFromServer({ lastn: 100 });
  for (const item of streamData.data) {
    console.log(`${item.timestamp}: ${item.value}`);
  }

  // Get entries from 2016-01-01 to 2016-01-30 (UTC times; Date objects work too)
  await streamData.initializeFromServer({
    start: '2016-01-01T00:00:00.000Z',
    end: '2016-01-30T23:00:00.000Z',
  });
  console.log(`${streamData.data.length} entries in January`);
  return { api, streamId };
}

async function subclassing(api: Api, streamId: string) {
  class MyStreamData extends StreamData {
    analyze(): void {
      const values = this.data.map((row) => row.value ?? Number.NaN);
      console.log('==================================');
      console.log(`Count = ${values.length}`);
      console.log(`Mean  = ${values.reduce((sum, value) => sum + value, 0) / values.length}`);
      console.log(`Max   = ${Math.max(...values)}`);
      console.log(`Min   = ${Math.min(...values)}`);
      console.log('==================================');
    }
  }

  const myData = new MyStreamData(streamId, api);
  await myData.initializeFromServer({ lastn: 1000 });
  myData.analyze();
}

async function largeDownloads(api: Api, streamId: string) {
  let total = 0;
  let count = 0;
  for await (const point of new StreamData(streamId, api).iterate({ start: '2016-01-01' })) {
    total += point.output_value ?? 0;
    count++;
    if (count === 1_000_000) {
      break; // requests in flight are cancelled, nothing more is fetched
    }
  }
  console.log(`${count} points, total ${total}`);
}

async function unitConversion(api: Api) {
  const stream = await api.get('/stream/{slug}/', {
    params: { path: { slug: 's--0000-0001--0000-0000-0000-0001--5001' } },
  });
  const mdo = MdoHelper.fromUnit(stream.output_unit);

  const rawData = new RawData(api);
  await rawData.initializeFromServer({ filter: stream.slug, lastn: 100 });
  for (const item of rawData.data) {
    console.log(`${item.timestamp}: ${mdo && item.value !== null ? mdo.compute(item.value) : item.value}`);
  }

  // The same with convert: true (for a d-- filter, each point gets its own stream's unit)
  for await (const item of new RawData(api).iterate({ filter: stream.slug, lastn: 100 }, { convert: true })) {
    console.log(`${item.timestamp}: ${item.converted_value}`);
  }
}

async function exporting(api: Api, streamId: string) {
  const csv = await writeCsv(new StreamData(streamId, api).iterate(), createWriteStream('stream.csv'), {
    columns: ['timestamp', 'value', 'output_value'],
  });
  const ndjson = await writeNdjson(
    new StreamData(streamId, api).iteratePages(),
    createWriteStream('stream.ndjson'),
  );
  const frame = await downloadDataFrame(
    api,
    { filter: streamId, apply_mdo: true },
    createWriteStream('stream-df.csv'),
  );
  console.log(`${csv.rows} CSV rows, ${ndjson.rows} NDJSON lines, ${frame.bytes} bytes from /df/`);
}

function errors(api: Api) {
  try {
    new StreamData('s--0001', api);
  } catch (error) {
    if (error instanceof StreamInputError) {
      console.log(error.param); // 'streamId'
      console.log(error.message);
    }
  }
}

// ---- the test harness ------------------------------------------------------------------------------

const STREAM = 's--0000-5555--0000-5555-5555-5555--5555';
const RAW_STREAM = 's--0000-0001--0000-0000-0000-0001--5001';
const POINTS = 2000;

let server: RunningServer;
let workdir: string;
let output: string[];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  const cloud = new MockIOTileCloud();
  cloud.quickAddUser('joe@example.com', 'readme-password');
  cloud.addSyntheticStream(STREAM, {
    count: POINTS,
    start: '2016-01-01T00:00:00Z',
    intervalSeconds: 3600,
    value: (i) => i % 50,
  });
  cloud.addData({
    streams: [
      {
        slug: RAW_STREAM,
        output_unit: { slug: 'out--l', unit_full: 'Liters', unit_short: 'L', m: 2, d: 1, o: 0.5 },
      },
    ],
  });
  cloud.addSyntheticStream(RAW_STREAM, { count: 150, start: '2020-01-01T00:00:00Z', value: (i) => i });
  server = await cloud.start({ port: 0 });
  workdir = await mkdtemp(join(tmpdir(), 'iotile-stream-readme-'));
});

afterAll(async () => {
  await server?.close();
  await rm(workdir, { recursive: true, force: true });
});

beforeEach(() => {
  vi.stubEnv('IOTILE_PASSWORD', 'readme-password');
  // https://iotile.cloud -> the mock server, so `new Api()` can be used as written.
  vi.stubGlobal('fetch', redirectingFetch('https://iotile.cloud', server.url, realFetch));
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    output.push(args.map(String).join(' '));
  });
  return () => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  };
});

const stamp = (i: number) => `${new Date(Date.UTC(2016, 0, 1) + i * 3_600_000).toISOString().slice(0, 19)}Z`;

describe('README examples', () => {
  it('getting stream data: lastn and start/end', async () => {
    await gettingStreamData();
    expect(output.slice(0, 100)).toEqual(
      Array.from({ length: 100 }, (_, k) => `${stamp(POINTS - 100 + k)}: ${(POINTS - 100 + k) % 50}`),
    );
    // 2016-01-01T00:00 up to (not including) 2016-01-30T23:00: 29 days and 23 hours.
    expect(output[100]).toBe(`${29 * 24 + 23} entries in January`);
  });

  it('subclassing StreamData', async () => {
    const { api, streamId } = await gettingStreamData();
    output = [];
    await subclassing(api, streamId);
    expect(output).toEqual([
      '==================================',
      'Count = 1000',
      'Mean  = 24.5',
      'Max   = 49',
      'Min   = 0',
      '==================================',
    ]);
  });

  it('iterate()', async () => {
    const { api, streamId } = await gettingStreamData();
    output = [];
    await largeDownloads(api, streamId);
    const total = Array.from({ length: POINTS }, (_, i) => i % 50).reduce((a, b) => a + b, 0);
    expect(output).toEqual([`${POINTS} points, total ${total}`]);
  });

  it('unit conversion, by hand with MdoHelper and with convert: true', async () => {
    const { api } = await gettingStreamData();
    output = [];
    await unitConversion(api);
    const expected = Array.from({ length: 100 }, (_, k) => {
      const i = 50 + k;
      return `${new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString().slice(0, 19)}Z: ${0.5 + i * 2}`;
    });
    expect(output).toEqual([...expected, ...expected]);
  });

  it('export to CSV, NDJSON and /df/', async () => {
    const { api, streamId } = await gettingStreamData();
    output = [];
    const cwd = process.cwd();
    process.chdir(workdir);
    try {
      await exporting(api, streamId);
    } finally {
      process.chdir(cwd);
    }
    const csv = (await readFile(join(workdir, 'stream.csv'), 'utf8')).trimEnd().split('\n');
    expect(csv).toHaveLength(POINTS + 1);
    expect(csv[0]).toBe('timestamp,value,output_value');
    expect(csv[1]).toBe(`${stamp(0)},0,0`);
    const ndjson = (await readFile(join(workdir, 'stream.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(ndjson.map((line) => JSON.parse(line).value)).toEqual(
      Array.from({ length: POINTS }, (_, i) => i % 50),
    );
    const frame = await readFile(join(workdir, 'stream-df.csv'), 'utf8');
    expect(frame.split('\n')[0]).toBe('row,value,stream_slug');
    expect(output).toEqual([
      `${POINTS} CSV rows, ${POINTS} NDJSON lines, ${Buffer.byteLength(frame)} bytes from /df/`,
    ]);
  });

  it('errors', async () => {
    const { api } = await gettingStreamData();
    output = [];
    errors(api);
    expect(output).toEqual([
      'streamId',
      'streamId: IOTileStreamSlug: expected a stream slug with three terms: "s--<project>--<device>--<variable>"; got "s--0001"',
    ]);
  });

  it('every ts block of the README is in this file, verbatim', () => {
    expectReadmeBlocksIn({
      readme: new URL('../README.md', import.meta.url),
      file: import.meta.url,
      count: 6,
    });
  });
});

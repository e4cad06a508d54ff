/**
 * The README's examples (the Python README's report example, rewritten), run against
 * `@iotile/mock-cloud`. Each function body below is a README block, verbatim; the last test checks that
 * they stay the same. `new Api()` talks to https://iotile.cloud: `fetch` is redirected to the mock.
 */
/* biome-ignore-all lint/suspicious/noConsole: README examples print */

import { Api } from '@iotile/client';
import type { RunningServer } from '@iotile/mock-cloud';
import { type DateInput, StreamData } from '@iotile/stream';
import { expectReadmeBlocksIn, redirectingFetch } from '@iotile-internal/readme-examples';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccumulationReportGenerator, BaseReportGenerator } from '../src/index.js';
import { buildReportCloud } from './cloud.js';

async function accumulationReport() {
  // Generate a report for all streams from:
  const sources = [
    'p--0000-0001', // Project 1
    'd--1111', // Device 0x1111
    's--0000-0002--0000-0000-0000-2222--5001', // Stream 5001 of device 0x2222 in project 2
  ];
  const t0 = new Date('2017-09-01T00:00:00Z');
  const t1 = new Date('2017-10-01T00:00:00Z');

  const api = new Api();
  const ok = await api.login({ email: 'joe@example.com', password: process.env.IOTILE_PASSWORD ?? '' });
  if (ok) {
    const gen = new AccumulationReportGenerator(api);
    const stats = await gen.computeSum(sources, t0, t1);
    console.log(stats);

    await api.logout();
  }
}

async function options(api: Api) {
  const warnings: string[] = [];
  const generator = new AccumulationReportGenerator(api, {
    concurrency: 8, // streams (and sources) fetched at the same time; default 4, at most 16
    pageConcurrency: 1, // requests open at once within one stream (1: a page at a time); default 'auto'
    logger: { warn: (message) => warnings.push(message), error: (message) => warnings.push(message) },
  });
  const report = await generator.computeSum(['d--00d2', 's--0009--0009--5001'], '2017-09-01');
  if ('error' in report) {
    console.log(report.error);
  } else {
    console.log(report.total, warnings);
  }
}

async function subclassing(api: Api) {
  class CountReportGenerator extends BaseReportGenerator<{ counts: Record<string, number> }> {
    protected async processData(start: DateInput, end: DateInput) {
      const counts: Record<string, number> = {};
      const perStream = await this.mapConcurrent(this.streams, async (stream, signal) => {
        let count = 0;
        const data = new StreamData(stream.slug, this.api);
        for await (const page of data.iteratePages({ start, end }, { signal })) {
          count += page.length;
        }
        return count;
      });
      this.streams.forEach((stream, index) => {
        counts[stream.slug] = perStream[index] ?? 0;
      });
      return { counts };
    }
  }

  const counts = await new CountReportGenerator(api).computeSum(['p--0001'], '2017-09-01', '2017-10-01');
  console.log(counts);
}

// ---- the test harness ------------------------------------------------------------------------------

let server: RunningServer;
let output: unknown[][];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  // The streams of the Python README's output, with points summing to its figures (plus one more
  // stream of project 2 that no source names, and one of device 00d2 for the options example).
  const cloud = buildReportCloud(
    [
      { project: 1, device: 0x97, variable: 0x5002, values: [250, 250, 500] },
      { project: 1, device: 0xa0, variable: 0x5001, values: [1500] },
      { project: 3, device: 0x1111, variable: 0x5001, values: [1000, 999.5, 0.5] },
      { project: 2, device: 0x2222, variable: 0x5001, values: [3000] },
      { project: 2, device: 0x3333, variable: 0x5001, values: [42] },
      { project: 4, device: 0xd2, variable: 0x5001, values: [5, 6] },
    ],
    'joe@example.com',
    'readme-password',
  );
  server = await cloud.start({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  vi.stubEnv('IOTILE_PASSWORD', 'readme-password');
  // https://iotile.cloud -> the mock server, so `new Api()` can be used as written.
  vi.stubGlobal('fetch', redirectingFetch('https://iotile.cloud', server.url, realFetch));
  output = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    output.push(args);
  });
  return () => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
  };
});

async function loggedIn(): Promise<Api> {
  const api = new Api();
  expect(await api.login({ email: 'joe@example.com', password: 'readme-password' })).toBe(true);
  return api;
}

describe('README examples', () => {
  it('the accumulation report of the Python README', async () => {
    await accumulationReport();
    expect(output).toEqual([
      [
        {
          streams: {
            's--0000-0001--0000-0000-0000-0097--5002': { sum: 1000, units: 'G' },
            's--0000-0001--0000-0000-0000-00a0--5001': { sum: 1500, units: 'G' },
            's--0000-0003--0000-0000-0000-1111--5001': { sum: 2000, units: 'G' },
            's--0000-0002--0000-0000-0000-2222--5001': { sum: 3000, units: 'G' },
          },
          total: 7500,
        },
      ],
    ]);
    // The keys come in source order, as the README shows them.
    const [[report]] = output as [[{ streams: object }]];
    expect(Object.keys(report.streams)).toEqual([
      's--0000-0001--0000-0000-0000-0097--5002',
      's--0000-0001--0000-0000-0000-00a0--5001',
      's--0000-0003--0000-0000-0000-1111--5001',
      's--0000-0002--0000-0000-0000-2222--5001',
    ]);
  });

  it('options: a rejected source is logged and skipped', async () => {
    await options(await loggedIn());
    expect(output).toHaveLength(1);
    expect(output[0]?.[0]).toBe(11);
    expect(output[0]?.[1]).toEqual([
      expect.stringMatching(/^Skipping source s--0000-0009--0000-0000-0000-0009--5001: 404 Not Found GET /),
    ]);
  });

  it('subclassing BaseReportGenerator', async () => {
    await subclassing(await loggedIn());
    expect(output).toEqual([
      [
        {
          counts: {
            's--0000-0001--0000-0000-0000-0097--5002': 3,
            's--0000-0001--0000-0000-0000-00a0--5001': 1,
          },
        },
      ],
    ]);
  });

  it('every ts block of the README is in this file, verbatim', () => {
    expectReadmeBlocksIn({
      readme: new URL('../README.md', import.meta.url),
      file: import.meta.url,
      count: 3,
    });
  });
});

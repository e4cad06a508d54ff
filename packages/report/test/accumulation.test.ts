import { HttpServerError } from '@iotile/client/errors';
import { StreamData } from '@iotile/stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccumulationReportGenerator,
  ReportInputError,
  type ReportLogger,
  type StreamRecord,
  type StreamSum,
} from '../src/index.js';
import { type ReportCloud, type StreamSpec, startReportCloud, streamSlug } from './cloud.js';

const T0 = '2017-09-01T00:00:00Z';
const T1 = '2017-10-01T00:00:00Z';

function spyLogger() {
  const lines: string[] = [];
  const logger: Required<ReportLogger> = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  return { logger, lines };
}

let env: ReportCloud | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

async function start(specs: StreamSpec[], options: Parameters<typeof startReportCloud>[1] = {}) {
  env = await startReportCloud(specs, options);
  return env;
}

describe('AccumulationReportGenerator.computeSum', () => {
  it('sums output_value per stream from project, device and stream sources (short forms)', async () => {
    const { api } = await start([
      { project: 1, device: 0x97, variable: 0x5002, values: [400, 600] },
      { project: 1, device: 0xa0, variable: 0x5001, values: [1000, 500] },
      { project: 3, device: 0x1111, variable: 0x5001, values: [2000] },
      { project: 2, device: 0x2222, variable: 0x5001, values: [1000, 1000, 1000] },
      { project: 2, device: 0x3333, variable: 0x5001, values: [99] },
    ]);
    const { logger } = spyLogger();
    const report = await new AccumulationReportGenerator(api, { logger }).computeSum(
      ['p--0001', 'd--1111', 's--0002--2222--5001'],
      T0,
      T1,
    );
    expect(report).toEqual({
      streams: {
        's--0000-0001--0000-0000-0000-0097--5002': { sum: 1000, units: 'G' },
        's--0000-0001--0000-0000-0000-00a0--5001': { sum: 1500, units: 'G' },
        's--0000-0003--0000-0000-0000-1111--5001': { sum: 2000, units: 'G' },
        's--0000-0002--0000-0000-0000-2222--5001': { sum: 3000, units: 'G' },
      },
      total: 7500,
    });
  });

  it('counts a stream named twice (directly and through its device and project) once', async () => {
    const { api, stats } = await start([{ project: 1, device: 0xd2, variable: 0x5001, values: [1, 2, 3] }]);
    const slug = streamSlug({ project: 1, device: 0xd2, variable: 0x5001 });
    const report = await new AccumulationReportGenerator(api, { logger: {} }).computeSum(
      ['p--0000-0001', 'd--00d2', slug, 's--0001--00d2--5001'],
      T0,
      T1,
    );
    expect(report).toEqual({ streams: { [slug]: { sum: 6, units: 'G' } }, total: 6 });
    expect(stats.requests.filter((r) => r.includes('/data/'))).toHaveLength(1);
  });

  it('uses the window: start inclusive, end exclusive, end sent in the server format', async () => {
    const { api, stats } = await start([
      { project: 1, device: 0xd2, variable: 0x5001, values: [1, 10, 100, 1000] },
    ]);
    const report = await new AccumulationReportGenerator(api, { logger: {} }).computeSum(
      ['d--00d2'],
      new Date('2017-09-01T01:00:00Z'),
      '2017-09-01T03:00:00Z',
    );
    expect(report).toMatchObject({ total: 110 });
    const data = stats.requests.find((r) => r.includes('/data/')) ?? '';
    expect(new URL(data, 'http://x').searchParams.get('start')).toBe('2017-09-01T01:00:00Z');
    expect(new URL(data, 'http://x').searchParams.get('end')).toBe('2017-09-01T03:00:00Z');
  });

  it('end defaults to now', async () => {
    const { api, stats } = await start([{ project: 1, device: 0xd2, variable: 0x5001, values: [5] }]);
    const before = Date.now();
    const report = await new AccumulationReportGenerator(api, { logger: {} }).computeSum(['d--00d2'], T0);
    expect(report).toMatchObject({ total: 5 });
    const data = stats.requests.find((r) => r.includes('/data/')) ?? '';
    const end = Date.parse(new URL(data, 'http://x').searchParams.get('end') ?? '');
    expect(end).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(end).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('logs and skips a source the server rejects, and still reports the others', async () => {
    const { api } = await start([{ project: 1, device: 0xd2, variable: 0x5001, values: [7] }]);
    const { logger, lines } = spyLogger();
    const report = await new AccumulationReportGenerator(api, { logger }).computeSum(
      ['s--0000-0009--0000-0000-0000-0009--5001', 'd--00d2'],
      T0,
      T1,
    );
    expect(report).toMatchObject({ total: 7 });
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([
      expect.stringMatching(/^warn Skipping source s--0000-0009--0000-0000-0000-0009--5001: 404 /),
    ]);
  });

  it('answers { error } when no stream is found', async () => {
    const { api } = await start([{ project: 1, device: 0xd2, variable: 0x5001, values: [7] }]);
    const { logger, lines } = spyLogger();
    const report = await new AccumulationReportGenerator(api, { logger }).computeSum(['d--0bad'], T0, T1);
    expect(report).toEqual({ error: 'No streams were found for these GIDs' });
    expect(lines).toContain('error No streams were found for these GIDs');
  });

  it('leaves out streams with no points in the window and gives null units without an output unit', async () => {
    const { api } = await start([
      { project: 1, device: 0xd2, variable: 0x5001, values: [3, 4] },
      { project: 1, device: 0xd2, variable: 0x5002, values: [1], start: '2018-01-01T00:00:00Z' },
      { project: 1, device: 0xd2, variable: 0x5003, values: [0, 0], units: null },
    ]);
    const report = await new AccumulationReportGenerator(api, { logger: {} }).computeSum(['d--00d2'], T0, T1);
    expect(report).toEqual({
      streams: {
        [streamSlug({ project: 1, device: 0xd2, variable: 0x5001 })]: { sum: 7, units: 'G' },
        [streamSlug({ project: 1, device: 0xd2, variable: 0x5003 })]: { sum: 0, units: null },
      },
      total: 7,
    });
  });

  it('reads every page of a stream list and of the data', async () => {
    const specs = Array.from({ length: 12 }, (_, i) => ({
      project: 1,
      device: 0x10 + i,
      variable: 0x5001,
      values: { count: 1500, value: 2 },
    }));
    const { api } = await start(specs);
    const report = await new AccumulationReportGenerator(api, { logger: {}, concurrency: 3 }).computeSum(
      ['p--0001'],
      '2017-09-01',
      '2017-10-01',
    );
    expect(Object.keys((report as { streams: object }).streams)).toHaveLength(12);
    expect(report).toMatchObject({ total: 12 * 1500 * 2 });
  });

  it('never has more requests open than the budget allows, however many streams and pages', async () => {
    // 50 streams of 2 pages each (20,001 points, page_size 20000) through a report at its widest.
    const specs = Array.from({ length: 50 }, (_, i) => ({
      project: 1,
      device: 0x100 + i,
      variable: 0x5001,
      values: { count: 20_001, value: 1 },
    }));
    const { api, stats } = await start(specs, { concurrency: 4 });
    const report = await new AccumulationReportGenerator(api, { logger: {}, concurrency: 16 }).computeSum(
      ['p--0001'],
      T0,
      '2017-12-31',
    );
    expect(report).toMatchObject({ total: 50 * 20_001 });
    expect(stats.requests.filter((r) => r.includes('/data/'))).toHaveLength(100);
    expect(stats.maxInFlight).toBe(4);
  }, 60_000);

  it('keeps its requests within the budget; concurrency 1 is sequential', async () => {
    const specs = Array.from({ length: 10 }, (_, i) => ({
      project: 1,
      device: 0x10 + i,
      variable: 0x5001,
      values: { count: 50, value: 1 },
    }));
    const { api, stats } = await start(specs, { concurrency: 3 });
    // The 8 lookups start together and take the budget's 3 permits in one turn of the event loop,
    // before any answer can arrive: 3 requests are open at once, whatever the timing (no latency
    // needed), and a 4th would be seen.
    const sources = specs.map((s) => streamSlug(s));
    await new AccumulationReportGenerator(api, { logger: {}, concurrency: 8, pageConcurrency: 1 }).computeSum(
      sources,
      T0,
      T1,
    );
    expect(stats.maxInFlight).toBe(3);
    stats.maxInFlight = 0;
    const report = await new AccumulationReportGenerator(api, { logger: {}, concurrency: 1 }).computeSum(
      sources,
      T0,
      T1,
    );
    expect(stats.maxInFlight).toBe(1);
    expect(report).toMatchObject({ total: 500 });
  });

  it('gives the same total whatever order the downloads finish in', async () => {
    const values = [0.1, 0.2, 0.3, 1e16, -1e16, 0.7];
    const specs = values.map((v, i) => ({ project: 1, device: 0x10 + i, variable: 0x5001, values: [v] }));
    // While `holding`, the mock holds every answer (its injected `sleep`, for the latency set below)
    // until the test lets it go, so the test decides the order in which the downloads finish.
    let holding = false;
    const held: (() => void)[] = [];
    let onHeld: (() => void) | undefined;
    const { api, cloud, stats } = await start(specs, {
      concurrency: 6,
      sleep: () =>
        holding
          ? new Promise<void>((resolve) => {
              held.push(resolve);
              onHeld?.();
            })
          : Promise.resolve(),
    });
    cloud.setFaults({ latencyMs: 1 });
    const sources = specs.map((s) => streamSlug(s));
    const sequential = await new AccumulationReportGenerator(api, { logger: {}, concurrency: 1 }).computeSum(
      sources,
      T0,
      T1,
    );
    // Last sent first, a scramble, and first sent first: each answer goes out once the previous
    // one reached the client.
    for (const order of [
      [5, 4, 3, 2, 1, 0],
      [3, 0, 5, 1, 4, 2],
      [0, 1, 2, 3, 4, 5],
    ]) {
      held.length = 0;
      // The streams are looked up first (answered at once); the downloads start once all are known.
      stats.onRequest = (path) => {
        holding ||= path.includes('/data/');
      };
      const allHeld = new Promise<void>((resolve) => {
        onHeld = () => held.length === 6 && resolve();
      });
      const parallel = new AccumulationReportGenerator(api, { logger: {}, concurrency: 6 }).computeSum(
        sources,
        T0,
        T1,
      );
      await allHeld;
      holding = false;
      stats.onRequest = undefined;
      for (const index of order) {
        const answered = new Promise<void>((resolve) => {
          stats.onResponse = (path) => path.includes('/data/') && resolve();
        });
        held[index]?.();
        await answered;
      }
      expect(await parallel).toEqual(sequential);
    }
  });

  it('rejects when a download fails with a server error, and stops the others', async () => {
    const { api, cloud } = await start([
      { project: 1, device: 0x10, variable: 0x5001, values: [1] },
      { project: 1, device: 0x11, variable: 0x5001, values: [1] },
    ]);
    cloud.setFaults({ failRate: 1, failStatuses: [500], match: (_m, path) => path.includes('/data/') });
    await expect(
      new AccumulationReportGenerator(api, { logger: {} }).computeSum(['p--0001'], T0, T1),
    ).rejects.toBeInstanceOf(HttpServerError);
  });

  it('an AbortSignal cancels the report', async () => {
    const specs = Array.from({ length: 6 }, (_, i) => ({
      project: 1,
      device: 0x10 + i,
      variable: 0x5001,
      values: [1],
    }));
    const { api, stats } = await start(specs);
    const controller = new AbortController();
    // Aborted as the first request (the stream list) is sent: no timer races the server.
    stats.onRequest = () => controller.abort(new Error('cancelled'));
    await expect(
      new AccumulationReportGenerator(api, { logger: {}, signal: controller.signal }).computeSum(
        ['p--0001'],
        T0,
        T1,
      ),
    ).rejects.toMatchObject({ name: 'RequestAbortedError' });
    expect(stats.requests.filter((r) => r.includes('/data/'))).toHaveLength(0);
  });

  it('subclasses can change what is computed per stream', async () => {
    const { api } = await start([
      { project: 1, device: 0xd2, variable: 0x5001, values: [3, 9, 4] },
      { project: 1, device: 0xd3, variable: 0x5001, values: [1, 2] },
    ]);
    class MaxReportGenerator extends AccumulationReportGenerator {
      protected override async processStream(
        stream: StreamRecord,
        start: string | Date,
        end: string | Date,
        signal: AbortSignal,
      ): Promise<StreamSum | undefined> {
        let max = Number.NEGATIVE_INFINITY;
        for await (const point of new StreamData(stream.slug, this.api).iterate({ start, end }, { signal })) {
          max = Math.max(max, point.output_value ?? max);
        }
        return { sum: max, units: stream.output_unit?.unit_short ?? null };
      }
    }
    expect(await new MaxReportGenerator(api, { logger: {} }).computeSum(['p--0001'], T0, T1)).toEqual({
      streams: {
        [streamSlug({ project: 1, device: 0xd2, variable: 0x5001 })]: { sum: 9, units: 'G' },
        [streamSlug({ project: 1, device: 0xd3, variable: 0x5001 })]: { sum: 2, units: 'G' },
      },
      total: 11,
    });
  });
});

describe('bad input, refused before any request', () => {
  let fetch = vi.fn();
  const api = () => {
    fetch = vi.fn();
    return { paginate: fetch, get: fetch } as never;
  };

  it.each([
    [['x--0001'], 'sources'],
    [['p--zz'], 'sources'],
    [['d--00d2', 'd--xyz'], 'sources'],
    ['p--0001', 'sources'],
    [[42], 'sources'],
  ])('sources %j', async (sources, param) => {
    const error = await new AccumulationReportGenerator(api(), { logger: {} })
      .computeSum(sources as never, T0)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as ReportInputError).param).toBe(param);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['not a date', undefined, 'start'],
    [T0, '2017-02-30', 'end'],
    [T1, T0, 'start'],
    [new Date(Number.NaN), undefined, 'start'],
  ])('start %j, end %j', async (startAt, endAt, param) => {
    const error = await new AccumulationReportGenerator(api(), { logger: {} })
      .computeSum(['p--0001'], startAt as never, endAt as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as ReportInputError).param).toBe(param);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 17 }, 'concurrency'],
    [{ pageConcurrency: 9 }, 'pageConcurrency'],
  ])('options %j', (options, param) => {
    expect(() => new AccumulationReportGenerator(api(), options)).toThrow(
      expect.objectContaining({ name: 'ReportInputError', param }),
    );
  });
});

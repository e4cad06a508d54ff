/**
 * `pnpm --filter @iotile/stream bench`: downloads from `@iotile/mock-cloud` on 127.0.0.1 (run in a
 * child process, so its CPU and memory are not the client's) and prints tables of medians:
 *
 * 1. 200,000 points: `initializeFromServer`, `iterate()` (counted, and collected into an array) and
 *    plain `fetch` calls fetching the same pages with the same page size and concurrency (the
 *    baseline). Target: SDK within 10% of the baseline.
 * 2. The same with 100 ms added to every request: `StreamData` with its defaults against a one-page-
 *    at-a-time loop like the Python client's (server default page size, follow `next`). Target >= 5x.
 * 3. `iterate()` over 250k, 500k, 1M, 2M and 4M points, each in a fresh process with Node's default flags:
 *    peak RSS growth. Target < 64 MB and flat.
 * 4. (`model`) 100,000 points against `@iotile/mock-cloud`'s server model (1, 2 and 8 gunicorn workers,
 *    0 and 100 ms of latency): the Python-like loop, fixed 1, fixed 4, adaptive: a new `Api` each run
 *    in a process that has learned nothing (a script's only download), a new `Api` each run in a
 *    process that remembers what its earlier `Api`s learned, and one `Api` kept across runs. Targets
 *    (issue 12): adaptive within 1.05x of the best fixed setting, never slower than the Python-like
 *    loop, at least 2x faster than it with 8 workers.
 * 5. (`init`) `initializeFromServer` against `iterate()` collected into an array, on the 2-worker
 *    model: time, the client's CPU, and the model's requests and worker CPU per download (issue 12,
 *    deliver 4: the same requests and time).
 *
 * Never run as a test; numbers depend on the machine. Progress goes to stderr, tables to stdout.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Api } from '@iotile/client';
import { type LimiterState, rememberedLimits, requestBudgetOf } from '@iotile/client/internal';
import { STREAM_DATA_PAGE_SIZE, StreamData } from '../src/index.js';
import { runChild, startChild, stopChild } from './child.js';
import { BENCH_EMAIL, BENCH_PASSWORD } from './constants.js';
import { fmt, log, median, printTable } from './table.js';

/** Runs of the loopback download (cheap, and noisy on a shared 2-core machine); the slow ones do at most 3. */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

// A full collection before every timed run, so no variant pays for the garbage of the one before.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const POINTS = 200_000;

interface ModelStats {
  served: number;
  cpuMs: number;
  peakActive: number;
}

interface BenchServer {
  url: string;
  streams: Record<string, string>;
  /** The server model's statistics so far (null without a model). */
  stats(): Promise<ModelStats | null>;
  stop(): Promise<void>;
}

async function startServer(args: string[]): Promise<BenchServer> {
  const { child, first, nextLine } = await startChild('./server.ts', args);
  const { url, streams } = JSON.parse(first) as { url: string; streams: Record<string, string> };
  const stats = async () => {
    const line = nextLine();
    child.kill('SIGUSR2');
    return JSON.parse(await line) as ModelStats | null;
  };
  return { url, streams, stats, stop: () => stopChild(child) };
}

async function login(url: string): Promise<Api> {
  const api = new Api({ domain: url });
  if (!(await api.login({ email: BENCH_EMAIL, password: BENCH_PASSWORD }))) {
    throw new Error('login failed');
  }
  return api;
}

/** Runs each variant `runs` times, interleaved, after one warm-up each; returns the times in ms. */
async function measure(
  variants: Record<string, () => Promise<number>>,
  runs: number,
  expected = POINTS,
): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = {};
  for (const [name, run] of Object.entries(variants)) {
    await check(name, run, expected);
    times[name] = [];
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(variants)) {
      collectGarbage();
      const started = performance.now();
      await check(name, run, expected);
      times[name]?.push(performance.now() - started);
    }
    log(`  run ${i + 1}/${runs} done`);
  }
  return times;
}

async function check(name: string, run: () => Promise<number>, expected: number): Promise<void> {
  const count = await run();
  if (count !== expected) {
    throw new Error(`${name} got ${count} points, expected ${expected}`);
  }
}

/** The baseline: plain fetch + JSON.parse of the same pages, `concurrency` requests at a time. */
async function plainFetch(url: string, token: string, slug: string, pageSize: number, concurrency: number) {
  const pageUrl = (page: number) => `${url}/api/v1/stream/${slug}/data/?page_size=${pageSize}&page=${page}`;
  const get = async (page: number) => {
    const response = await fetch(pageUrl(page), {
      headers: { authorization: `jwt ${token}`, accept: 'application/json' },
    });
    if (!response.ok) {
      throw new Error(`page ${page}: ${response.status}`);
    }
    return JSON.parse(await response.text()) as { count: number; results: unknown[] };
  };
  const first = await get(1);
  const pages = Math.ceil(first.count / pageSize);
  const results: unknown[][] = [first.results];
  let next = 2;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next <= pages) {
        const page = next++;
        results[page - 1] = (await get(page)).results;
      }
    }),
  );
  const points: unknown[] = [];
  for (const page of results) {
    for (const point of page) {
      points.push(point);
    }
  }
  return points.length;
}

/** The Python client's loop: `page=1,2,...` with the server's default page size while `next` is set. */
async function pythonLikeLoop(url: string, token: string, slug: string) {
  const points: unknown[] = [];
  for (let page = 1; page > 0; ) {
    const response = await fetch(`${url}/api/v1/stream/${slug}/data/?page=${page}`, {
      headers: { authorization: `jwt ${token}`, 'content-type': 'application/json' },
    });
    const body = (await response.json()) as { next: string | null; results: unknown[] };
    for (const point of body.results) {
      points.push(point);
    }
    page = body.next ? page + 1 : 0;
  }
  return points.length;
}

async function countIterated(data: StreamData): Promise<number> {
  let n = 0;
  for await (const _ of data.iterate()) {
    n++;
  }
  return n;
}

/** What `initializeFromServer` is compared with: the points of `iterate()` kept in an array. */
async function collectIterated(data: StreamData): Promise<number> {
  const points: unknown[] = [];
  for await (const point of data.iterate()) {
    points.push(point);
  }
  return points.length;
}

const COLD = "adaptive, new Api, process's first";
const FRESH = 'adaptive, new Api each run';
const KEPT = 'adaptive, one Api';

/** 4. Against modelled servers: how the settings compare where the server, not the client, is the limit. */
async function modelBench(): Promise<void> {
  const points = 100_000;
  const runs = Number(process.env.BENCH_MODEL_RUNS ?? 3);
  const rows: string[][] = [];
  const verdicts: string[] = [];
  const only = (name: string, all: number[]) =>
    process.env[name] === undefined ? all : (process.env[name] as string).split(',').map(Number);
  for (const latencyMs of only('BENCH_MODEL_LATENCY', [0, 100])) {
    for (const workers of only('BENCH_MODEL_WORKERS', [1, 2, 8])) {
      log(`4. ${fmt.int(points)} points, ${workers} worker(s), ${latencyMs} ms latency, ${runs} runs`);
      const server = await startServer([
        '--stream',
        `big=${points}`,
        '--workers',
        String(workers),
        '--latency-ms',
        String(latencyMs),
      ]);
      try {
        const token = (await login(server.url)).token as string;
        const slug = server.streams.big as string;
        // BENCH_LOG=1: the adaptive budgets' changes on stderr.
        const logger = process.env.BENCH_LOG
          ? { info: (line: string) => log(`    ${line.replace(/^\[iotile\] request budget for \S+ /, '')}`) }
          : undefined;
        const apiWith = (concurrency: 'auto' | number) =>
          new Api({
            domain: server.url,
            token,
            concurrency,
            ...(logger && concurrency === 'auto' ? { logger, logLevel: 'info' as const } : {}),
          });
        const origin = new URL(server.url).origin;
        const fixed1 = apiWith(1);
        const fixed4 = apiWith(4);
        // The adaptive variants must not learn from each other: what this process remembers for the
        // origin is set before each run to what that variant's own earlier runs left. The kept Api
        // reads it once, when its budget is made (now, with nothing remembered).
        rememberedLimits.forget();
        const kept = apiWith('auto');
        requestBudgetOf(kept, kept.baseUrl);
        let learned: LimiterState | undefined;
        const times = await measure(
          {
            'Python-like loop': () => pythonLikeLoop(server.url, token, slug),
            'fixed 1': () => countIterated(new StreamData(slug, fixed1)),
            'fixed 4': () => countIterated(new StreamData(slug, fixed4)),
            [COLD]: () => {
              rememberedLimits.forget(origin);
              return countIterated(new StreamData(slug, apiWith('auto')));
            },
            [FRESH]: async () => {
              rememberedLimits.forget(origin);
              if (learned !== undefined) {
                rememberedLimits.remember(origin, learned);
              }
              const count = await countIterated(new StreamData(slug, apiWith('auto')));
              learned = rememberedLimits.recall(origin);
              return count;
            },
            [KEPT]: () => countIterated(new StreamData(slug, kept)),
          },
          runs,
          points,
        );
        const ms = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
        const python = ms['Python-like loop'] as number;
        const bestFixed = Math.min(ms['fixed 1'] as number, ms['fixed 4'] as number);
        for (const [name, value] of Object.entries(ms)) {
          rows.push([
            `${workers}`,
            `${latencyMs} ms`,
            name,
            fmt.ms(value),
            fmt.ratio(python / value),
            name.startsWith('adaptive') ? fmt.ratio(value / bestFixed) : '',
          ]);
        }
        const limits: Record<string, number | undefined> = {
          [FRESH]: learned?.limit,
          [KEPT]: requestBudgetOf(kept, kept.baseUrl)?.limit,
        };
        for (const name of [COLD, FRESH, KEPT]) {
          const value = ms[name] as number;
          const met = value <= bestFixed * 1.05 && value <= python && (workers < 8 || python / value >= 2);
          const limit = limits[name];
          verdicts.push(
            `${workers} worker(s), ${latencyMs} ms, ${name}: ${fmt.ratio(value / bestFixed)} of the best fixed, ` +
              `${fmt.ratio(python / value)} the Python-like loop's speed: ${met ? 'met' : 'NOT met'}` +
              (limit === undefined ? '' : ` (limit learned: ${limit})`),
          );
        }
      } finally {
        await server.stop();
      }
    }
  }
  printTable(
    `4. Download ${fmt.int(points)} points from the server model (@iotile/mock-cloud setServerModel, calibrated on issue 12; iterate(), median of ${runs})`,
    ['workers', 'latency', 'variant', 'time', 'speed vs Python-like', 'time vs best fixed'],
    rows,
  );
  process.stdout.write(
    `\nTargets: adaptive <= 1.05x the best fixed, never slower than the Python-like loop, >= 2x it with 8 workers\n`,
  );
  for (const line of verdicts) {
    process.stdout.write(`- ${line}\n`);
  }
}

/**
 * 5. `initializeFromServer` against `iterate()` collected into an array (what it stands for), on the
 * 2-worker model: per download, the time, the client's CPU (this process), and the model's requests and
 * worker CPU (the server's cost, which grows with contention).
 */
async function initBench(): Promise<void> {
  const points = 100_000;
  const runs = Number(process.env.BENCH_INIT_RUNS ?? 5);
  log(`5. initializeFromServer vs iterate() collected, ${fmt.int(points)} points, 2 workers, ${runs} runs`);
  const server = await startServer(['--stream', `big=${points}`, '--workers', '2']);
  try {
    const token = (await login(server.url)).token as string;
    const slug = server.streams.big as string;
    // Fixed 4: both send the same requests at the same moments, so only the consumer differs. 'auto':
    // a new Api each run in a process that has learned nothing, so both follow the same steps of the
    // limit (one Api kept by each would learn apart, and differ by where each is in its probing).
    const variants: { setting: string; name: string; run: () => Promise<number> }[] = [];
    for (const concurrency of [4, 'auto'] as const) {
      const setting = concurrency === 'auto' ? "'auto', new Api, process's first" : `fixed ${concurrency}`;
      const fixedApi = new Api({ domain: server.url, token, concurrency });
      const apiFor = () => {
        if (concurrency !== 'auto') {
          return fixedApi;
        }
        rememberedLimits.forget();
        return new Api({ domain: server.url, token });
      };
      variants.push(
        {
          setting,
          name: 'initializeFromServer',
          run: async () => (await new StreamData(slug, apiFor()).initializeFromServer()).data.length,
        },
        {
          setting,
          name: 'iterate() collected',
          run: () => collectIterated(new StreamData(slug, apiFor())),
        },
      );
    }
    const samples = variants.map(() => ({
      ms: [] as number[],
      cpu: [] as number[],
      served: [] as number[],
      serverCpu: [] as number[],
    }));
    for (let i = -1; i < runs; i++) {
      for (const [index, variant] of variants.entries()) {
        collectGarbage();
        const before = (await server.stats()) as ModelStats;
        const cpu = process.cpuUsage();
        const started = performance.now();
        await check(variant.name, variant.run, points);
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const after = (await server.stats()) as ModelStats;
        if (i >= 0) {
          const sample = samples[index] as (typeof samples)[number];
          sample.ms.push(ms);
          sample.cpu.push((used.user + used.system) / 1000);
          sample.served.push(after.served - before.served);
          sample.serverCpu.push(after.cpuMs - before.cpuMs);
        }
      }
      log(i < 0 ? '  warm-up done' : `  run ${i + 1}/${runs} done`);
    }
    const rows = variants.map((variant, index) => {
      const sample = samples[index] as (typeof samples)[number];
      const pair = samples[index - (index % 2) + 1] as (typeof samples)[number];
      return [
        variant.setting,
        variant.name,
        fmt.ms(median(sample.ms)),
        fmt.ratio(median(sample.ms) / median(pair.ms)),
        fmt.ms(median(sample.cpu)),
        fmt.ratio(median(sample.cpu) / median(pair.cpu)),
        String(median(sample.served)),
        fmt.ms(median(sample.serverCpu)),
      ];
    });
    printTable(
      `5. initializeFromServer vs iterate() collected into an array: ${fmt.int(points)} points, 2-worker model (median of ${runs}, alternating)`,
      [
        'budget',
        'variant',
        'time',
        'time vs collected',
        'client CPU',
        'CPU vs collected',
        'requests',
        'model worker CPU',
      ],
      rows,
    );
  } finally {
    await server.stop();
  }
}

async function downloadBench(): Promise<void> {
  log(`1. ${fmt.int(POINTS)} points on loopback, ${RUNS} runs`);
  const server = await startServer(['--stream', `big=${POINTS}`]);
  try {
    const api = await login(server.url);
    const slug = server.streams.big as string;
    const pageSize = STREAM_DATA_PAGE_SIZE.default;
    const times = await measure(
      {
        'StreamData.initializeFromServer': async () =>
          (await new StreamData(slug, api).initializeFromServer()).data.length,
        'StreamData.iterate()': () => countIterated(new StreamData(slug, api)),
        'StreamData.iterate() collected into an array': () => collectIterated(new StreamData(slug, api)),
        'baseline: plain fetch': () => plainFetch(server.url, api.token as string, slug, pageSize, 4),
      },
      RUNS,
    );
    const baseline = median(times['baseline: plain fetch'] as number[]);
    printTable(
      `1. Download ${fmt.int(POINTS)} points, page_size ${pageSize}, concurrency 'auto' (plain fetch: 4) (median of ${RUNS})`,
      ['variant', 'time', 'points/s', 'SDK / baseline (speed)'],
      Object.entries(times).map(([name, values]) => {
        const ms = median(values);
        return [name, fmt.ms(ms), fmt.int((POINTS / ms) * 1000), fmt.ratio(baseline / ms)];
      }),
    );
  } finally {
    await server.stop();
  }
}

async function latencyBench(): Promise<void> {
  const runs = Math.max(1, Math.min(RUNS, 3));
  log(`2. ${fmt.int(POINTS)} points with 100 ms latency, ${runs} runs`);
  const server = await startServer(['--stream', `big=${POINTS}`, '--latency-ms', '100']);
  try {
    const api = await login(server.url);
    const slug = server.streams.big as string;
    const times = await measure(
      {
        [`StreamData defaults (page_size ${STREAM_DATA_PAGE_SIZE.default}, concurrency 'auto')`]: async () =>
          (await new StreamData(slug, api).initializeFromServer()).data.length,
        'Python-like loop (one page at a time, server default page size)': () =>
          pythonLikeLoop(server.url, api.token as string, slug),
      },
      runs,
    );
    const [sdk, python] = Object.values(times).map((values) => median(values)) as [number, number];
    printTable(
      `2. Download ${fmt.int(POINTS)} points with 100 ms added per request (median of ${runs})`,
      ['variant', 'time', 'points/s', 'speed-up'],
      Object.entries(times).map(([name, values]) => {
        const ms = median(values);
        return [
          name,
          fmt.ms(ms),
          fmt.int((POINTS / ms) * 1000),
          fmt.ratio((ms === sdk ? python : python) / ms),
        ];
      }),
    );
  } finally {
    await server.stop();
  }
}

async function memoryBench(): Promise<void> {
  const runs = Math.max(1, Math.min(RUNS, 3));
  const sizes = [250_000, 500_000, 1_000_000, 2_000_000, 4_000_000];
  log(`3. iterate() RSS over ${sizes.join(', ')} points, ${runs} runs each (fresh process per run)`);
  const server = await startServer(sizes.flatMap((size) => ['--stream', `s${size}=${size}`]));
  const probe = async (size: number, live = false) => {
    const results: {
      points: number;
      ms: number;
      peakGrowthMb: number;
      peakHeapGrowthMb: number;
      retainedMb: number;
    }[] = [];
    for (let i = 0; i < (live ? 1 : runs); i++) {
      const args = [server.url, server.streams[`s${size}`] as string, ...(live ? ['-', '-', 'live'] : [])];
      const line = await runChild('./rss-probe.ts', args);
      const result = JSON.parse(line) as (typeof results)[number];
      if (result.points !== size) {
        throw new Error(`RSS probe got ${result.points} points, expected ${size}`);
      }
      results.push(result);
    }
    return {
      rss: median(results.map((r) => r.peakGrowthMb)),
      maxRss: Math.max(...results.map((r) => r.peakGrowthMb)),
      heap: median(results.map((r) => r.peakHeapGrowthMb)),
      retained: median(results.map((r) => r.retainedMb)),
      ms: median(results.map((r) => r.ms)),
    };
  };
  try {
    const rows: string[][] = [];
    for (const size of sizes) {
      const plain = await probe(size);
      const live = await probe(size, true);
      rows.push([
        fmt.int(size),
        fmt.mb(plain.rss),
        fmt.mb(plain.maxRss),
        fmt.mb(plain.heap),
        fmt.int((size / plain.ms) * 1000),
        fmt.mb(live.retained),
      ]);
      log(`  ${fmt.int(size)} done`);
    }
    printTable(
      `3. iterate() peak growth of the client process over its state after login, Node's default flags (server in another process; median of ${runs}, max)`,
      [
        'points',
        'RSS (median)',
        'RSS (max)',
        'JS heap (median)',
        'points/s',
        'JS heap kept (after full GCs)',
      ],
      rows,
    );
  } finally {
    await server.stop();
  }
}

const only = process.argv[2];
process.stdout.write(`@iotile/stream benchmark - Node ${process.version}, ${new Date().toISOString()}\n`);
if (!only || only === 'download') {
  await downloadBench();
}
if (!only || only === 'latency') {
  await latencyBench();
}
if (!only || only === 'memory') {
  await memoryBench();
}
if (!only || only === 'model') {
  await modelBench();
}
if (!only || only === 'init') {
  await initBench();
}

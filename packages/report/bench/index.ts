/**
 * `pnpm --filter @iotile/report bench`: `computeSum` over 50 streams of 2,000 points on
 * `@iotile/mock-cloud` (in a child process), with the default concurrency and with concurrency 1,
 * on loopback and with 100 ms added per request. Prints a table of medians. Never run as a test.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Api } from '@iotile/client';
import {
  AccumulationReportGenerator,
  DEFAULT_PAGE_CONCURRENCY,
  DEFAULT_REPORT_CONCURRENCY,
} from '../src/index.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STREAMS = 50;
const POINTS = 2000;
const EXPECTED_TOTAL = (POINTS * STREAMS * (STREAMS + 1)) / 2;

async function startServer(
  latencyMs: number,
): Promise<{ url: string; project: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./server.ts', import.meta.url));
  const args = ['--streams', String(STREAMS), '--points', String(POINTS), '--latency-ms', String(latencyMs)];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { ...(JSON.parse(line) as { url: string; project: string }), child };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

async function timeReport(api: Api, project: string, concurrency: number): Promise<number> {
  const started = performance.now();
  const report = await new AccumulationReportGenerator(api, { concurrency, logger: {} }).computeSum(
    [project],
    '2017-09-01T00:00:00Z',
    '2017-10-01T00:00:00Z',
  );
  const elapsed = performance.now() - started;
  if (
    !('total' in report) ||
    report.total !== EXPECTED_TOTAL ||
    Object.keys(report.streams).length !== STREAMS
  ) {
    throw new Error(`unexpected report: ${JSON.stringify(report).slice(0, 200)}`);
  }
  return elapsed;
}

const rows: string[][] = [];
for (const latencyMs of [0, 100]) {
  const runs = latencyMs === 0 ? RUNS : Math.min(RUNS, 3);
  process.stderr.write(`computeSum, ${latencyMs} ms latency, ${runs} runs\n`);
  const server = await startServer(latencyMs);
  try {
    const api = new Api({ domain: server.url });
    if (!(await api.login({ email: 'bench@example.com', password: 'bench' }))) {
      throw new Error('login failed');
    }
    const times = new Map<number, number[]>([
      [DEFAULT_REPORT_CONCURRENCY, []],
      [1, []],
    ]);
    for (const concurrency of times.keys()) {
      await timeReport(api, server.project, concurrency); // warm-up
    }
    for (let i = 0; i < runs; i++) {
      for (const [concurrency, values] of times) {
        values.push(await timeReport(api, server.project, concurrency));
      }
    }
    const sequential = median(times.get(1) as number[]);
    for (const [concurrency, values] of times) {
      const ms = median(values);
      rows.push([
        `${latencyMs} ms`,
        concurrency === 1 ? 'concurrency 1' : `default (concurrency ${concurrency})`,
        `${Math.round(ms).toLocaleString('en-US')} ms`,
        `${(sequential / ms).toFixed(2)}x`,
      ]);
    }
  } finally {
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    await exited;
  }
}

const headers = ['latency per request', 'computeSum', 'time (median)', 'speed-up'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
process.stdout.write(
  `@iotile/report benchmark - Node ${process.version}\n\ncomputeSum over ${STREAMS} streams of ${POINTS} points ` +
    `(one project source; page concurrency ${DEFAULT_PAGE_CONCURRENCY}; median)\n\n${line(headers)}\n` +
    `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|\n` +
    `${rows.map(line).join('\n')}\n`,
);

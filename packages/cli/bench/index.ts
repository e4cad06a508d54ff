/**
 * `pnpm --filter @iotile/cli bench` (after a build): what the `iotile` command costs.
 *
 * 1. `iotile data <stream> --out file.csv` of 1,000,000 points from @iotile/mock-cloud (its own process,
 *    a synthetic stream) against the baseline, a plain script doing `StreamData.iterate()` into
 *    `writeCsv` (bench/baseline.mjs). Both are whole processes (start, download, exit), measured the same
 *    way; peak RSS from `process.resourceUsage()`. Targets: time <= 1.3x the baseline, peak RSS < 100 MB.
 *    Also the same command through `runCli()` (bench/in-process.mjs, as a program calls it: Node's
 *    default heap; the executable sizes its heap for streaming, src/streaming-heap.ts), and for the
 *    last 10 points only (`--lastn 10`): what any `iotile data` costs whatever its length (Node, the
 *    CLI's modules, fetch's first requests).
 * 2. Cold start of `iotile --help` against `node -e 0`. Target < 250 ms.
 *
 * Never run as a test; figures depend on the machine. Progress to stderr, tables to stdout.
 */
/* biome-ignore-all lint/suspicious/noConsole: a benchmark prints its tables */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 15);
const SLUG = 's--0000-0001--0000-0000-0000-0001--5001';
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-secret';
const BIN = fileURLToPath(new URL('../bin/iotile.js', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline.mjs', import.meta.url));
const IN_PROCESS = fileURLToPath(new URL('./in-process.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));
const MOCK = fileURLToPath(
  new URL('../node_modules/@iotile/mock-cloud/bin/iotile-mock-cloud.js', import.meta.url),
);
const work = mkdtempSync(join(tmpdir(), 'iotile-cli-bench-'));
const env = { ...process.env, IOTILE_CONFIG_DIR: join(work, 'config'), IOTILE_TOKEN: '', NO_COLOR: '1' };

const log = (message: string) => process.stderr.write(`${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

interface Measured {
  wallMs: number;
  maxRssMB: number;
  stdout: string;
}

/** Runs `node [--import probe] args`, resolving wall time, peak RSS and stdout; throws on a non-zero exit. */
function measure(args: string[], input?: string): Promise<Measured> {
  const probeFile = join(work, `probe-${Math.random().toString(36).slice(2)}.json`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PROBE, ...args], {
      env: { ...env, IOTILE_BENCH_PROBE: probeFile },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stdin.end(input ?? '');
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited with ${code}`));
        return;
      }
      const probe = JSON.parse(readFileSync(probeFile, 'utf8')) as { maxRssKiB: number };
      resolve({ wallMs, maxRssMB: probe.maxRssKiB / 1024, stdout });
    });
  });
}

async function startMock(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [MOCK, '--user', `${EMAIL}=${PASSWORD}`, '--synthetic', `${SLUG}=${POINTS}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk;
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) {
        resolve(line);
      }
    });
    child.once('exit', (code) => reject(new Error(`the mock cloud exited with ${code}`)));
  });
  return { url, child };
}

function table(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(line(headers));
  console.log(
    `|${widths.map((width, i) => (i === 0 ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`,
  );
  for (const row of cells.slice(1)) {
    console.log(line(row));
  }
}

async function main(): Promise<void> {
  const { url, child } = await startMock();
  try {
    log(`mock cloud at ${url} with ${POINTS.toLocaleString('en-US')} points`);
    await measure([BIN, '--domain', url, 'login', '--email', EMAIL, '--password-stdin'], PASSWORD);
    const token = (
      JSON.parse(readFileSync(join(work, 'config', 'credentials.json'), 'utf8')) as {
        sessions: Record<string, { token: string }>;
      }
    ).sessions[url]?.token as string;
    const cliOut = join(work, 'cli.csv');
    const baseOut = join(work, 'baseline.csv');
    const end = '2100-01-01T00:00:00Z';
    const results: Record<'cli' | 'baseline' | 'inProcess' | 'floor', Measured[]> = {
      cli: [],
      baseline: [],
      inProcess: [],
      floor: [],
    };
    // `node <script> --domain url --quiet data SLUG <window> --out <file>`
    const data = (script: string, window: string[], out: string) => [
      script,
      ...['--domain', url, '--quiet', 'data', SLUG, ...window, '--out', out],
    ];
    for (let run = 0; run <= RUNS; run++) {
      // Run 0 warms the server and the file cache; it is not counted.
      const cli = await measure(data(BIN, ['--end', end], cliOut));
      const baseline = await measure([BASELINE, url, token, SLUG, baseOut]);
      const inProcess = await measure(data(IN_PROCESS, ['--end', end], join(work, 'in-process.csv')));
      const floor = await measure(data(BIN, ['--lastn', '10'], join(work, 'floor.csv')));
      if (run > 0) {
        results.cli.push(cli);
        results.baseline.push(baseline);
        results.inProcess.push(inProcess);
        results.floor.push(floor);
      }
      log(
        `  run ${run}/${RUNS}: cli ${Math.round(cli.wallMs)} ms ${cli.maxRssMB.toFixed(1)} MB, baseline ${Math.round(baseline.wallMs)} ms ${baseline.maxRssMB.toFixed(1)} MB, in-process ${Math.round(inProcess.wallMs)} ms ${inProcess.maxRssMB.toFixed(1)} MB, --lastn 10 ${floor.maxRssMB.toFixed(1)} MB`,
      );
    }
    const cliLines = readFileSync(cliOut, 'utf8').split('\n').length - 2;
    if (cliLines !== POINTS || statSync(cliOut).size === 0) {
      throw new Error(`iotile data wrote ${cliLines} rows, expected ${POINTS}`);
    }
    const baseTime = median(results.baseline.map((r) => r.wallMs));
    console.log(
      `\n**1. ${POINTS.toLocaleString('en-US')} points to CSV, whole processes (median of ${RUNS})**\n`,
    );
    const labels = {
      cli: '`iotile data --out`',
      baseline: 'baseline: `iterate()` + `writeCsv`',
      inProcess: "`runCli()`, Node's default heap, `data --out`",
      floor: '`iotile data --lastn 10 --out` (10 points)',
    };
    table(
      ['variant', 'time', 'points/s', 'peak RSS (median)', 'peak RSS (max)', 'time / baseline'],
      (['cli', 'baseline', 'inProcess', 'floor'] as const).map((name) => {
        const time = median(results[name].map((r) => r.wallMs));
        const points = name === 'floor' ? 10 : POINTS;
        return [
          labels[name],
          `${Math.round(time).toLocaleString('en-US')} ms`,
          name === 'floor' ? '' : Math.round((points / time) * 1000).toLocaleString('en-US'),
          `${median(results[name].map((r) => r.maxRssMB)).toFixed(1)} MB`,
          `${Math.max(...results[name].map((r) => r.maxRssMB)).toFixed(1)} MB`,
          name === 'floor' ? '' : `${(time / baseTime).toFixed(2)}x`,
        ];
      }),
    );
  } finally {
    child.kill('SIGTERM');
  }

  const help: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run <= START_RUNS; run++) {
    const h = await measure([BIN, '--help']);
    const b = await measure(['-e', '0']);
    if (run > 0) {
      help.push(h.wallMs);
      bare.push(b.wallMs);
    }
  }
  console.log(`\n**2. Cold start (median of ${START_RUNS})**\n`);
  table(
    ['command', 'time (median)', 'time (min)'],
    [
      ['`iotile --help`', `${Math.round(median(help))} ms`, `${Math.round(Math.min(...help))} ms`],
      ['`node -e 0`', `${Math.round(median(bare))} ms`, `${Math.round(Math.min(...bare))} ms`],
    ],
  );
  rmSync(work, { recursive: true, force: true });
}

await main();

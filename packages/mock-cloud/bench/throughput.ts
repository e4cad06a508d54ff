/**
 * Throughput of `/stream/{slug}/data/` on 127.0.0.1: how many points per second a client gets from the
 * mock (in its own process, through its CLI) for a million-point synthetic stream, at page sizes 5000 and
 * 20000, one request at a time and 4 at a time. Side by side: a baseline server that answers the same
 * page bytes from memory, so the ratio shows what generating pages costs. Run with
 * `pnpm --filter @iotile/mock-cloud bench` (after a build).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SLUG = 's--0000-0001--0000-0000-0000-0001--5001';
const POINTS = 1_000_000;
const TOTAL_PER_RUN = 200_000;
/** Each figure is the median of this many runs (the machine is shared; single runs are noisy). */
const REPEATS = 3;
const children: ChildProcess[] = [];

function start(args: string[]): Promise<string> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function fetchPage(url: string, token: string | null): Promise<{ points: number; bytes: number }> {
  const res = await fetch(url, token ? { headers: { authorization: `jwt ${token}` } } : {});
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  }
  return { points: (JSON.parse(text) as { results: unknown[] }).results.length, bytes: text.length };
}

interface Result {
  pointsPerSecond: number;
  megabytesPerSecond: number;
}

/** Fetches `pages` pages with `concurrency` requests in flight; `urlFor(i)` gives page i's URL. */
async function run(
  urlFor: (i: number) => string,
  pages: number,
  concurrency: number,
  token: string | null,
): Promise<Result> {
  let next = 0;
  let points = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pages) {
        const page = next++;
        const got = await fetchPage(urlFor(page), token);
        points += got.points;
        bytes += got.bytes;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { pointsPerSecond: points / seconds, megabytesPerSecond: bytes / seconds / 1e6 };
}

async function median(measure: () => Promise<Result>): Promise<Result> {
  const results: Result[] = [];
  for (let i = 0; i < REPEATS; i++) {
    results.push(await measure());
  }
  results.sort((a, b) => a.pointsPerSecond - b.pointsPerSecond);
  return results[Math.floor(results.length / 2)] as Result;
}

async function main(): Promise<void> {
  const bin = fileURLToPath(new URL('../bin/iotile-mock-cloud.js', import.meta.url));
  const mock = await start([bin, '--user', 'bench@example.com=bench', '--synthetic', `${SLUG}=${POINTS}`]);
  const login = await fetch(`${mock}/api/v1/auth/login/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench' }),
  });
  const token = ((await login.json()) as { jwt: string }).jwt;

  const rows: string[][] = [];
  for (const pageSize of [5000, 20000]) {
    const pages = TOTAL_PER_RUN / pageSize;
    const mockUrl = (i: number) => `${mock}/api/v1/stream/${SLUG}/data/?page_size=${pageSize}&page=${i + 1}`;
    const sample = await (await fetch(mockUrl(10), { headers: { authorization: `jwt ${token}` } })).text();
    const file = join(mkdtempSync(join(tmpdir(), 'mock-bench-')), 'page.json');
    writeFileSync(file, sample);
    const baseline = await start([fileURLToPath(new URL('./static-page-server.mjs', import.meta.url)), file]);
    for (const concurrency of [1, 4]) {
      await run(mockUrl, 2, concurrency, token); // warm-up
      await run(() => `${baseline}/`, 2, concurrency, null);
      const m = await median(() => run(mockUrl, pages, concurrency, token));
      const b = await median(() => run(() => `${baseline}/`, pages, concurrency, null));
      rows.push([
        String(pageSize),
        String(concurrency),
        Math.round(m.pointsPerSecond).toLocaleString('en-US'),
        m.megabytesPerSecond.toFixed(1),
        Math.round(b.pointsPerSecond).toLocaleString('en-US'),
        (m.pointsPerSecond / b.pointsPerSecond).toFixed(2),
      ]);
    }
    children.pop()?.kill('SIGTERM');
  }
  const header = [
    'page_size',
    'concurrency',
    'mock points/s',
    'mock MB/s',
    'baseline points/s',
    'mock/baseline',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ')} |`;
  process.stdout.write(
    `Points served by /stream/{slug}/data/ over HTTP on 127.0.0.1 (${TOTAL_PER_RUN.toLocaleString('en-US')} points per run, ` +
      `client JSON.parse included, median of ${REPEATS}; baseline = same page bytes from a bare node:http server)\n\n`,
  );
  process.stdout.write(
    `${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`,
  );
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) {
      child.kill('SIGTERM');
    }
  });

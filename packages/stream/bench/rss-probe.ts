/**
 * Run in its own process by the benchmark: logs in, then `iterate()`s over a whole stream while
 * sampling RSS, and prints `{ points, peakGrowthMb, endGrowthMb, ms }` as one JSON line. The server is
 * another process, so only the client's memory is measured.
 *
 * Arguments: `<url> <stream slug> [page_size] [concurrency] [live]`. With `live`, a full GC runs every
 * 100,000 points and `retainedMb` is the largest JS heap growth seen right after one: what the download
 * really keeps, as opposed to garbage V8 has not collected yet.
 */

import { Api } from '@iotile/client';
import { StreamData } from '../src/index.js';
import { BENCH_EMAIL, BENCH_PASSWORD } from './constants.js';

const [url = '', slug = '', pageSize, concurrency, live] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
const api = new Api({ domain: url });
if (!(await api.login({ email: BENCH_EMAIL, password: BENCH_PASSWORD }))) {
  throw new Error('login failed');
}
// Warm up the code paths (and the connection) on a small read, then measure from a collected heap.
for await (const _ of new StreamData(slug, api).iterate({ lastn: 1000 })) {
  // nothing
}
gc?.();
const base = process.memoryUsage().rss;
const baseHeap = process.memoryUsage().heapUsed;
let peak = base;
let peakHeap = baseHeap;
const sample = () => {
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
};
const timer = setInterval(sample, 10);
const started = performance.now();
let points = 0;
let retained = 0;
let checksum = 0;
const params = pageSize && pageSize !== '-' ? { page_size: Number(pageSize) } : {};
const options = concurrency && concurrency !== '-' ? { concurrency: Number(concurrency) } : {};
for await (const point of new StreamData(slug, api).iterate(params, options)) {
  points++;
  checksum += point.value ?? 0;
  if (points % 5000 === 0) {
    sample();
  }
  if (live === 'live' && points % 100_000 === 0 && gc) {
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - baseHeap);
  }
}
const ms = performance.now() - started;
clearInterval(timer);
sample();
const mb = (bytes: number) => bytes / 1024 / 1024;
process.stdout.write(
  `${JSON.stringify({ points, checksum, ms, peakGrowthMb: mb(peak - base), peakHeapGrowthMb: mb(peakHeap - baseHeap), retainedMb: mb(retained), endGrowthMb: mb(process.memoryUsage().rss - base) })}\n`,
);

// Run by test/streaming-heap.test.ts in its own process: sets the V8 flags given as arguments (as
// useStreamingHeap() does), then does what a download does to the heap and prints what V8 did (JSON,
// last line of stdout):
// - records that survive a few scavenges and then die (a sliding window of 150,000, as pages in flight):
//   the largest young generation and old space seen after any collection;
// - 300 fetches of a 60 kB answer from a local server: V8 prints each WebAssembly compilation of
//   undici's HTTP parser (--trace-wasm-compilation-times), so the parent sees whether TurboFan ran.
import { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { watchHeapPeaks } from './heap-peaks.mjs';

setFlagsFromString('--trace-wasm-compilation-times');
for (const flag of process.argv.slice(2)) {
  setFlagsFromString(flag);
}

const { peak, sample, stop } = watchHeapPeaks();

const window = new Array(150_000);
for (let i = 0; i < 3_000_000; i++) {
  window[i % window.length] = { timestamp: `2024-01-01T00:00:${i}Z`, value: i, id: i * 2 };
}
await new Promise((resolve) => setImmediate(resolve));
sample();
stop();

const body = JSON.stringify({
  results: Array.from({ length: 2000 }, (_, i) => ({ id: i, text: 'x'.repeat(20) })),
});
const server = createServer((_request, response) => response.end(body));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
for (let i = 0; i < 300; i++) {
  await (await fetch(url)).text();
}
server.close();
process.stdout.write(`${JSON.stringify(peak)}\n`);
process.exit(0);

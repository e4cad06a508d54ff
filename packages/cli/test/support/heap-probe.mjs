// Preloaded (`node --import`) into an `iotile` process by test/streaming-heap.e2e.test.ts: on exit,
// writes the largest young generation and old space seen (heap-peaks.mjs) to the file named by
// IOTILE_HEAP_PROBE. V8 also prints each WebAssembly compilation (of undici's HTTP parser) on stdout,
// naming its compiler.
import { writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { watchHeapPeaks } from './heap-peaks.mjs';

const file = process.env.IOTILE_HEAP_PROBE;
if (file) {
  setFlagsFromString('--trace-wasm-compilation-times');
  const { peak, sample } = watchHeapPeaks();
  process.on('exit', () => {
    sample();
    writeFileSync(file, JSON.stringify(peak));
  });
}

// Preloaded (`node --import`) into an `iotile` process by test/streaming-heap.e2e.test.ts: after each
// garbage collection, notes the largest young generation and old space seen; on exit, writes them (bytes)
// to the file named by IOTILE_HEAP_PROBE. V8 also prints each WebAssembly compilation (of undici's
// HTTP parser) on stdout, naming its compiler.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const file = process.env.IOTILE_HEAP_PROBE;
if (file) {
  setFlagsFromString('--trace-wasm-compilation-times');
  const peak = { newSpace: 0, oldSpace: 0, collections: 0 };
  const sample = () => {
    for (const space of getHeapSpaceStatistics()) {
      if (space.space_name === 'new_space') {
        peak.newSpace = Math.max(peak.newSpace, space.space_size);
      } else if (space.space_name === 'old_space') {
        peak.oldSpace = Math.max(peak.oldSpace, space.space_size);
      }
    }
  };
  new PerformanceObserver((list) => {
    peak.collections += list.getEntries().length;
    sample();
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    sample();
    writeFileSync(file, JSON.stringify(peak));
  });
}

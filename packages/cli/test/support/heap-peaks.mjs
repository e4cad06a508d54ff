// The largest young generation and old space V8 has had (bytes), sampled after each garbage collection:
// what test/support/heap-probe.mjs and heap-workload.mjs report.
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/** Starts watching; `sample()` adds the present sizes, `stop()` ends the watch. */
export function watchHeapPeaks() {
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
  const observer = new PerformanceObserver((list) => {
    peak.collections += list.getEntries().length;
    sample();
  });
  observer.observe({ entryTypes: ['gc'] });
  return { peak, sample, stop: () => observer.disconnect() };
}

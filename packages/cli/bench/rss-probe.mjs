// Preloaded with `node --import` into a benchmarked process: on exit, writes its peak RSS (KiB) and its
// lifetime (ms, from process start) to the file named by IOTILE_BENCH_PROBE.
import { writeFileSync } from 'node:fs';

const file = process.env.IOTILE_BENCH_PROBE;
if (file) {
  process.on('exit', () => {
    writeFileSync(
      file,
      JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, uptimeMs: process.uptime() * 1000 }),
    );
  });
}

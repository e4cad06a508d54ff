/**
 * The hostile-server scenarios of issue 11, each in its own process (`hostile-scenario.ts`), as a
 * table: requests the server saw, peak RSS, time, secrets leaked, outcome. A measurement, not a test:
 * run it on two builds to compare them (`pnpm --filter @iotile/stream bench:hostile`).
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./hostile-scenario.ts', import.meta.url));

function run(args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = result.stdout.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/** One line of the table. */
function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const { names } = JSON.parse(run([])) as { names: string[] };
const only = process.argv.slice(2);
out('| scenario | requests | peak RSS (MB) | time (ms) | leaks | outcome |');
out('| --- | ---: | ---: | ---: | ---: | --- |');
for (const name of names.filter((n) => only.length === 0 || only.includes(n))) {
  const line = run([name]);
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    out(`| ${name} | ${r.requests} | ${r.peakRssMb} | ${r.ms} | ${r.leaks} | ${r.outcome} |`);
  } catch {
    out(`| ${name} | | | | | crashed: ${line.slice(0, 80)} |`);
  }
}

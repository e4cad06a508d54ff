/**
 * The `iotile` executable downloads with a heap sized for streaming (src/streaming-heap.ts), observed
 * in the process itself (test/support/heap-probe.mjs): the same download of 200,000 points through
 * `runCli()` with Node's default heap grows its young generation to 16 MB semi-spaces; the
 * executable's stays at its initial size, and V8 never compiles undici's HTTP parser with TurboFan.
 * (test/streaming-heap.test.ts checks each setting's effect on its own.)
 */

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunningServer } from '@iotile/mock-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG, BIG_COUNT, startCloud, USER } from './support/cloud.js';
import { BIN, childEnv, collect, type Home, loggedInHome } from './support/run.js';

const PROBE = fileURLToPath(new URL('./support/heap-probe.mjs', import.meta.url));
/** `iotile` as a program runs it with `runCli()`: Node's default heap (the benchmark's variant too). */
const UNTUNED = fileURLToPath(new URL('../bench/in-process.mjs', import.meta.url));

interface HeapPeak {
  newSpace: number;
  oldSpace: number;
  collections: number;
  /** How many WebAssembly functions V8 compiled with TurboFan (its tier-up). */
  turbofan: number;
}

let server: RunningServer;
let home: Home;

beforeAll(async () => {
  ({ server } = await startCloud());
  home = await loggedInHome(server.url, USER);
});
afterAll(() => server.close());

/**
 * Downloads BIG to a file with `script` (the executable or the untuned one) in a process whose heap
 * limits are those of a machine with memory to spare (V8 derives them from the machine's memory
 * otherwise); resolves its heap's peaks.
 */
async function download(script: string, name: string): Promise<HeapPeak> {
  const probeFile = join(home.dir, `${name}.heap.json`);
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '--max-semi-space-size=16',
      '--import',
      pathToFileURL(PROBE).href,
      script,
      'data',
      BIG,
      '--out',
      join(home.dir, `${name}.csv`),
    ],
    {
      env: { ...childEnv({ home, domain: server.url }), IOTILE_HEAP_PROBE: probeFile },
      cwd: home.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const result = await collect(child);
  expect(result).toMatchObject({ code: 0 });
  expect(
    readFileSync(join(home.dir, `${name}.csv`), 'utf8')
      .trimEnd()
      .split('\n'),
  ).toHaveLength(BIG_COUNT + 1);
  const turbofan = result.stdout.split('\n').filter((line) => line.includes('using TurboFan')).length;
  return { ...(JSON.parse(readFileSync(probeFile, 'utf8')) as Omit<HeapPeak, 'turbofan'>), turbofan };
}

describe("the executable's heap", () => {
  it('`iotile data` runs with the streaming heap: a young generation that never grows, no TurboFan', async () => {
    const executable = await download(BIN, 'executable');
    const untuned = await download(UNTUNED, 'untuned');
    // Node 20 starts with two 1 MB semi-spaces and lets them grow to 16 MB each.
    expect(untuned.newSpace).toBeGreaterThan(4 * executable.newSpace);
    expect(executable.newSpace).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(executable.turbofan).toBe(0);
  });
});

/**
 * Each of the executable's heap settings (src/streaming-heap.ts) does what it is there for, and the
 * others do not do it in its place: a workload that treats the heap as a download does
 * (test/support/heap-workload.mjs) runs in its own process with every setting, then without each one.
 * Its collector runs on one thread (`--single-threaded-gc`), so what it measures does not depend on
 * the machine's load, and its heap's limits are those of a machine with memory to spare (V8 derives
 * them, and how fast the old generation may grow, from the machine's memory otherwise).
 */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAMING_HEAP_FLAGS } from '../src/streaming-heap.js';

const WORKLOAD = fileURLToPath(new URL('./support/heap-workload.mjs', import.meta.url));

interface Observed {
  /** The largest young generation and old space seen after a collection (bytes). */
  newSpace: number;
  oldSpace: number;
  /** WebAssembly functions compiled with TurboFan (undici's HTTP parser, once hot). */
  turbofan: number;
}

async function observe(flags: readonly string[]): Promise<Observed> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--single-threaded-gc', '--max-old-space-size=4096', '--max-semi-space-size=16', WORKLOAD, ...flags],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const lines = stdout.trimEnd().split('\n');
  const turbofan = lines.filter((line) => line.includes('using TurboFan')).length;
  return { ...(JSON.parse(lines.at(-1) as string) as Omit<Observed, 'turbofan'>), turbofan };
}

const without = (prefix: string) => STREAMING_HEAP_FLAGS.filter((flag) => !flag.startsWith(prefix));

let all: Observed;
let withoutYoung: Observed;
let withoutOld: Observed;
let withoutWasm: Observed;

beforeAll(async () => {
  [all, withoutYoung, withoutOld, withoutWasm] = await Promise.all([
    observe(STREAMING_HEAP_FLAGS),
    observe(without('--semi-space-growth-factor=')),
    observe(without('--heap-growing-percent=')),
    observe(without('--wasm-tiering-budget=')),
  ]);
}, 120_000);

describe('the streaming heap settings', () => {
  it('each run without one setting leaves out exactly that one', () => {
    expect(without('--semi-space-growth-factor=')).toHaveLength(2);
    expect(without('--heap-growing-percent=')).toHaveLength(2);
    expect(without('--wasm-tiering-budget=')).toHaveLength(2);
  });

  it('--semi-space-growth-factor: the young generation keeps its initial size', () => {
    expect(all.newSpace).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(withoutYoung.newSpace).toBeGreaterThan(4 * all.newSpace);
  });

  it('--heap-growing-percent: the old space stays near its live size', () => {
    // ~100 MB without it for ~20 MB of records alive at a time; 8-32 MB with it.
    expect(withoutOld.oldSpace).toBeGreaterThan(2 * all.oldSpace);
  });

  it("--wasm-tiering-budget: undici's HTTP parser is never compiled again by TurboFan", () => {
    expect(all.turbofan).toBe(0);
    expect(withoutWasm.turbofan).toBeGreaterThan(0);
  });
});

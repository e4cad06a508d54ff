/**
 * The `iotile` executable's V8 heap settings, made first thing at its start (main.ts): a heap sized for
 * streaming, in the one thread that runs the command. Internal: `runCli()` in a program never changes
 * the host's heap.
 *
 * Why: a download streams (one chunk of a page held at a time, about 1 MB live), yet with Node's
 * defaults a process peaks at ~150 MB for a million points, because V8 sizes its heap for throughput:
 * - the young generation grows to two 16 MB semi-spaces (32 on Node 24), since each scavenge finds the
 *   chunk in use alive; socket buffers and fetch's copies then wait for those larger collections;
 * - the old generation grows up to 4x its live size between full collections on a machine with
 *   memory to spare, so promoted garbage piles up;
 * - once undici's HTTP parser (llhttp, WebAssembly) is hot, V8 compiles it again with TurboFan
 *   (~20 MB for a moment), although its baseline (Liftoff) code already parses at network speed.
 *
 * A process cannot change the heap's maximum sizes once started (`--max-semi-space-size` given to
 * `v8.setFlagsFromString` changes nothing), but these three settings are read each time V8 decides,
 * so setting them before the work starts is enough. None is a testing flag, and none limits what a
 * download may hold: a page read whole (up to the client's `maxPageBytes`, 64 MiB) still fits.
 *
 * Measured (README, Benchmark): a million points to CSV peak at ~92 MB instead of ~150 MB, at
 * 1.12x the time; `test/streaming-heap.test.ts` checks each setting's effect.
 */

import { setFlagsFromString } from 'node:v8';

/** The V8 settings, each with why. */
export const STREAMING_HEAP_FLAGS = [
  // The young generation keeps its initial size (two 1 MB semi-spaces on Node 20): a scavenge per MB
  // allocated, so buffers are freed within a few MB of their last use.
  '--semi-space-growth-factor=1',
  // The old generation grows by 30% of its live size between full collections, not up to 4x.
  '--heap-growing-percent=30',
  // Only tier-up counting changes: WebAssembly functions never reach the budget, so TurboFan never
  // compiles them.
  '--wasm-tiering-budget=2147483647',
] as const;

/** Sets {@link STREAMING_HEAP_FLAGS} for this process (the executable's, before any command runs). */
export function useStreamingHeap(): void {
  for (const flag of STREAMING_HEAP_FLAGS) {
    setFlagsFromString(flag);
  }
}

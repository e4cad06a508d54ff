/**
 * The `iotile` executable runs `iotile data` in a worker thread whose heap is sized for streaming.
 *
 * Why: a download streams (a chunk of a page held at a time, about 1 MB live), yet a plain Node
 * process peaks at ~160 MB for a million points. V8 sizes its heap for throughput, not for a
 * streaming loop: the young generation grows to two 16 MB semi-spaces because each scavenge finds the
 * chunk in use alive, the old generation collects late, socket buffers and fetch's copies wait for
 * those collections, and V8 compiles undici's HTTP parser (llhttp, WebAssembly) a second time with
 * TurboFan (~20 MB for a moment). A process cannot resize its own heap once started, but a worker's
 * heap is sized when it is made (`resourceLimits`), in the same process:
 *
 * - a 3 MB young generation (a chunk is ~1 MB of objects), so buffers are freed within a few MB of
 *   allocation;
 * - an old generation limited to 1 GB. Under V8's low-memory threshold V8 also grows the old
 *   generation more slowly between full collections. A 1 GB limit is not a limit on what a download
 *   can do: a page is read whole only up to the client's `maxPageBytes` (64 MiB). A worker out of
 *   memory is reported as one line (exit 1) instead of a crash;
 * - WebAssembly tier-up is effectively off (`--wasm-tiering-budget`, a process-wide V8 setting made
 *   before the worker starts fetch): llhttp's baseline (Liftoff) code parses at network speed.
 *
 * Measured (README, Benchmark): ~160 MB -> ~100 MB peak RSS for a million points. Output goes straight
 * to file descriptors 1 and 2 from the worker (`lean-worker-main.ts`), with the writes' backpressure;
 * the main thread only parses the command line, forwards Ctrl-C and exits with the worker's code.
 * Only the executable does this: `runCli()` in a program runs every command in its own thread.
 */

import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { EXIT_FAILURE, EXIT_INTERRUPTED } from './errors.js';

/** The worker's heap (MB): see above. */
export const LEAN_HEAP_LIMITS = { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 1024 } as const;

/** What the worker needs to know of the main thread's streams (a worker's own are not terminals). */
export interface LeanWorkerData {
  args: readonly string[];
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stderrColumns: number | undefined;
}

/** The message the main thread sends on Ctrl-C. */
export const INTERRUPT_MESSAGE = 'interrupt';

/** The message the worker sends when its command has ended and its output is written. */
export interface LeanWorkerDone {
  exitCode: number;
}

/**
 * Runs `iotile <args>` in the lean worker; resolves its exit code. Ctrl-C is handed to the worker
 * (the command aborts its requests and removes a temporary file, exit 130); a second one exits at once.
 */
export function runInLeanWorker(args: readonly string[]): Promise<number> {
  // Only tier-up counting changes: functions never reach the budget, so TurboFan never compiles them.
  setFlagsFromString('--wasm-tiering-budget=2147483647');
  const workerData: LeanWorkerData = {
    args,
    // Asked of the descriptors, not of process.stdout/stderr: opening a pipe's stream here would make
    // it non-blocking under the worker's writes. A terminal's stream is safe to open (libuv reopens it).
    stdoutIsTTY: isatty(1),
    stderrIsTTY: isatty(2),
    stderrColumns: isatty(2) ? process.stderr.columns : undefined,
  };
  const worker = new Worker(new URL('./lean-worker-main.js', import.meta.url), {
    workerData,
    resourceLimits: LEAN_HEAP_LIMITS,
    // Not piped to this thread's process.stdout/stderr: opening those streams makes a pipe's
    // descriptor non-blocking, and the worker's own writes to fd 1 then fail with EAGAIN when the
    // reader is slower (Node's write stream gives up after five tries: "write failed").
    stdout: true,
    stderr: true,
  });
  // The worker writes its output to fd 1 and 2 itself; anything it writes to its own process.stdout
  // or stderr (nothing of ours does) is passed on the same way.
  worker.stdout.on('data', (chunk: Buffer) => writeSync(1, chunk));
  worker.stderr.on('data', (chunk: Buffer) => writeSync(2, chunk));
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    worker.postMessage(INTERRUPT_MESSAGE);
  };
  process.on('SIGINT', onSigint);
  return new Promise<number>((resolve) => {
    let exitCode: number | undefined;
    worker.on('message', (message: LeanWorkerDone) => {
      exitCode = message.exitCode;
      // Idle keep-alive connections would hold the worker for seconds: its work is done.
      void worker.terminate();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (exitCode !== undefined) {
        return; // the command had ended (e.g. on a closed pipe) and the worker was being stopped
      }
      const text =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `out of memory (the download's limit is ${LEAN_HEAP_LIMITS.maxOldGenerationSizeMb} MB)`
          : `unexpected error: ${error.message}`;
      writeSync(2, `iotile: ${text}\n`);
      exitCode = EXIT_FAILURE;
    });
    worker.on('exit', (code) => {
      process.removeListener('SIGINT', onSigint);
      resolve(exitCode ?? code);
    });
  });
}

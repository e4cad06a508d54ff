/**
 * The lean worker's entry (see `lean-worker.ts`): runs one `iotile` command line with the process's
 * file descriptors 1 and 2 as its output, and Ctrl-C from the main thread.
 *
 * Why file descriptors: a worker's `process.stdout` is copied to the main thread without
 * backpressure, so `iotile data | slow-consumer` would pile the whole download up there. A write
 * stream on fd 1 waits for each write, as the main thread's own stdout would.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { runCli } from './cli.js';
import type { CliIo } from './context.js';
import { INTERRUPT_MESSAGE, type LeanWorkerData, type LeanWorkerDone } from './lean-worker.js';

const data = workerData as LeanWorkerData;
const port = parentPort;
if (port === null) {
  throw new Error('lean-worker-main.js runs only as a worker (see lean-worker.ts)');
}

function descriptorStream(fd: number, tty: boolean, columns?: number): WriteStream & { isTTY?: boolean } {
  const stream = createWriteStream('', { fd, autoClose: false }) as WriteStream & {
    isTTY?: boolean;
    columns?: number;
  };
  // What the command asks of its streams (the progress bar: a terminal, and its width).
  stream.isTTY = tty;
  if (columns !== undefined) {
    stream.columns = columns;
  }
  return stream;
}

const stdout = descriptorStream(1, data.stdoutIsTTY);
const stderr = descriptorStream(2, data.stderrIsTTY, data.stderrColumns);

// The command's end, reported once; the main thread then stops this thread. What the command does
// after that (unwinding from a closed pipe) is not shown.
let finished = false;
function finish(exitCode: number): void {
  if (!finished) {
    finished = true;
    stderr.write = (...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        queueMicrotask(() => callback());
      }
      return true;
    };
    port?.postMessage({ exitCode } satisfies LeanWorkerDone);
  }
}

// `iotile data | head`: a closed pipe ends the command quietly (as the main thread does), exit 0.
stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    finish(0);
    return;
  }
  throw error;
});

const io: CliIo = {
  stdout,
  stderr,
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  onInterrupt(listener) {
    const onMessage = (message: unknown) => {
      if (message === INTERRUPT_MESSAGE) {
        listener();
      }
    };
    port.on('message', onMessage);
    return () => port.off('message', onMessage);
  },
};

const exitCode = await runCli(data.args, io);
const flushed = (stream: WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(stdout), flushed(stderr)]);
finish(exitCode);

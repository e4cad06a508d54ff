/** The `iotile` executable (bin/iotile.js imports this). */

import { runCommandLine } from './cli.js';
import type { CliIo } from './context.js';

const args = process.argv.slice(2);

// The process's streams, each opened on first use: `iotile data` writes to fd 1 and 2 from a worker
// (lean-worker.ts), and opening them here would change their mode under it.
const opened: NodeJS.WriteStream[] = [];
function open(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (!opened.includes(stream)) {
    opened.push(stream);
    if (stream === process.stdout) {
      // `iotile ls ... | head`: a closed pipe ends the command quietly.
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') {
          process.exit(0);
        }
        throw error;
      });
    }
  }
  return stream;
}
const io: CliIo = {
  get stdout() {
    return open(process.stdout);
  },
  get stderr() {
    return open(process.stderr);
  },
  get stdin() {
    return process.stdin;
  },
  env: process.env,
};

const code = await runCommandLine(args, io, {
  // `iotile data` runs in a worker whose heap is sized for streaming (lean-worker.ts).
  runData: async () => (await import('./lean-worker.js')).runInLeanWorker(args),
});

// Exit as soon as what this thread wrote is flushed: idle keep-alive connections of fetch would
// otherwise hold the process for seconds after the work is done.
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all(opened.map(flushed));
process.exit(code);

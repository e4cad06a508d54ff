/** The `iotile` executable (bin/iotile.js imports this). */

import { useStreamingHeap } from './streaming-heap.js';

// Before the commands' modules load and allocate: the heap is sized for streaming (streaming-heap.ts).
useStreamingHeap();
const { processIo, runCli } = await import('./cli.js');

// `iotile data ... | head`: a closed pipe ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

const code = await runCli(process.argv.slice(2), processIo());

// Exit as soon as the output is flushed: idle keep-alive connections of fetch would otherwise hold
// the process for seconds after the work is done.
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);

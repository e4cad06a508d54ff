// `iotile` as a program runs it with `runCli()`: Node's default heap, for comparison with the
// executable's (test/streaming-heap.e2e.test.ts).
import { runCli } from '../../dist/index.js';

process.exit(await runCli(process.argv.slice(2)));

// `iotile` as `runCli()` runs it in a program: Node's default heap (the executable sizes its heap for
// streaming first, src/streaming-heap.ts): what those settings save.
import { runCli } from '../dist/index.js';

process.exit(await runCli(process.argv.slice(2)));

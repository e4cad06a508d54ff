// `iotile` with every command in the main thread, as `runCli()` runs it in a program (the executable
// runs `iotile data` in its lean worker instead): what the worker saves.
import { runCli } from '../dist/index.js';

process.exit(await runCli(process.argv.slice(2)));

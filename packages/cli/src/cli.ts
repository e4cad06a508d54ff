/** `runCli(argv, io)`: parses and runs one `iotile` command line; resolves the exit code. */

import type { CliIo } from './context.js';
import { describeError, EXIT_OK, EXIT_USAGE } from './errors.js';
import { createProgram } from './program.js';

/** The process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Runs `iotile <args>` (`args` without `node` and the script) and resolves its exit code. */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  // The command that runs, for the hint of a usage error it throws (`iotile report sum --help`).
  let running: string | undefined;
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let command: typeof action | null = action; command?.parent; command = command.parent) {
      names.unshift(command.name());
    }
    running = names.join(' ');
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      // Commander has printed its message (and the hint) already.
      return code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    const report = describeError(error, { command: running ?? commandOf(args) });
    io.stderr.write(`iotile: ${report.message}\n`);
    if (report.hint !== undefined) {
      io.stderr.write(`hint: ${report.hint}\n`);
    }
    return report.exitCode;
  }
}

/** The subcommand named in `args`, for an error before any action ran (a guess: option values are words too). */
function commandOf(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  if (words[0] === 'report' || words[0] === 'upload') {
    return words.slice(0, 2).join(' ');
  }
  return words[0];
}

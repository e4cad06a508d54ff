/**
 * The `iotile` command tree (commander). Only commander and this file are loaded at start: each
 * action imports its command module (and the SDK packages) when it runs, so `iotile --help` starts
 * fast.
 */

import { readFileSync } from 'node:fs';
import { Command, type CommandUnknownOpts, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { type CliIo, type Context, createContext, DEFAULT_DOMAIN, type GlobalOptions } from './context.js';
import { oneLine, UsageError } from './errors.js';
import { FORMATS, type Format } from './format.js';

export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError('expected a number of seconds above 0');
  }
  return number;
}

function retryCount(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number > 10) {
    throw new InvalidArgumentError('expected an integer from 0 to 10');
  }
  return number;
}

function pageSize(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > 20_000) {
    throw new InvalidArgumentError('expected an integer from 1 to 20000');
  }
  return number;
}

interface FormatFlags {
  format?: string;
  json?: boolean;
  csv?: boolean;
  ndjson?: boolean;
}

/** `--format X` or one of its shortcuts (`--json`, `--csv`, `--ndjson`). */
export function pickFormat(
  flags: FormatFlags,
  fallback: Format,
  allowed: readonly Format[] = FORMATS,
): Format {
  const chosen = [
    flags.format,
    flags.json ? 'json' : undefined,
    flags.csv ? 'csv' : undefined,
    flags.ndjson ? 'ndjson' : undefined,
  ].filter((value): value is string => value !== undefined);
  if (new Set(chosen).size > 1) {
    throw new UsageError(
      `conflicting formats: ${chosen.join(', ')}`,
      'choose one of --format, --json, --csv, --ndjson',
    );
  }
  const format = chosen[0] ?? fallback;
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(
      `unknown format ${JSON.stringify(format)}`,
      `expected one of: ${allowed.join(', ')}`,
    );
  }
  return format as Format;
}

const EXAMPLES = `
Examples:
  $ iotile login --email me@example.com
  $ iotile ls projects
  $ iotile ls devices --project p--0000-0010
  $ iotile data s--0000-0010--0000-0000-0000-0a01--5001 --start 2025-01-01 --out inflow.csv
  $ iotile report sum p--0000-0010 --start 2025-01-01 --end 2026-01-01
  $ iotile get device/d--0000-0000-0000-0a01
  $ iotile mock --demo

Environment:
  IOTILE_DOMAIN      server, as --domain (default ${DEFAULT_DOMAIN})
  IOTILE_TOKEN       a token to use instead of the one stored by \`iotile login\`
  IOTILE_EMAIL, IOTILE_PASSWORD   credentials for \`iotile login\`
  IOTILE_CONFIG_DIR  where \`iotile login\` stores tokens (default: the user's config directory)

Exit codes: 0 ok, 1 server or network failure, 2 usage error, 130 interrupted.`;

/** Runs a command action with the context built from the global options. */
function withContext<Args extends unknown[]>(
  io: CliIo,
  run: (context: Context, ...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    const command = args[args.length - 1] as CommandUnknownOpts;
    const globals = command.optsWithGlobals() as unknown as GlobalOptions;
    await run(createContext(globals, io), ...args);
  };
}

export function createProgram(io: CliIo): Command {
  const program = new Command()
    .name('iotile')
    .description(
      'IOTile Cloud from the command line: log in, list, download stream data, run reports, upload.',
    )
    .version(cliVersion(), '-V, --version', 'print the version')
    .addOption(
      new Option('--domain <url>', 'IOTile Cloud server').env('IOTILE_DOMAIN').default(DEFAULT_DOMAIN),
    )
    .option('--insecure', 'do not check the server TLS certificate (test servers only)')
    .option('--timeout <seconds>', 'deadline of each request attempt (default 30)', positiveNumber)
    .option('--retries <n>', 'extra attempts after network errors, 429 and 502-504 (default 2)', retryCount)
    .option('-v, --verbose', 'show requests, retries and timings on stderr (never the token)')
    .option('-q, --quiet', 'no progress bar or messages on stderr (errors still)')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`iotile: ${oneLine(text.replace(/^error: /, ''))}\n`),
    });

  program
    .command('login')
    .description('log in and store the token for the domain (mode 0600)')
    .option('--email <email>', 'account e-mail (or IOTILE_EMAIL; asked on a terminal)')
    .option('--password-stdin', 'read the password from stdin (else IOTILE_PASSWORD, else a hidden prompt)')
    .action(
      withContext(io, async (context, options) => {
        const { login } = await import('./commands/login.js');
        await login(context, options);
      }),
    );

  program
    .command('logout')
    .description('end the session and forget the stored token')
    .action(
      withContext(io, async (context) => {
        const { logout } = await import('./commands/logout.js');
        await logout(context);
      }),
    );

  program
    .command('whoami')
    .description('show the account of the current token')
    .option('--json', 'as JSON')
    .action(
      withContext(io, async (context, options) => {
        const { whoami } = await import('./commands/whoami.js');
        await whoami(context, options);
      }),
    );

  program
    .command('ls')
    .description('list orgs, projects, devices, streams or events (every page, fetched as needed)')
    .argument('<kind>', 'orgs | projects | devices | streams | events')
    .option('--org <slug>', 'projects, devices, streams of this org')
    .option('--project <slug>', 'devices, streams of this project (p-- slug or id)')
    .option('--device <slug>', 'streams or events of this device')
    .option('--stream <slug>', 'events of this stream')
    .option('--format <format>', `table | json | ndjson | csv (default table)`)
    .option('--json', 'as a JSON array')
    .option('--ndjson', 'one JSON object per line')
    .option('--csv', 'as CSV (the table columns)')
    .option('--page-size <n>', 'items per request', pageSize)
    .action(
      withContext(io, async (context, kind, options) => {
        const { ls } = await import('./commands/ls.js');
        await ls(context, kind, { ...options, format: pickFormat(options, 'table') });
      }),
    );

  for (const verb of ['get', 'post', 'patch', 'delete'] as const) {
    const sendsBody = verb === 'post' || verb === 'patch';
    const command = program
      .command(verb)
      .description(`${verb.toUpperCase()} any resource below /api/v1/ (e.g. device/d--00d2)`)
      .argument('<path>', 'resource path, e.g. device/d--0000-0000-0000-00d2 or /api/v1/org/')
      .argument(
        '[params...]',
        sendsBody ? 'body fields: key=value (string) or key:=json' : 'query parameters: key=value',
      );
    if (sendsBody) {
      command.option('--data <json>', 'the body as JSON (key=value fields are merged into it)');
    }
    command.action(
      withContext(io, async (context, path, params, options) => {
        const { callResource } = await import('./commands/resource.js');
        await callResource(context, verb, path, params, options as { data?: string });
      }),
    );
  }

  program
    .command('data')
    .description("download a stream's points (streamed, with a progress bar on a terminal)")
    .argument('<stream>', 'stream slug, e.g. s--0000-0010--0000-0000-0000-0a01--5001')
    .option('--start <date>', 'from this time (ISO 8601, UTC unless an offset is given)')
    .option('--end <date>', 'until before this time (default: now)')
    .option('--lastn <n>', 'only the last N points (1-100000)')
    .option('--format <format>', 'csv | ndjson | json | table (default csv)')
    .option('--json', 'as a JSON array')
    .option('--ndjson', 'one JSON object per line')
    .option('--csv', 'as CSV')
    .option('--columns <names>', 'only these fields, comma-separated (e.g. timestamp,output_value)')
    .option('--convert', "add converted_value: the value in the stream's output unit")
    .option('-o, --out <file>', 'write to FILE (complete or not at all) instead of stdout')
    .action(
      withContext(io, async (context, stream, options) => {
        const { data } = await import('./commands/data.js');
        await data(context, stream, { ...options, format: pickFormat(options, 'csv') });
      }),
    );

  const report = program.command('report').description('reports over projects, devices and streams');
  report
    .command('sum')
    .description('accumulation report: the sum of each stream, and the total')
    .argument('<sources...>', 'project (p--), device (d--) and stream (s--) slugs')
    .requiredOption('--start <date>', 'from this time (ISO 8601)')
    .option('--end <date>', 'until before this time (default: now)')
    .option('--json', 'as JSON')
    .action(
      withContext(io, async (context, sources, options) => {
        const { reportSum } = await import('./commands/report.js');
        await reportSum(context, sources, options);
      }),
    );

  const upload = program.command('upload').description('upload streamer reports and events');
  upload
    .command('report')
    .description('upload a streamer report (.bin, .json or .mp)')
    .argument('<file>', 'the report file')
    .option('--timestamp <date>', 'when the report was sent (default: now)')
    .option('--json', "the server's answer as JSON")
    .action(
      withContext(io, async (context, file, options) => {
        const { uploadReport } = await import('./commands/upload.js');
        await uploadReport(context, file, options);
      }),
    );
  upload
    .command('event')
    .description('upload a raw JSON event file (.json or .json.gz) to a stream')
    .argument('<file>', 'the event data file')
    .requiredOption('--stream <slug>', 'the stream of the event')
    .option('--timestamp <date>', 'the event time (default: now)')
    .option('--extra-data <json>', 'a JSON object stored as the event extra_data')
    .option('--json', "the server's answer as JSON")
    .action(
      withContext(io, async (context, file, options) => {
        const { uploadEvent } = await import('./commands/upload.js');
        await uploadEvent(context, file, options);
      }),
    );

  program
    .command('slug')
    .description('convert and check IOTile ids (decimal ids; hex with 0x or a slug prefix)')
    .argument('<kind>', 'project | device | fleet | block | streamer | variable | stream | parse')
    .argument('<values...>', 'e.g. `device 210`, `stream 0x10 0xa01 5001`, `parse d--a01`')
    .option('--json', 'what the slug holds, as JSON')
    .action(
      withContext(io, async (context, kind, values, options) => {
        const { slug } = await import('./commands/slug.js');
        await slug(context, kind, values, options);
      }),
    );

  program
    .command('mock')
    .description('run a local IOTile Cloud (the first line of output is its URL)')
    .option('--demo', 'with the demo data set (user demo@example.com)')
    .option('--port <n>', 'port on 127.0.0.1 (default: any free port)')
    .option('--https', 'HTTPS with a self-signed certificate (then use --insecure)')
    .option('--data <file...>', 'fixture files (JSON)')
    .option('--user <email=password...>', 'add users')
    .option('--synthetic <slug=points...>', 'add synthetic streams')
    .action(
      withContext(io, async (context, options) => {
        const { mock } = await import('./commands/mock.js');
        await mock(context, options);
      }),
    );

  for (const command of allCommands(program as unknown as CommandUnknownOpts)) {
    command.showHelpAfterError(`hint: run: ${commandPath(command)} --help`);
  }
  return program as unknown as Command;
}

function allCommands(command: CommandUnknownOpts): CommandUnknownOpts[] {
  return [command, ...command.commands.flatMap((child) => allCommands(child))];
}

function commandPath(command: CommandUnknownOpts): string {
  const names: string[] = [];
  for (let current: CommandUnknownOpts | null = command; current; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

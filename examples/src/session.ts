/**
 * What every example shares, as Python's `BaseMain` did for its scripts: where the server is and whom to
 * log in as (from the command line and the environment), logging in before the work and out after it,
 * and printing lines. Each example's `main` takes a `Connection`, so a test (or your own code) can call
 * it with a mock cloud's URL.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { Api, DEFAULT_DOMAIN } from '@iotile/client';

export interface Connection {
  /** The server: `https://iotile.cloud` or, for the demo, the URL `iotile-mock-cloud --demo` prints. */
  domain: string;
  email: string;
  password: string;
}

/** Where an example writes its output, a line at a time. */
export type Log = (line: string) => void;

export const printLine: Log = (line) => {
  process.stdout.write(`${line}\n`);
};

/** Logs in, runs `work` with the logged-in `Api`, and logs out (also when `work` fails). */
export async function withApi<T>(connection: Connection, work: (api: Api) => Promise<T>): Promise<T> {
  const api = new Api({ domain: connection.domain });
  if (!(await api.login({ email: connection.email, password: connection.password }))) {
    throw new Error(`login failed on ${connection.domain}: wrong e-mail or password for ${connection.email}`);
  }
  try {
    return await work(api);
  } finally {
    await api.logout();
  }
}

const USAGE_OPTIONS = `Options:
  --domain URL   the server (default: $IOTILE_DOMAIN, else ${DEFAULT_DOMAIN})
  --email EMAIL  the account (default: $IOTILE_EMAIL)
The password is read from $IOTILE_PASSWORD (never from the command line).`;

/**
 * Runs an example from the command line: `--domain` and `--email` (or `IOTILE_DOMAIN`, `IOTILE_EMAIL`),
 * the password from `IOTILE_PASSWORD`, then the example's own positional arguments. A failure prints one
 * line on stderr and sets exit status 1; bad usage sets 2.
 */
export async function runFromCommandLine(
  usage: string,
  positionals: { min: number; max: number },
  run: (connection: Connection, args: string[]) => Promise<unknown>,
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const fail = (message: string, code: number) => {
    process.stderr.write(`${message}\n`);
    process.exitCode = code;
  };
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        domain: { type: 'string' },
        email: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    parsed = parse();
  } catch (error) {
    fail(`${(error as Error).message}\nUsage: ${usage}\n${USAGE_OPTIONS}`, 2);
    return;
  }
  const { values, positionals: args } = parsed;
  if (values.help) {
    printLine(`Usage: ${usage}\n${USAGE_OPTIONS}`);
    return;
  }
  if (args.length < positionals.min || args.length > positionals.max) {
    fail(`Usage: ${usage}\n${USAGE_OPTIONS}`, 2);
    return;
  }
  const email = values.email ?? env.IOTILE_EMAIL ?? '';
  const password = env.IOTILE_PASSWORD ?? '';
  if (!email || !password) {
    fail('Give the account with --email (or IOTILE_EMAIL) and its password in IOTILE_PASSWORD.', 2);
    return;
  }
  const domain = values.domain ?? env.IOTILE_DOMAIN ?? DEFAULT_DOMAIN;
  try {
    await run({ domain, email, password }, args);
  } catch (error) {
    fail(`Error: ${(error as Error).message}`, 1);
  }
}

/** True when this module is the script Node was started with (`tsx src/basic.ts ...`). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && pathToFileURL(resolve(script)).href === moduleUrl;
}

/**
 * What every command gets: the global options, the output streams, the environment, and a logger
 * that writes human messages to stderr (`--quiet` silences them, `--verbose` adds requests).
 */

import type { Api, ApiOptions } from '@iotile/client';
import { UsageError } from './errors.js';
import { verboseFetch } from './verbose-fetch.js';

export const DEFAULT_DOMAIN = 'https://iotile.cloud';

/** The options of the `iotile` command itself, valid before and after any subcommand. */
export interface GlobalOptions {
  domain: string;
  insecure?: boolean;
  /** Seconds per request attempt. */
  timeout?: number;
  retries?: number;
  verbose?: boolean;
  quiet?: boolean;
}

/** The streams and environment the CLI runs with (the process's, or a test's). */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /**
   * Calls `listener` on each Ctrl-C until the returned function is called (`iotile data` then stops
   * its download, exit 130). Default: the process's SIGINT; a program that runs commands in a worker
   * thread, or stops them from its own UI, gives its own.
   */
  onInterrupt?(listener: () => void): () => void;
}

/** `io.onInterrupt`, or the process's SIGINT. */
export function onInterrupt(io: CliIo, listener: () => void): () => void {
  if (io.onInterrupt !== undefined) {
    return io.onInterrupt(listener);
  }
  process.on('SIGINT', listener);
  return () => process.removeListener('SIGINT', listener);
}

export interface Logger {
  /** Progress and confirmations (not with --quiet). */
  info(message: string): void;
  /** Requests, retries and decisions (only with --verbose). */
  verbose(message: string): void;
  /** Problems that do not stop the command (always shown). */
  warn(message: string): void;
}

export interface Context {
  globals: GlobalOptions;
  io: CliIo;
  log: Logger;
}

export function createContext(globals: GlobalOptions, io: CliIo): Context {
  const write = (line: string) => {
    io.stderr.write(`${line}\n`);
  };
  return {
    globals,
    io,
    log: {
      info: (message) => {
        if (!globals.quiet) {
          write(message);
        }
      },
      verbose: (message) => {
        if (globals.verbose) {
          write(message);
        }
      },
      warn: (message) => write(`warning: ${message}`),
    },
  };
}

/** A new `Api` for the global options (no token yet). Bad values are usage errors. */
export async function createApi(context: Context): Promise<Api> {
  const { Api } = await import('@iotile/client');
  const { globals } = context;
  const options: ApiOptions = { domain: globals.domain };
  if (globals.insecure) {
    options.verify = false;
  }
  if (globals.timeout !== undefined) {
    options.timeoutMs = globals.timeout * 1000;
  }
  if (globals.retries !== undefined) {
    options.retries = globals.retries;
  }
  if (globals.verbose) {
    options.fetch = verboseFetch(context.log);
  }
  try {
    return new Api(options);
  } catch (error) {
    if ((error as Error).name === 'InvalidInputError') {
      throw new UsageError((error as Error).message, 'e.g. --domain https://iotile.cloud (or IOTILE_DOMAIN)');
    }
    throw error;
  }
}

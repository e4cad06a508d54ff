/**
 * Where `iotile login` (and `BaseMain`) get the password: `--password-stdin` (the first line of
 * stdin), `IOTILE_PASSWORD`, or a hidden prompt on the terminal (@inquirer/password, on stderr so
 * stdout stays clean). The password is never echoed, logged or stored.
 */

import type { CliIo } from './context.js';
import { UsageError } from './errors.js';

export interface PasswordOptions {
  passwordStdin?: boolean;
}

export async function readPassword(
  io: CliIo,
  options: PasswordOptions,
  prompt = 'Password',
): Promise<string> {
  if (options.passwordStdin) {
    const text = await readAll(io.stdin);
    const password = text.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
    if (password === '') {
      throw new UsageError(
        '--password-stdin: stdin was empty',
        'e.g. printf \'%s\' "$PASSWORD" | iotile login --email me@example.com --password-stdin',
      );
    }
    return password;
  }
  const fromEnv = io.env.IOTILE_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') {
    return fromEnv;
  }
  if (!io.stdin.isTTY) {
    throw new UsageError(
      'no password: stdin is not a terminal, so it cannot be asked for',
      'use --password-stdin or set IOTILE_PASSWORD',
    );
  }
  const { default: password } = await import('@inquirer/password');
  return password({ message: prompt, mask: false }, { input: io.stdin, output: io.stderr });
}

/** The e-mail: the option, `IOTILE_EMAIL`, or a question on the terminal. */
export async function readEmail(io: CliIo, given: string | undefined): Promise<string> {
  const email = given ?? io.env.IOTILE_EMAIL;
  if (email !== undefined && email !== '') {
    return email;
  }
  if (!io.stdin.isTTY) {
    throw new UsageError('no e-mail given', 'use --email <address> or set IOTILE_EMAIL');
  }
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return (await rl.question('E-mail: ')).trim();
  } finally {
    rl.close();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  }
  return text;
}

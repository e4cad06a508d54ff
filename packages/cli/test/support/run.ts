/**
 * Runs the built `iotile` bin as a real child process (node bin/iotile.js) with a temporary HOME and
 * XDG_CONFIG_HOME, so the token store (env-paths) lands in a temporary directory, and nothing of the
 * parent's IOTILE_* environment leaks in.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/iotile.js', import.meta.url));

export interface Home {
  dir: string;
  /** Where env-paths puts the config directory of `iotile` (Linux: $XDG_CONFIG_HOME/iotile). */
  configDir: string;
  tokenFile: string;
}

export function makeHome(): Home {
  const dir = mkdtempSync(join(tmpdir(), 'iotile-cli-test-'));
  const configDir = join(dir, '.config', 'iotile');
  return { dir, configDir, tokenFile: join(configDir, 'credentials.json') };
}

export interface RunOptions {
  home: Home;
  domain?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function childEnv(options: RunOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.home.dir,
    XDG_CONFIG_HOME: join(options.home.dir, '.config'),
    NO_COLOR: '1',
  };
  if (options.domain !== undefined) {
    env.IOTILE_DOMAIN = options.domain;
  }
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) {
      delete env[key];
    } else {
      env[key] = value;
    }
  }
  return env;
}

export function spawnIotile(args: readonly string[], options: RunOptions): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    env: childEnv(options),
    cwd: options.cwd ?? options.home.dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a child's output and resolves when it exits. */
export function collect(child: ChildProcess, input?: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin?.end(input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runIotile(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return collect(spawnIotile(args, options), options.input);
}

/** Resolves once `stream` has produced text matching `pattern` (a barrier on output, never a timer). */
export function waitForOutput(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<void> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        stream.removeListener('data', onData);
        resolve();
      }
    };
    stream.on('data', onData);
    stream.once('end', () => {
      if (!pattern.test(seen)) {
        reject(new Error(`the output ended without matching ${pattern}: ${seen.slice(-500)}`));
      }
    });
  });
}

/** Every file below `dir` with its text (for "the token is nowhere else" checks). */
export function filesBelow(dir: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      files.push(...filesBelow(path));
    } else {
      files.push({ path, text: readFileSync(path, 'utf8') });
    }
  }
  return files;
}

/** The token stored for `domain` in a home's token store. */
export function storedToken(home: Home, domain: string): string | undefined {
  try {
    const data = JSON.parse(readFileSync(home.tokenFile, 'utf8')) as {
      sessions: Record<string, { token: string }>;
    };
    return data.sessions[domain]?.token;
  } catch {
    return undefined;
  }
}

/** A new home, logged in to `domain` with `iotile login --password-stdin` (throws if that fails). */
export async function loggedInHome(domain: string, user: { email: string; password: string }): Promise<Home> {
  const home = makeHome();
  const login = await runIotile(['login', '--email', user.email, '--password-stdin'], {
    home,
    domain,
    input: user.password,
  });
  if (login.code !== 0) {
    throw new Error(`iotile login failed (exit ${login.code}): ${login.stderr}`);
  }
  return home;
}

/** Starting and stopping the benchmark's child processes (the server, and the RSS probe). */

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Runs `script` (TypeScript, through tsx) with `args`; resolves the child, its first stdout line, and
 * `nextLine()` for the lines after it.
 */
export async function startChild(
  script: string,
  args: string[],
): Promise<{ child: ChildProcess; first: string; nextLine: () => Promise<string> }> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) {
      throw new Error(`${script} closed its output`);
    }
    return value as string;
  };
  const first = await Promise.race([
    nextLine(),
    once(child, 'exit').then(([code]) => {
      throw new Error(`${script} exited with ${code} before printing a line`);
    }),
  ]);
  return { child, first, nextLine };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}

/** Runs `script` to completion (with extra Node flags); resolves its last stdout line. */
export async function runChild(script: string, args: string[], nodeFlags: string[] = []): Promise<string> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, '--import', 'tsx', path, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    output += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`${script} exited with ${code}`);
  }
  return output.trim().split('\n').at(-1) ?? '';
}

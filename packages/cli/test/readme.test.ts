/**
 * The README's examples: the `BaseMain` block is type-checked and run as a script (node + tsx, as a
 * user would run it) against the mock cloud; the shell session of "A first session" is run command by
 * command against the demo cloud.
 */

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DEMO_USER, MockIOTileCloud } from '@iotile/mock-cloud';
import { readmeExamples, typeErrors } from '@iotile-internal/readme-examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE, PROJECT, startCloud, USER } from './support/cloud.js';
import { collect, makeHome, runIotile } from './support/run.js';

const packageDir = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', packageDir), 'utf8');
const examples = readmeExamples(readme);

describe('BaseMain example', () => {
  let server: Awaited<ReturnType<typeof startCloud>>['server'];
  beforeAll(async () => {
    ({ server } = await startCloud());
  });
  afterAll(() => server.close());

  it('is the one ts block, and type-checks against the sources', () => {
    expect(examples).toHaveLength(1);
    expect(typeErrors({ examples, packageName: '@iotile/cli', packageDir })).toEqual([]);
  }, 120_000);

  it('runs as a script: logs in with --user, lists the devices, logs out', async () => {
    const dir = new URL('test/.readme/', packageDir);
    mkdirSync(dir, { recursive: true });
    const script = new URL('list-devices.ts', dir);
    writeFileSync(script, (examples[0] as { code: string }).code);
    const home = makeHome();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        script.pathname,
        '--user',
        USER.email,
        '--domain',
        server.url,
        '--project',
        PROJECT.id,
      ],
      {
        cwd: packageDir.pathname,
        env: { PATH: process.env.PATH, HOME: home.dir, IOTILE_PASSWORD: USER.password },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const result = await collect(child);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${DEVICE} North tank\nd--0000-0000-0000-0a1c South tank\n`);
    expect(result.code).toBe(0);
    const help = await collect(
      spawn(process.execPath, ['--import', 'tsx', script.pathname, '--help'], { cwd: packageDir.pathname }),
    );
    expect(help.stdout).toContain('List the devices of a project');
    expect(help.stdout).toContain('--project <slug>');
  }, 60_000);
});

describe('"A first session" against the demo cloud', () => {
  it('every command of the session exits 0', async () => {
    const block = /## A first session[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((line) => line.replace(/\s+#.*$/, '').trim())
      .filter((line) => line.startsWith('iotile ') && !line.startsWith('iotile mock'));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const cloud = new MockIOTileCloud({ demo: true });
    const server = await cloud.start({ port: 0 });
    const home = makeHome();
    try {
      for (const command of commands) {
        const args = command.split(/\s+/).slice(1);
        const result = await runIotile(args, {
          home,
          domain: server.url,
          env: { IOTILE_PASSWORD: DEMO_USER.password },
        });
        expect(result.stderr.startsWith('iotile:'), `${command}: ${result.stderr}`).toBe(false);
        expect(result.code, command).toBe(0);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});

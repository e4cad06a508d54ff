/**
 * The root README's `pnpm demo` (dist/demo.js) and `iotile mock --demo`, end to end, on the demo data
 * set of @iotile/mock-cloud.
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect, makeHome, runIotile, spawnIotile, waitForOutput } from './support/run.js';

const DEMO = fileURLToPath(new URL('../dist/demo.js', import.meta.url));

describe('demo', () => {
  it('pnpm demo: login, lists, a year to CSV, a report, logout; readable output, exit 0', async () => {
    const home = makeHome();
    const child = spawn(process.execPath, [DEMO], {
      env: { PATH: process.env.PATH, HOME: home.dir, XDG_CONFIG_HOME: `${home.dir}/.config` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await collect(child);
    expect(result.stderr).toMatch(
      /^Logged in to http:\/\/127\.0\.0\.1:\d+ as demo \(demo@example\.com\)\.\nWrote 35,040 points to .*main-inflow-2025\.csv\nLogged out of http:\/\/127\.0\.0\.1:\d+\.\n$/,
    );
    expect(result.code).toBe(0);
    for (const text of [
      '$ iotile ls projects',
      'p--0000-0010',
      '$ iotile ls devices --project p--0000-0010',
      '... (35,040 rows)',
      'TOTAL',
      'Done.',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.stdout).not.toContain('iotile-demo'); // the password is not shown
  }, 60_000);

  it('iotile mock --demo serves the demo user', async () => {
    const home = makeHome();
    const child = spawnIotile(['mock', '--demo'], { home });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const done = collect(child);
    await waitForOutput(child.stdout as NodeJS.ReadableStream, /^http:\/\/127\.0\.0\.1:\d+\n/);
    const url = stdout.split('\n')[0] as string;
    const login = await runIotile(['login', '--email', 'demo@example.com', '--password-stdin'], {
      home,
      domain: url,
      input: 'iotile-demo',
    });
    expect(login.code).toBe(0);
    const projects = await runIotile(['ls', 'projects', '--json'], { home, domain: url });
    expect(
      JSON.parse(projects.stdout)
        .map((project: { slug: string }) => project.slug)
        .sort(),
    ).toEqual(['p--0000-0010', 'p--0000-0020']);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('log in as demo@example.com with password iotile-demo');
  });
});

/**
 * `pnpm demo` (the root README's first command): starts the demo cloud of @iotile/mock-cloud in this
 * process (127.0.0.1, a free port) and runs the real `iotile` command against it, step by step: login,
 * projects, devices, streams, a year of 15-minute readings to CSV (with a progress bar on a terminal),
 * an accumulation report, logout. The token store goes to a temporary directory, so a real
 * `iotile login` is left alone. Exits 0 when every step did.
 */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PROJECTS, DEMO_STREAMS, DEMO_USER, DEMO_YEAR, MockIOTileCloud } from '@iotile/mock-cloud';

const BIN = fileURLToPath(new URL('../bin/iotile.js', import.meta.url));
const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);

async function main(): Promise<number> {
  const cloud = new MockIOTileCloud({ demo: true });
  const server = await cloud.start({ port: 0 });
  const workDir = await mkdtemp(join(tmpdir(), 'iotile-session-'));
  const env = {
    ...process.env,
    IOTILE_DOMAIN: server.url,
    IOTILE_CONFIG_DIR: join(workDir, 'config'),
    IOTILE_TOKEN: '',
    IOTILE_PASSWORD: '',
  };
  const csv = join(workDir, 'main-inflow-2025.csv');
  const plant = DEMO_PROJECTS.plant.slug;
  const steps: { title: string; args: string[]; input?: string; shown: string[] }[] = [
    {
      title: 'Log in (the password comes from stdin here; a terminal gets a hidden prompt)',
      args: ['login', '--email', DEMO_USER.email, '--password-stdin'],
      input: DEMO_USER.password,
      shown: ['login', '--email', DEMO_USER.email],
    },
    { title: 'Who am I?', args: ['whoami'], shown: ['whoami'] },
    { title: 'Projects', args: ['ls', 'projects'], shown: ['ls', 'projects'] },
    {
      title: `Devices of ${DEMO_PROJECTS.plant.name}`,
      args: ['ls', 'devices', '--project', plant],
      shown: [],
    },
    {
      title: `Streams of ${DEMO_PROJECTS.plant.name}`,
      args: ['ls', 'streams', '--project', plant],
      shown: [],
    },
    {
      title: 'A year of 15-minute readings to CSV (streamed, bounded memory)',
      args: [
        'data',
        DEMO_STREAMS.mainInflowVolume,
        '--start',
        DEMO_YEAR.start,
        '--end',
        DEMO_YEAR.end,
        '--out',
        csv,
      ],
      shown: [],
    },
    {
      title: 'Accumulation report over the year',
      args: ['report', 'sum', plant, '--start', DEMO_YEAR.start, '--end', DEMO_YEAR.end],
      shown: [],
    },
    { title: 'Log out', args: ['logout'], shown: ['logout'] },
  ];
  process.stdout.write(`Demo IOTile Cloud running at ${server.url} (user ${DEMO_USER.email})\n`);
  try {
    for (const step of steps) {
      const shown = step.shown.length > 0 ? step.shown : step.args;
      process.stdout.write(`\n${bold(`# ${step.title}`)}\n$ iotile ${shown.join(' ')}\n`);
      const code = await run(step.args, env, step.input);
      if (code !== 0) {
        process.stderr.write(`demo: \`iotile ${shown.join(' ')}\` exited with ${code}\n`);
        return 1;
      }
      if (step.args[0] === 'data') {
        const lines = (await readFile(csv, 'utf8')).trimEnd().split('\n');
        process.stdout.write(
          `${lines.slice(0, 3).join('\n')}\n... (${(lines.length - 1).toLocaleString('en-US')} rows)\n`,
        );
      }
    }
    process.stdout.write(`\n${bold('Done.')} Against iotile.cloud: iotile login, then the same commands.\n`);
    return 0;
  } finally {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Runs `iotile <args>` with the terminal's stdout and stderr (so the progress bar shows on a TTY). */
function run(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'],
    });
    child.stdin?.end(input);
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

process.exitCode = await main();

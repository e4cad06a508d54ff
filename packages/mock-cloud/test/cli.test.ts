import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { DEMO_STREAMS, DEMO_USER, DEMO_YEAR } from '../src/index.js';
import { fixture, STREAM_FOLDER } from './support/cloud.js';
import { checkedFetch, SpecClient } from './support/spec-client.js';

const BIN = fileURLToPath(new URL('../bin/iotile-mock-cloud.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
    }
  }
});

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  // Tests that expect a failure never read the URL; keep that rejection from going unhandled.
  firstLine.catch(() => undefined);
  return { child, firstLine, stderr: () => stderr };
}

describe('iotile-mock-cloud', () => {
  it('prints its URL first, serves the fixtures, and stops on SIGTERM', async () => {
    const { child, firstLine } = run([
      '--port',
      '0',
      '--data',
      fixture('users.json'),
      '--data',
      fixture('project.json'),
      '--stream-folder',
      STREAM_FOLDER,
    ]);
    const url = await firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new SpecClient(url);
    expect((await client.login('ada@example.com', 'lovelace')).status).toBe(200);
    expect((await client.get('/device/d--0a1b/')).body.label).toBe('North Tank');
    expect((await client.get('/stream/s--0000-0042--0000-0000-0000-0a1b--5001/data/')).body.count).toBe(12);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('adds users and synthetic streams from the command line', async () => {
    const slug = 's--0000-0001--0000-0000-0000-0001--5001';
    const { firstLine } = run(['--user', 'bench@example.com=secret', '--synthetic', `${slug}=25000`]);
    const client = new SpecClient(await firstLine);
    expect((await client.login('bench@example.com', 'secret')).status).toBe(200);
    const page = await client.get(`/stream/${slug}/data/`, { page_size: 20000, page: 2 });
    expect(page.body).toMatchObject({ count: 25000, next: null });
    expect(page.body.results).toHaveLength(5000);
  });

  it('serves the demo data set with --demo, and says whom to log in as without the password', async () => {
    const { child, firstLine, stderr } = run(['--demo']);
    // The notice follows the URL on stderr: wait for it by event, not by time.
    const notice = new Promise<void>((resolve) => {
      const check = () => {
        if (stderr().includes('\n')) {
          child.stderr?.off('data', check);
          resolve();
        }
      };
      child.stderr?.on('data', check);
      check();
    });
    const client = new SpecClient(await firstLine);
    await notice;
    expect((await client.login(DEMO_USER.email, DEMO_USER.password)).status).toBe(200);
    expect((await client.get(`/stream/${DEMO_STREAMS.mainInflowVolume}/data/`)).body.count).toBe(
      DEMO_YEAR.count,
    );
    expect(stderr()).toContain(DEMO_USER.email);
    expect(stderr()).not.toContain(DEMO_USER.password);
  });

  it('injects seeded faults and latency', async () => {
    const { firstLine } = run(['--fail-rate', '1', '--seed', '3', '--latency-ms', '5']);
    const url = await firstLine;
    const res = await checkedFetch(`${url}/api/v1/server/`);
    expect([500, 503]).toContain(res.status);
    expect(res.body).toEqual({ detail: `Injected fault: HTTP ${res.status}.` });
  });

  it('chooses the fault statuses and spares the paths asked for, so a client can log in', async () => {
    const { firstLine } = run([
      '--user',
      'a@example.com=secret',
      '--fail-rate',
      '1',
      '--fail-status',
      '503',
      '--retry-after',
      '0',
      '--fail-except-paths',
      '^/api/v1/auth/',
    ]);
    const client = new SpecClient(await firstLine);
    expect((await client.login('a@example.com', 'secret')).status).toBe(200);
    const res = await client.get('/device/');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('0');
  });

  it('injects only retryable statuses with --fail-status retryable, on --fail-paths only', async () => {
    const { firstLine } = run([
      '--fail-rate',
      '1',
      '--fail-status',
      'retryable',
      '--fail-paths',
      '/device/$',
    ]);
    const url = await firstLine;
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      seen.add((await checkedFetch(`${url}/api/v1/device/`)).status);
    }
    expect([...seen].every((status) => [429, 502, 503, 504].includes(status))).toBe(true);
    expect((await checkedFetch(`${url}/api/v1/server/`)).status).toBe(200);
  });

  it('serves HTTPS with --https', async () => {
    const { firstLine } = run(['--https']);
    expect(await firstLine).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('names the file and the problem for a bad fixture, with exit status 1', async () => {
    const { child, stderr } = run([
      '--data',
      fixture('users.json'),
      '--data',
      `${STREAM_FOLDER}/event_41.json`,
    ]);
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr()).toContain(`${STREAM_FOLDER}/event_41.json: unknown section "samples"`);
  });

  it('rejects bad options with exit status 2 and the usage', async () => {
    for (const args of [
      ['--port', 'abc'],
      ['--fail-rate', '3'],
      ['--fail-rate', '0.5', '--fail-status', '200'],
      ['--fail-rate', '0.5', '--fail-status', '503,x'],
      ['--fail-paths', '('],
      ['--retry-after', '-1'],
      ['--port', '1.5'],
      ['--frobnicate'],
      ['--user', 'nopassword'],
      ['--synthetic', 's--1--1--5001=x'],
    ]) {
      const { child, stderr } = run(args);
      const [code] = await once(child, 'exit');
      expect(code, args.join(' ')).toBe(2);
      expect(stderr()).toContain('Usage: iotile-mock-cloud');
    }
  });
});

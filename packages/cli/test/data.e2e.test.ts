/** `iotile data` end to end: formats, --out, --convert, the progress bar (TTY only), Ctrl-C. */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { MockIOTileCloud, RunningServer } from '@iotile/mock-cloud';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { BIG, BIG_COUNT, gate, LEVEL, startCloud, USER, VOLUME, VOLUME_POINTS } from './support/cloud.js';
import {
  BIN,
  childEnv,
  collect,
  type Home,
  loggedInHome,
  runIotile,
  spawnIotile,
  storedToken,
  waitForOutput,
} from './support/run.js';
import { startWatchingProxy } from './support/watching-proxy.js';

/** The end of the first 50,000 points of BIG (one a minute from 2024-01-01). */
const FIFTY_THOUSAND_END = '2024-02-04T17:20:00Z';

let server: RunningServer;
let cloud: MockIOTileCloud;
let home: Home;

function iotile(args: string[]) {
  return runIotile(args, { home, domain: server.url });
}

/** Runs `iotile args` in a pseudo-terminal (script(1)), so stdout and stderr are a TTY; resolves its result. */
function iotileOnTerminal(args: string[]) {
  const command = [process.execPath, BIN, ...args].map((arg) => `'${arg}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: childEnv({ home, domain: server.url }),
    cwd: home.dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return collect(child);
}

beforeAll(async () => {
  ({ server, cloud } = await startCloud());
  home = await loggedInHome(server.url, USER);
});
afterAll(() => server.close());
afterEach(() => {
  cloud.setFaults(null);
  gate.release();
  gate.waits = 0;
  gate.passFirst = 0;
});

describe('formats', () => {
  it('CSV on stdout by default: a header from the first point, every point, nothing on stderr', async () => {
    const result = await iotile(['data', VOLUME, '--start', '2024-03-01']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('type,timestamp,int_value,value,display_value,output_value,streamer_local_id');
    expect(lines).toHaveLength(11);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(
      VOLUME_POINTS.map((point) => point.timestamp),
    );
  });

  it('--columns, --lastn, --end, --format ndjson|json|table', async () => {
    const csv = await iotile(['data', VOLUME, '--columns', 'timestamp,value', '--lastn', '2']);
    expect(csv.stdout).toBe('timestamp,value\n2024-03-02T03:00:00Z,9\n2024-03-02T04:00:00Z,10\n');
    const ndjson = await iotile(['data', VOLUME, '--format', 'ndjson', '--end', '2024-03-01T02:00:00Z']);
    expect(
      ndjson.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).value),
    ).toEqual([1, 2]);
    const json = await iotile(['data', VOLUME, '--json', '--columns', 'value', '--lastn', '3']);
    expect(JSON.parse(json.stdout)).toEqual([{ value: 8 }, { value: 9 }, { value: 10 }]);
    const empty = await iotile(['data', VOLUME, '--json', '--start', '2030-01-01', '--end', '2030-01-02']);
    expect(JSON.parse(empty.stdout)).toEqual([]);
    const table = await iotile(['data', LEVEL, '--format', 'table', '--convert']);
    expect(table.stdout.split('\n')[0]).toBe('TIMESTAMP             VALUE  OUTPUT_VALUE  CONVERTED_VALUE');
    expect(
      table.stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(/\s+/).at(-1)),
    ).toEqual(['CONVERTED_VALUE', '1.5', '2.5', '0.5']);
  });

  it('bad input: exit 2 before any request, one line and a hint', async () => {
    const before = cloud.requestCount;
    const cases: [string[], RegExp][] = [
      [['data', 's--0001'], /^iotile: IOTileStreamSlug: .*\nhint: run: iotile data --help\n$/],
      [
        ['data', VOLUME, '--start', '2024-02-30'],
        /^iotile: --start: not a valid date: "2024-02-30"\nhint: expected an ISO-8601 date/,
      ],
      [['data', VOLUME, '--end', 'tomorrow'], /^iotile: --end: not a date: "tomorrow"\nhint: /],
      [
        ['data', VOLUME, '--lastn', '0'],
        /^iotile: --lastn: expected an integer from 1 to 100000, got "0"\nhint: /,
      ],
      [
        ['data', VOLUME, '--format', 'xml'],
        /^iotile: unknown format "xml"\nhint: expected one of: table, json, ndjson, csv\n$/,
      ],
      [['data', VOLUME, '--columns', ','], /^iotile: --columns: no column given\nhint: /],
    ];
    for (const [args, expected] of cases) {
      const result = await iotile(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(expected);
      expect(result.stdout).toBe('');
    }
    expect(cloud.requestCount).toBe(before);
  });

  it('an unknown stream: exit 1 with the 404 on one line', async () => {
    const result = await iotile(['data', 's--0000-0042--0000-0000-0000-0a1b--9999']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^iotile: 404 Not Found GET .*--9999\/data\/.*: Not found\.\n$/);
  });
});

describe('--out', () => {
  it('writes the whole download to the file (through a temporary file renamed at the end)', async () => {
    const out = join(home.dir, 'big.csv');
    const result = await iotile(['data', BIG, '--out', out, '--columns', 'timestamp,value']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: `Wrote 200,000 points to ${out}\n` });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(BIG_COUNT + 1);
    expect(lines[1]).toBe('2024-01-01T00:00:00Z,0');
    expect(lines.at(-1)).toBe(`2024-05-18T21:19:00Z,${(BIG_COUNT - 1) % 100}`);
    expect(readdirSync(home.dir).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('a directory that does not exist is a usage error, before any request', async () => {
    const result = await iotile(['data', VOLUME, '--out', join(home.dir, 'no', 'such', 'dir.csv')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^iotile: --out: cannot write in ".*no\/such" \(ENOENT\)\nhint: /);
  });

  it('a failed download leaves no file', async () => {
    const out = join(home.dir, 'missing.csv');
    const result = await iotile(['data', 's--0000-0042--0000-0000-0000-0a1b--9999', '--out', out]);
    expect(result.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(home.dir).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});

describe('progress bar', () => {
  it('is not drawn when stderr is not a terminal (a pipe)', async () => {
    const out = join(home.dir, 'piped.csv');
    const result = await iotile(['data', BIG, '--out', out, '--end', FIFTY_THOUSAND_END]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`Wrote 50,000 points to ${out}\n`);
    expect(result.stderr).not.toContain('\u001b');
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)(
    'is drawn on a terminal (a pseudo-terminal from script(1)): points, total, points/s',
    async () => {
      const out = join(home.dir, 'tty.csv');
      const result = await iotileOnTerminal(['data', BIG, '--end', FIFTY_THOUSAND_END, '--out', out]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('50000/50000 points');
      expect(result.stdout).toMatch(/100% \| 50000\/50000 points \| [\d,]+ points\/s \| ETA 0s/);
      expect(result.stdout).toContain(`Wrote 50,000 points to ${out}`);
      expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(50_001);
    },
  );

  it('--quiet: no bar and no message, even on a terminal', async () => {
    const out = join(home.dir, 'quiet.csv');
    const result = await iotileOnTerminal(['--quiet', 'data', VOLUME, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
  });
});

describe('Ctrl-C', () => {
  // The first page goes out; every later answer is held by the mock until the test releases it, so
  // the download cannot finish before the signal whatever the timing.
  function holdAfterFirstAnswer() {
    gate.waits = 0;
    gate.passFirst = 1;
    gate.hold = true;
    cloud.setFaults({ latencyMs: 1 });
  }

  it('mid-download to stdout: exit 130 once output was seen', async () => {
    holdAfterFirstAnswer();
    const child = spawnIotile(['data', BIG], { home, domain: server.url });
    const done = collect(child);
    await waitForOutput(child.stdout as NodeJS.ReadableStream, /\n(?:[^\n]*\n){1000}/);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('iotile: interrupted\n');
    const rows = result.stdout.trimEnd().split('\n').length - 1;
    expect(rows).toBeGreaterThanOrEqual(1000);
    expect(rows).toBeLessThan(BIG_COUNT);
  });

  // In a child process a request left open would be closed by the exit anyway, hiding it: this one
  // runs the command in this process (runCli), behind a proxy that sees each request from the server.
  it('aborts every request open at the signal (the page being read and those fetched ahead), then resolves 130', async () => {
    holdAfterFirstAnswer();
    const proxy = await startWatchingProxy(server.url);
    try {
      const out = join(home.dir, 'in-process.csv');
      const stderr = new PassThrough();
      let errors = '';
      stderr.setEncoding('utf8').on('data', (chunk: string) => {
        errors += chunk;
      });
      // --domain: commander reads IOTILE_DOMAIN from process.env, not from the injected environment.
      const run = runCli(['--domain', proxy.url, 'data', BIG, '--out', out], {
        stdout: new PassThrough(),
        stderr,
        stdin: Readable.from([]),
        env: childEnv({ home, env: { IOTILE_TOKEN: storedToken(home, server.url) } }),
      });
      // The barrier: page 1 was answered and the download requested pages ahead, held by the mock.
      await gate.whenHeld(1);
      const held = gate.held.length;
      process.emit('SIGINT');
      expect(await run).toBe(130);
      expect(errors).toBe('iotile: interrupted\n');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(home.dir).filter((name) => name.includes('in-process'))).toEqual([]);
      // Every request still open when the command returned is closed by the client; a request left
      // open (its abort lost) never settles, and the test times out.
      await proxy.settled();
      expect(proxy.abandoned.filter((path) => path.includes('/data/')).length).toBeGreaterThanOrEqual(held);
      expect(process.listenerCount('SIGINT')).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('a reader that closes the pipe mid-download (`| head`) ends the command quietly: exit 0', async () => {
    holdAfterFirstAnswer();
    const child = spawnIotile(['data', BIG], { home, domain: server.url });
    const done = collect(child);
    // The first page (20,000 rows) is larger than a pipe's buffer: the writer is still writing it.
    await waitForOutput(child.stdout as NodeJS.ReadableStream, /\n(?:[^\n]*\n){1000}/);
    child.stdout?.destroy();
    const result = await done;
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it("a program's io.onInterrupt stops the download instead of the process's SIGINT: 130", async () => {
    holdAfterFirstAnswer();
    const out = join(home.dir, 'on-interrupt.csv');
    const stderr = new PassThrough();
    let errors = '';
    stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors += chunk;
    });
    const listeners: (() => void)[] = [];
    const run = runCli(['--domain', server.url, 'data', BIG, '--out', out], {
      stdout: new PassThrough(),
      stderr,
      stdin: Readable.from([]),
      env: childEnv({ home, env: { IOTILE_TOKEN: storedToken(home, server.url) } }),
      onInterrupt(listener) {
        listeners.push(listener);
        return () => listeners.splice(listeners.indexOf(listener), 1);
      },
    });
    await gate.whenHeld(1);
    // The command listens to the program, not to the process.
    expect(process.listenerCount('SIGINT')).toBe(0);
    expect(listeners).toHaveLength(1);
    listeners[0]?.();
    gate.release();
    expect(await run).toBe(130);
    expect(errors).toBe('iotile: interrupted\n');
    expect(existsSync(out)).toBe(false);
    // Stopped listening once the command ended.
    expect(listeners).toHaveLength(0);
  });

  it('a reader that falls behind gets every row: the writes wait for it', async () => {
    holdAfterFirstAnswer();
    const child = spawnIotile(['data', BIG], { home, domain: server.url });
    // Nothing is read until the download has requested pages ahead: the first page's 20,000 rows
    // (more than a pipe holds) wait in the writer meanwhile.
    await gate.whenHeld(1);
    const done = collect(child);
    gate.release();
    cloud.setFaults(null);
    const result = await done;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(BIG_COUNT + 1);
  });

  it('mid-download to --out: exit 130 and no file (and no temporary file) left', async () => {
    holdAfterFirstAnswer();
    const out = join(home.dir, 'interrupted.csv');
    const child = spawnIotile(['--verbose', 'data', BIG, '--out', out], { home, domain: server.url });
    const done = collect(child);
    // The barrier: the first page's answer arrived (the verbose log says so).
    await waitForOutput(child.stderr as NodeJS.ReadableStream, /< 200 OK GET [^\n]*\/data\/[^\n]*\n/);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/iotile: interrupted\n$/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(home.dir).filter((name) => name.includes('interrupted'))).toEqual([]);
  });
});

/** ls, get/post/patch/delete, report sum, upload, slug, mock and usage errors, end to end. */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MockIOTileCloud, RunningServer } from '@iotile/mock-cloud';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE, LEVEL, ORG, PROJECT, startCloud, USER, VOLUME } from './support/cloud.js';
import {
  collect,
  type Home,
  makeHome,
  runIotile,
  spawnIotile,
  storedToken,
  waitForOutput,
} from './support/run.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

let server: RunningServer;
let cloud: MockIOTileCloud;
let home: Home;
let token: string;
const outputs: string[] = [];

async function iotile(args: string[], extra: { env?: Record<string, string>; input?: string } = {}) {
  const result = await runIotile(args, { home, domain: server.url, ...extra });
  outputs.push(result.stdout, result.stderr);
  return result;
}

beforeAll(async () => {
  ({ server, cloud } = await startCloud());
  home = makeHome();
  const login = await iotile(['login', '--email', USER.email, '--password-stdin'], { input: USER.password });
  expect(login.code).toBe(0);
  token = storedToken(home, server.url) as string;
});
afterAll(async () => {
  for (const text of outputs) {
    expect(text).not.toContain(token);
  }
  await server.close();
});

describe('iotile ls', () => {
  it('lists projects as a table', async () => {
    const result = await iotile(['ls', 'projects']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      `SLUG          NAME        ORG           ID\n${PROJECT.slug}  ${PROJECT.name}  ${ORG}  ${PROJECT.id}\n`,
    );
  });

  it('fetches every page (page size 1) and writes JSON, NDJSON and CSV', async () => {
    const json = await iotile(['ls', 'devices', '--page-size', '1', '--json']);
    expect(json.code).toBe(0);
    const devices = JSON.parse(json.stdout) as { slug: string; label: string }[];
    expect(devices.map((device) => device.slug)).toEqual([DEVICE, 'd--0000-0000-0000-0a1c']);
    const ndjson = await iotile(['ls', 'devices', '--page-size', '1', '--ndjson', '--project', PROJECT.slug]);
    expect(
      ndjson.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).label),
    ).toEqual(['North tank', 'South tank']);
    const csv = await iotile(['ls', 'streams', '--device', 'd--a1b', '--csv']);
    expect(csv.stdout).toBe(
      `SLUG,LABEL,INPUT,OUTPUT,ENABLED\n${VOLUME},Volume,,G,true\n${LEVEL},Level,,m,true\ns--0000-0042--0000-0000-0000-0a1b--5003,,,,true\n`,
    );
  });

  it('lists events of a stream, with extra_data', async () => {
    const result = await iotile(['ls', 'events', '--stream', VOLUME, '--format', 'table']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'ID  STREAM                                   TIMESTAMP             EXTRA_DATA',
    );
    expect(result.stdout).toContain('{"peak":3.5}');
  });

  it('rejects a bad kind, a bad slug, a filter the list does not take, and conflicting formats (exit 2, one line and a hint)', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['ls', 'widgets'],
        /^iotile: unknown list "widgets"\nhint: expected one of: orgs, projects, devices, streams, events\n$/,
      ],
      [
        ['ls', 'devices', '--project', 'p--xyz'],
        /^iotile: IOTileProjectSlug: .*"p--xyz"\nhint: run: iotile ls --help\n$/,
      ],
      [
        ['ls', 'orgs', '--device', 'd--1'],
        /^iotile: ls orgs does not take --device\nhint: ls orgs takes no filter\n$/,
      ],
      [
        ['ls', 'events'],
        /^iotile: ls events needs --device or --stream\nhint: e.g. iotile ls events --device d--00d2\n$/,
      ],
      [['ls', 'orgs', '--json', '--csv'], /^iotile: conflicting formats: json, csv\nhint: choose one of/],
      [
        ['ls', 'orgs', '--page-size', '0'],
        /^iotile: option '--page-size <n>' argument '0' is invalid\. expected an integer from 1 to 20000\nhint: run: iotile ls --help\n$/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await iotile(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(expected);
    }
  });
});

describe('iotile get|post|patch|delete', () => {
  it('GETs any resource, with key=value as query', async () => {
    const device = await iotile(['get', `/device/${DEVICE}/`]);
    expect(device.code).toBe(0);
    expect(JSON.parse(device.stdout)).toMatchObject({ slug: DEVICE, label: 'North tank' });
    const page = await iotile(['get', 'api/v1/device', `project=${PROJECT.id}`, 'page_size=1']);
    expect(JSON.parse(page.stdout)).toMatchObject({ count: 2, results: [{ slug: DEVICE }] });
  });

  it('PATCHes with key=value, key:=json and --data', async () => {
    const result = await iotile([
      'patch',
      `device/${DEVICE}`,
      'label=Renamed tank',
      'active:=true',
      '--data',
      '{"external_id":"NT-9"}',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      label: 'Renamed tank',
      active: true,
      external_id: 'NT-9',
    });
    expect(cloud.get('device', DEVICE)).toMatchObject({ label: 'Renamed tank' });
    await iotile(['patch', `device/${DEVICE}`, 'label=North tank']);
  });

  it('prints the server status and message on one line for a refused call (exit 1)', async () => {
    // Creating devices is for staff (with `?staff=1`): the server's `{"error"}` body is the message.
    const post = await iotile(['post', 'device', 'template=pod-1m-v1-0-0']);
    expect(post.code).toBe(1);
    expect(post.stderr).toMatch(
      /^iotile: 403 Forbidden POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/device\/: Restricted Access\. Contact Arch\n$/,
    );
    const missing = await iotile(['delete', 'device/d--0000-0000-0000-9999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    // Deleting devices is staff-only too: the server refuses before it looks the device up.
    expect(missing.stderr).toMatch(/^iotile: 403 Forbidden DELETE .*: Restricted Access\. Contact Arch\n$/);
  });

  it('refuses a query in the path and bad JSON (exit 2)', async () => {
    const query = await iotile(['get', 'device/?project=x']);
    expect(query).toMatchObject({ code: 2 });
    expect(query.stderr).toMatch(
      /^iotile: the path must not contain a query: .*\nhint: pass query parameters as key=value/,
    );
    const json = await iotile(['post', 'org', '--data', '{nope']);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^iotile: --data: not valid JSON/);
    const pair = await iotile(['post', 'org', 'count:=x']);
    expect(pair.stderr).toMatch(/^iotile: count: not valid JSON: "x"\nhint: arguments are key=value/);
  });
});

describe('iotile report sum', () => {
  it('sums each stream of a project over a window, as a table and as JSON', async () => {
    const table = await iotile([
      'report',
      'sum',
      VOLUME,
      LEVEL,
      '--start',
      '2024-03-01',
      '--end',
      '2024-03-02',
    ]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toBe(
      `STREAM                                   SUM   UNITS\n${VOLUME}  15    G\n${LEVEL}  4.5   m\nTOTAL                                    19.5\n`,
    );
    const json = await iotile(['report', 'sum', VOLUME, '--start', '2024-03-01', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ streams: { [VOLUME]: { sum: 55, units: 'G' } }, total: 55 });
    // A project stands for its streams (the synthetic one too: 1,440 points of i % 100 that day).
    const project = await iotile([
      'report',
      'sum',
      PROJECT.slug,
      '--start',
      '2024-03-01',
      '--end',
      '2024-03-02',
      '--json',
    ]);
    expect(JSON.parse(project.stdout)).toMatchObject({
      streams: { [VOLUME]: { sum: 15 }, [LEVEL]: { sum: 4.5 } },
    });
    expect(Object.keys(JSON.parse(project.stdout).streams)).toHaveLength(3);
  });

  it('rejects bad sources and dates (exit 2)', async () => {
    const bad = await iotile(['report', 'sum', 'x--1', '--start', '2024-03-01']);
    expect(bad.code).toBe(2);
    const date = await iotile(['report', 'sum', VOLUME, '--start', 'yesterday']);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/^iotile: --start: not a date: "yesterday"\nhint: expected an ISO-8601 date/);
    const order = await iotile(['report', 'sum', VOLUME, '--start', '2024-03-02', '--end', '2024-03-01']);
    expect(order.stderr).toMatch(/^iotile: --start \(2024-03-02T00:00:00.000Z\) must be before --end/);
    const missing = await iotile(['report', 'sum', VOLUME]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "iotile: required option '--start <date>' not specified\nhint: run: iotile report sum --help\n",
    );
  });
});

describe('iotile upload', () => {
  it('uploads a streamer report (.json dictionary report) and its readings become stream data', async () => {
    const file = join(home.dir, 'report.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'v100',
        device: 0xa1b,
        streamer_index: 0,
        streamer_selector: 0xd7ff,
        device_sent_timestamp: 100,
        incremental_id: 1,
        lowest_id: 1,
        highest_id: 2,
        data: [
          { stream: '5004', streamer_local_id: 1, timestamp: null, device_timestamp: 40, value: 7 },
          { stream: '5004', streamer_local_id: 2, timestamp: null, device_timestamp: 90, value: 8 },
        ],
      }),
    );
    const result = await iotile(['upload', 'report', file, '--timestamp', '2024-05-01T00:00:00Z']);
    expect(result).toMatchObject({ code: 0, stdout: `Uploaded ${file}: 2 readings\n` });
    const data = await iotile(['get', 'data', 'filter=s--0000-0042--0000-0000-0000-0a1b--5004']);
    expect(JSON.parse(data.stdout).results.map((point: { value: number }) => point.value)).toEqual([7, 8]);
  });

  it('uploads an event file to a stream', async () => {
    const file = join(home.dir, 'waveform.json');
    writeFileSync(file, JSON.stringify({ samples: [1, 2, 3] }));
    const result = await iotile([
      'upload',
      'event',
      file,
      '--stream',
      VOLUME,
      '--timestamp',
      '2024-03-03',
      '--extra-data',
      '{"peak":9}',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const event = JSON.parse(result.stdout) as { id: number; stream: string };
    expect(event.stream).toBe(VOLUME);
    expect(cloud.get('event', event.id)).toMatchObject({ stream: VOLUME, extra_data: { peak: 9 } });
  });

  it('refuses a missing file, a wrong extension and a bad stream before any request (exit 2)', async () => {
    const missing = await iotile(['upload', 'report', join(home.dir, 'nope.bin')]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^iotile: no such file: .*nope\.bin\nhint: /);
    const ext = await iotile(['upload', 'event', 'x.txt', '--stream', VOLUME]);
    expect(ext.stderr).toMatch(/^iotile: an event file must end with \.json or \.json\.gz/);
    const stream = await iotile(['upload', 'event', 'x.json', '--stream', 's--1']);
    expect(stream.code).toBe(2);
  });
});

describe('iotile slug', () => {
  it('converts ids and checks slugs', async () => {
    expect((await iotile(['slug', 'device', '210'])).stdout).toBe('d--0000-0000-0000-00d2\n');
    expect((await iotile(['slug', 'device', '0xd2'])).stdout).toBe('d--0000-0000-0000-00d2\n');
    expect((await iotile(['slug', 'project', '66'])).stdout).toBe('p--0000-0042\n');
    expect((await iotile(['slug', 'stream', '0x42', '0xa1b', '5001'])).stdout).toBe(`${VOLUME}\n`);
    expect((await iotile(['slug', 'stream', 's--42--a1b--5001'])).stdout).toBe(`${VOLUME}\n`);
    expect((await iotile(['slug', 'variable', '5001', '1'])).stdout).toBe('v--0000-0001--5001\n');
    expect((await iotile(['slug', 'streamer', '210', '1'])).stdout).toBe('t--0000-0000-0000-00d2--0001\n');
    const parsed = await iotile(['slug', 'parse', 's--42--a1b--5001', '--json']);
    expect(JSON.parse(parsed.stdout)).toEqual({
      kind: 'stream',
      slug: VOLUME,
      project: 'p--0000-0042',
      device: DEVICE,
      variable: 'v--0000-0042--5001',
    });
  });

  it('a bad value is a usage error with the usage as hint', async () => {
    const result = await iotile(['slug', 'device', 'x--12']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^iotile: IOTileDeviceSlug: expected .*"x--12"\nhint: usage: iotile slug device <id>\n$/,
    );
    const arity = await iotile(['slug', 'streamer', '210']);
    expect(arity.stderr).toBe(
      'iotile: slug streamer: wrong number of values (1)\nhint: usage: iotile slug streamer <device> <index>\n',
    );
    const kind = await iotile(['slug', 'widget', '1']);
    expect(kind.code).toBe(2);
  });
});

describe('usage', () => {
  it('--help and --version exit 0', async () => {
    const help = await iotile(['--help']);
    expect(help.code).toBe(0);
    for (const command of [
      'login',
      'logout',
      'whoami',
      'ls',
      'get',
      'post',
      'patch',
      'delete',
      'data',
      'report',
      'upload',
      'slug',
      'mock',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
    }
    const version = await iotile(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });
    for (const command of [['data'], ['report', 'sum'], ['upload', 'event'], ['mock']]) {
      const result = await iotile([...command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: iotile ${command.join(' ')}`);
    }
  });

  it('unknown commands and options, and bad global values: exit 2, one line and a hint', async () => {
    const cases: [string[], string][] = [
      [['lss'], "iotile: unknown command 'lss' (Did you mean ls?)\nhint: run: iotile --help\n"],
      [
        ['ls', 'orgs', '--jsn'],
        "iotile: unknown option '--jsn' (Did you mean --json?)\nhint: run: iotile ls --help\n",
      ],
      [
        ['--timeout', 'soon', 'ls', 'orgs'],
        "iotile: option '--timeout <seconds>' argument 'soon' is invalid. expected a number of seconds above 0\nhint: run: iotile --help\n",
      ],
      [
        ['--retries', '-1', 'whoami'],
        "iotile: option '--retries <n>' argument '-1' is invalid. expected an integer from 0 to 10\nhint: run: iotile --help\n",
      ],
      [['data'], "iotile: missing required argument 'stream'\nhint: run: iotile data --help\n"],
    ];
    for (const [args, stderr] of cases) {
      const result = await iotile(args);
      expect(result, args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr });
    }
    const domain = await iotile(['--domain', 'ftp://x', 'whoami']);
    expect(domain.code).toBe(2);
    expect(domain.stderr).toMatch(
      /^iotile: Invalid domain "ftp:\/\/x": the scheme must be http or https\nhint: /,
    );
    const none = await iotile([]);
    expect(none.code).toBe(2);
  });

  it('global options work after the subcommand too', async () => {
    const result = await runIotile(['ls', 'orgs', '--domain', server.url, '--quiet'], {
      home,
      domain: 'http://127.0.0.1:9',
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^SLUG {10}NAME {10}CREATED\n/);
    expect(result.stdout).toContain(ORG);
  });

  it('a server that does not answer: exit 1 with the failure on one line', async () => {
    const result = await iotile(
      ['--domain', 'http://127.0.0.1:9', '--retries', '0', 'login', '--email', 'a@b.c', '--password-stdin'],
      { input: 'x' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^iotile: .*127\.0\.0\.1:9/);
  });
});

describe('iotile mock', () => {
  it('serves a mock cloud until SIGTERM, its URL on the first line, exit 0', async () => {
    const child = spawnIotile(['mock', '--port', '0', '--user', 'm@example.com=pw'], { home });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const done = collect(child);
    await waitForOutput(child.stdout as NodeJS.ReadableStream, /^http:\/\/127\.0\.0\.1:\d+\n/);
    const url = stdout.split('\n')[0] as string;
    const server = (await (await fetch(`${url}/api/v1/server/`)).json()) as { name: string };
    expect(server.name).toBe('IOTile Mock Cloud');
    const other = makeHome();
    const login = await runIotile(['login', '--email', 'm@example.com', '--password-stdin'], {
      home: other,
      domain: url,
      input: 'pw',
    });
    expect(login.code).toBe(0);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('Serving until Ctrl-C.\n');
  });

  it('a bad port is a usage error', async () => {
    const result = await iotile(['mock', '--port', 'http']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^iotile: --port: expected an integer from 0 to 65535/);
  });
});

describe('--verbose, --retries and --insecure', () => {
  it('--verbose shows each attempt, so retries show; the last failure is one line (exit 1)', async () => {
    cloud.setFaults({
      failRate: 1,
      failStatuses: [503],
      retryAfterSeconds: 0,
      match: (_method, path) => path.includes('/org/'),
    });
    try {
      const result = await iotile(['--verbose', '--retries', '1', 'ls', 'orgs']);
      expect(result.code).toBe(1);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines.filter((line) => line.startsWith('> GET '))).toHaveLength(2);
      expect(lines.some((line) => /^> GET .*\/api\/v1\/org\/.* \(retry 1\)$/.test(line))).toBe(true);
      expect(lines.filter((line) => line.startsWith('< 503 '))).toHaveLength(2);
      expect(lines.at(-1)).toMatch(
        /^iotile: 503 Service Unavailable GET .*\/org\/.*: Injected fault: HTTP 503\.$/,
      );
      expect(result.stderr.toLowerCase()).not.toContain('authorization');
    } finally {
      cloud.setFaults(null);
    }
  });

  it('--insecure talks to a server with a self-signed certificate; without it the refusal says so', async () => {
    const secure = await cloud.start({ port: 0, https: true });
    try {
      const refused = await runIotile(['whoami'], { home, domain: secure.url, env: { IOTILE_TOKEN: token } });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^iotile: .*\nhint: the server certificate was refused; --insecure skips the check/,
      );
      const accepted = await runIotile(['--insecure', 'whoami'], {
        home,
        domain: secure.url,
        env: { IOTILE_TOKEN: token },
      });
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain(`ada <${USER.email}> on ${secure.url}`);
    } finally {
      await secure.close();
    }
  });
});

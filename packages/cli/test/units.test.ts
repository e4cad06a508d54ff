/** Unit tests of the pieces: formatters, token store, JWT expiry, argument parsing, error reports. */

import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '@iotile/client';
import { ConnectionError, httpErrorFromResponse, RequestAbortedError } from '@iotile/client/errors';
import { GidError } from '@iotile/gid';
import { describe, expect, it } from 'vitest';
import { readId } from '../src/commands/slug.js';
import { parseDateOption, parseIntegerOption } from '../src/dates.js';
import { CliError, describeError, InterruptedError, UsageError } from '../src/errors.js';
import { type Column, createRecordWriter, csvCell, TABLE_WIDTH_ROWS } from '../src/format.js';
import { jwtExpiry } from '../src/jwt.js';
import { parseKeyValues, parseResourcePath } from '../src/key-value.js';
import { pickFormat } from '../src/program.js';
import { configDirectory, TokenStore } from '../src/token-store.js';
import { redactUrl } from '../src/verbose-fetch.js';

function memoryOutput() {
  const chunks: string[] = [];
  return {
    out: {
      write: async (text: string) => {
        chunks.push(text);
      },
    },
    text: () => chunks.join(''),
  };
}

interface Row {
  slug: string;
  label: string | null;
  extra?: unknown;
}
const columns: Column<Row>[] = [
  { header: 'SLUG', value: (row) => row.slug },
  { header: 'LABEL', value: (row) => row.label },
];

describe('record writers', () => {
  it('table: aligned columns, the last one unpadded, nothing for an empty list', async () => {
    const { out, text } = memoryOutput();
    const writer = createRecordWriter('table', columns, out);
    await writer.write({ slug: 'd--0001', label: 'North tank' });
    await writer.write({ slug: 'd--00000002', label: null });
    expect(await writer.end()).toBe(2);
    expect(text()).toBe('SLUG         LABEL\nd--0001      North tank\nd--00000002\n');
    const empty = memoryOutput();
    expect(await createRecordWriter('table', columns, empty.out).end()).toBe(0);
    expect(empty.text()).toBe('');
  });

  it('table: widths come from the first rows, later rows stream with them', async () => {
    const { out, text } = memoryOutput();
    const writer = createRecordWriter('table', columns, out);
    for (let i = 0; i < TABLE_WIDTH_ROWS; i++) {
      await writer.write({ slug: 'a', label: 'x' });
    }
    const before = text();
    expect(before.split('\n')).toHaveLength(TABLE_WIDTH_ROWS + 2);
    await writer.write({ slug: 'a-much-longer-slug', label: 'y\nz' });
    expect(text().slice(before.length)).toBe('a-much-longer-slug  y z\n');
  });

  it('csv: RFC 4180 quoting, header even when empty; json and ndjson', async () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell({ peak: 1 })).toBe('"{""peak"":1}"');
    expect(csvCell(null)).toBe('');
    const csv = memoryOutput();
    const writer = createRecordWriter('csv', columns, csv.out);
    await writer.write({ slug: 's', label: 'x,y' });
    await writer.end();
    expect(csv.text()).toBe('SLUG,LABEL\ns,"x,y"\n');
    const emptyCsv = memoryOutput();
    await createRecordWriter('csv', columns, emptyCsv.out).end();
    expect(emptyCsv.text()).toBe('SLUG,LABEL\n');

    const json = memoryOutput();
    const jsonWriter = createRecordWriter('json', columns, json.out);
    await jsonWriter.write({ slug: 'a', label: null, extra: [1] });
    await jsonWriter.write({ slug: 'b', label: 'B' });
    await jsonWriter.end();
    expect(JSON.parse(json.text())).toEqual([
      { slug: 'a', label: null, extra: [1] },
      { slug: 'b', label: 'B' },
    ]);
    const emptyJson = memoryOutput();
    await createRecordWriter('json', columns, emptyJson.out).end();
    expect(emptyJson.text()).toBe('[]\n');
    const ndjson = memoryOutput();
    const ndWriter = createRecordWriter('ndjson', columns, ndjson.out);
    await ndWriter.write({ slug: 'a', label: 'A' });
    expect(await ndWriter.end()).toBe(1);
    expect(ndjson.text()).toBe('{"slug":"a","label":"A"}\n');
  });
});

describe('TokenStore', () => {
  const dir = () => join(mkdtempSync(join(tmpdir(), 'iotile-store-')), 'config', 'iotile');

  it('keeps one session per domain in a 0600 file, replaced whole (no temporary file left)', async () => {
    const store = new TokenStore(dir());
    expect(await store.get('https://iotile.cloud')).toBeUndefined();
    const session = { token: 'a.b.c', tokenType: 'jwt', username: 'ada', savedAt: '2024-01-01T00:00:00Z' };
    await store.set('https://iotile.cloud', session);
    await store.set('http://127.0.0.1:8000', { ...session, token: 'd.e.f' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(store.directory).mode & 0o777).toBe(0o700);
    expect(await store.get('https://iotile.cloud')).toEqual(session);
    expect((await store.get('http://127.0.0.1:8000'))?.token).toBe('d.e.f');
    expect(await store.domains()).toEqual(['https://iotile.cloud', 'http://127.0.0.1:8000']);
    expect(readdirSync(store.directory)).toEqual(['credentials.json']);
    expect(await store.delete('https://iotile.cloud')).toBe(true);
    expect(await store.delete('https://iotile.cloud')).toBe(false);
    expect(await store.domains()).toEqual(['http://127.0.0.1:8000']);
    await store.delete('http://127.0.0.1:8000');
    expect(readdirSync(store.directory)).toEqual([]);
  });

  it('rewrites a file someone made readable with mode 0600', async () => {
    const store = new TokenStore(dir());
    await store.set('x', { token: 't', tokenType: 'jwt', savedAt: '' });
    writeFileSync(store.file, readFileSync(store.file), { mode: 0o644 });
    await store.set('y', { token: 'u', tokenType: 'jwt', savedAt: '' });
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('a corrupt file is a CliError with a hint', async () => {
    const store = new TokenStore(dir());
    await store.set('x', { token: 't', tokenType: 'jwt', savedAt: '' });
    writeFileSync(store.file, '{ nope');
    await expect(store.get('x')).rejects.toThrow(CliError);
    await expect(store.get('x')).rejects.toMatchObject({ hint: expect.stringContaining('delete it') });
  });

  it('lives in IOTILE_CONFIG_DIR, else the env-paths config directory (XDG_CONFIG_HOME on Linux)', () => {
    expect(configDirectory({ IOTILE_CONFIG_DIR: '/somewhere' })).toBe('/somewhere');
    if (process.platform === 'linux') {
      const saved = process.env.XDG_CONFIG_HOME;
      process.env.XDG_CONFIG_HOME = '/xdg';
      try {
        expect(configDirectory({})).toBe('/xdg/iotile');
      } finally {
        if (saved === undefined) {
          delete process.env.XDG_CONFIG_HOME;
        } else {
          process.env.XDG_CONFIG_HOME = saved;
        }
      }
    }
  });
});

describe('jwtExpiry', () => {
  const jwt = (payload: object) =>
    `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
  it('reads exp, and nothing from other tokens', () => {
    expect(jwtExpiry(jwt({ exp: 1_700_000_000 }))).toEqual(new Date(1_700_000_000_000));
    expect(jwtExpiry(jwt({ user_id: 1 }))).toBeUndefined();
    expect(jwtExpiry('0123456789abcdef0123456789abcdef01234567')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });
});

describe('argument parsing', () => {
  it('dates: ISO dates and date-times, UTC without an offset; anything else a UsageError naming the option', () => {
    expect(parseDateOption('--start', '2024-01-31')).toEqual(new Date('2024-01-31T00:00:00Z'));
    expect(parseDateOption('--start', '2024-01-31T12:30')).toEqual(new Date('2024-01-31T12:30:00Z'));
    expect(parseDateOption('--start', '2024-01-31 12:30:05')).toEqual(new Date('2024-01-31T12:30:05Z'));
    expect(parseDateOption('--end', '2024-01-31T12:00:00+02:00')).toEqual(new Date('2024-01-31T10:00:00Z'));
    for (const bad of ['yesterday', '2024-02-30', '2024-13-01', '2024-01-01T24:00', '31/01/2024', '']) {
      expect(() => parseDateOption('--end', bad), bad).toThrow(UsageError);
    }
    expect(() => parseDateOption('--end', 'x')).toThrow(/^--end: not a date: "x"$/);
  });

  it('integers within a range', () => {
    expect(parseIntegerOption('--lastn', '10', 1, 100, 'h')).toBe(10);
    for (const bad of ['0', '101', '1.5', '-1', 'ten', '']) {
      expect(() => parseIntegerOption('--lastn', bad, 1, 100, 'h'), bad).toThrow(UsageError);
    }
  });

  it('key=value and key:=json', () => {
    expect(parseKeyValues(['label=Tank = 1', 'count:=3', 'tags:=["a"]', 'a=1', 'a=2'])).toEqual({
      query: { label: 'Tank = 1', count: '3', tags: '["a"]', a: ['1', '2'] },
      fields: { label: 'Tank = 1', count: 3, tags: ['a'], a: '2' },
    });
    expect(() => parseKeyValues(['novalue'])).toThrow(UsageError);
    expect(() => parseKeyValues(['=x'])).toThrow(UsageError);
    expect(() => parseKeyValues(['n:=nope'])).toThrow(/n: not valid JSON/);
  });

  it('resource paths', () => {
    expect(parseResourcePath('/device/d--00d2/')).toEqual(['device', 'd--00d2']);
    expect(parseResourcePath('device/d--00d2')).toEqual(['device', 'd--00d2']);
    expect(parseResourcePath('/api/v1/org/')).toEqual(['org']);
    expect(parseResourcePath('https://iotile.cloud/api/v1/stream/s--1--2--5001/data/')).toEqual([
      'stream',
      's--1--2--5001',
      'data',
    ]);
    expect(() => parseResourcePath('device/?project=1')).toThrow(UsageError);
    expect(() => parseResourcePath('/')).toThrow(UsageError);
  });

  it('formats: one of --format/--json/--csv/--ndjson', () => {
    expect(pickFormat({}, 'table')).toBe('table');
    expect(pickFormat({ json: true }, 'table')).toBe('json');
    expect(pickFormat({ format: 'csv', csv: true }, 'table')).toBe('csv');
    expect(() => pickFormat({ format: 'csv', json: true }, 'table')).toThrow(
      /conflicting formats: csv, json/,
    );
    expect(() => pickFormat({ format: 'xml' }, 'table')).toThrow(UsageError);
  });

  it('slug ids: decimal digits are decimal, the rest as @iotile/gid reads it', () => {
    expect(readId('210')).toBe(210);
    expect(readId('0xd2')).toBe('0xd2');
    expect(readId('d--00d2')).toBe('d--00d2');
    expect(readId('18446744073709551615')).toBe(18446744073709551615n);
  });
});

describe('describeError', () => {
  it('maps the SDK errors to exit codes: input 2, server and network 1, abort 130; one line', () => {
    expect(describeError(new UsageError('bad', 'hint'))).toEqual({
      exitCode: 2,
      message: 'bad',
      hint: 'hint',
    });
    expect(describeError(new InterruptedError())).toMatchObject({ exitCode: 130 });
    expect(describeError(new GidError('bad slug', 'x'), { command: 'data' })).toEqual({
      exitCode: 2,
      message: 'bad slug',
      hint: 'run: iotile data --help',
    });
    expect(describeError(new InvalidInputError('timeoutMs: bad'))).toMatchObject({ exitCode: 2 });
    const unauthorized = httpErrorFromResponse({
      method: 'GET',
      response: new Response(null, { status: 401, statusText: 'Unauthorized' }),
      body: { detail: 'Signature has expired.' },
    });
    expect(describeError(unauthorized)).toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/^401 Unauthorized GET .*Signature has expired\.$/),
      hint: expect.stringContaining('iotile login'),
    });
    const server = httpErrorFromResponse({
      method: 'GET',
      response: new Response(null, { status: 503, statusText: 'Service Unavailable' }),
      body: { detail: 'down\nfor maintenance' },
    });
    expect(describeError(server)).toMatchObject({ exitCode: 1, message: expect.not.stringContaining('\n') });
    expect(describeError(new ConnectionError('refused', { method: 'GET', url: 'http://x/' }))).toMatchObject({
      exitCode: 1,
    });
    expect(
      describeError(new RequestAbortedError('aborted', { method: 'GET', url: 'http://x/' })),
    ).toMatchObject({
      exitCode: 130,
    });
    expect(describeError(new TypeError('boom'))).toEqual({
      exitCode: 1,
      message: 'unexpected error: boom',
      hint: undefined,
    });
  });
});

describe('redactUrl (--verbose)', () => {
  it('drops credentials and secret-looking query values', () => {
    expect(redactUrl('https://u:p@host/api/v1/x/?token=abc&page=2&api_key=k')).toBe(
      'https://host/api/v1/x/?token=%5Bredacted%5D&page=2&api_key=%5Bredacted%5D',
    );
  });
});

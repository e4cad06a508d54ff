/**
 * Seeded fuzzing of the running mock: random paths (spec routes with junk in their parameters, broken
 * percent-escapes, unknown paths), methods, query strings, credentials and bodies (JSON, forms, report
 * uploads with out-of-range fields) against 127.0.0.1. Bad input must get a 4xx with a DRF-style JSON
 * body; the only 5xx allowed is an injected fault, which is counted and says so. The runs are bounded in
 * number (fixed seed, so a failure replays) and, as a guard against a hang, in time.
 */
import { Agent, request } from 'node:http';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, LEVEL, PROJECT_ID, type Started, startCloud } from './support/cloud.js';
import { encodeMsgpack, encodeSignedList } from './support/report-encoder.js';
import { spec } from './support/spec-client.js';

/** Runs per property; `MOCK_FUZZ_RUNS` raises it for a longer local search. */
const RUNS = Number(process.env.MOCK_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.MOCK_FUZZ_SEED ?? 20261130);
/** Not an assertion on time: only stops a run that hangs (fast-check reports it as a failure). */
const TIME_LIMIT_MS = 45_000;

let t: Started;
let token: string;
let templates: string[];
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  t = await startCloud();
  prepare(null);
  await t.client.login('ada@example.com', 'lovelace');
  token = t.client.token as string;
  templates = Object.keys((await spec()).definition.paths ?? {});
});
afterAll(() => agent.destroy());

/**
 * After `reset()`: a claimed device 10 in a project of its own, beside the fixtures, and a few injected
 * 500s and 503s (seeded per run) that the fuzz must tell from real failures.
 */
function prepare(faultSeed: number | null): void {
  t.cloud.reset();
  t.cloud.setFaults(
    faultSeed === null ? null : { failRate: 0.05, failStatuses: [500, 503], seed: faultSeed },
  );
  t.cloud.quickAddUser();
  const project = t.cloud.quickAddProject('Fuzz');
  t.cloud.quickAddDevice(project.id, 10);
}

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request with node:http, so the path goes out byte for byte (fetch would re-encode some of it). */
function send(method: string, path: string, headers: Record<string, string>, body: Buffer | null) {
  return new Promise<Raw>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.server.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

// --- generators ------------------------------------------------------------------------------------

const VALID = [
  DEVICE,
  'd--0a1b',
  'd--0000-0000-0000-000a',
  LEVEL,
  's--0000-0042--0000-0000-0000-0a1b--5002',
  PROJECT_ID,
  'p--0000-0042',
  'b--0002-0000-0000-0a1b',
  'v--0000-0042--5001',
  'reservoir-co',
  'tank-monitor-v2-0-0',
  't--0000-0000-0000-0a1b--0001',
  'g--0000-0000-0001',
  '41',
  '1',
  'ada',
];

const NASTY = [
  '%ff',
  '%e0%a4',
  '%c0%af',
  '%',
  '%zz',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '-',
  'd--',
  's--',
  's--0000-0042--0000-0000-0000-0a1b--0000',
  'v--1--0',
  'd--ffff-ffff-ffff-ffff',
  'd--1-2-3-4-5',
  't--0000-0000-0000-0a1b--ffffff',
  'g--ffff-ffff-ffff-ffff',
  'b--ffff-ffff-ffff-ffff',
  '0x',
  '-1',
  '1e20',
  '1e400',
  '99999999999999999999',
  '9007199254740993',
  'NaN',
  'Infinity',
  'null',
  'last',
  '0',
  '00000000-0000-0000-0000-000000000000',
  '2020-13-45T99:99:99Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-19T00:00:00Z',
  '1970-01-01T00:00:00+25:00',
  '\u0000',
  '\ud800',
];

const encoded = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ed%a0%80'; // a lone surrogate, as its (invalid) UTF-8 bytes
  }
};

/** A value for a path segment or a query parameter, already in URL form. */
const urlValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALID).map(encoded) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY).map((s) => (s.startsWith('%') ? s : encoded(s))) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }).map(encoded) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.bigInt(), fc.double()).map((n) => encoded(String(n))) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(...VALID)
      .map((s) => `${s}${['%ff', '.json', '%00', '--', '.'][s.length % 5]}`),
  },
);

const QUERY_KEYS = [
  'filter',
  'page',
  'page_size',
  'start',
  'end',
  'timestamp',
  'lastn',
  'project',
  'device',
  'block',
  'variable',
  'stream',
  'enabled',
  'virtual',
  'all',
  'claimed',
  'sg',
  'dt',
  'org',
  'org__slug',
  'external_id',
  'target',
  'format',
  'orient',
  'pivot',
  'apply_mdo',
  'date_format',
  'extended',
  'staff',
  'with_errors',
  'streamer__slug',
  'created_by__slug',
  'request',
  'fleet',
  'scope',
  'selector',
  'slug',
  'name',
  'search',
  'id__gte',
  'id__lte',
  'streamer_id__gte',
  'streamer_id__lte',
  'encoded_extra_data',
  'device__slug',
  'archived',
];

const query = fc
  .array(
    fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 5 }).map(encoded)), urlValue),
    {
      maxLength: 4,
    },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : ''));

const path = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(fc.nat(), fc.array(urlValue, { minLength: 3, maxLength: 3 })).map(([i, values]) => {
      let n = 0;
      const template = templates[i % templates.length] as string;
      return `/api/v1${template.replace(/\{\w+\}/g, () => values[n++ % values.length] as string)}`;
    }),
  },
  {
    weight: 1,
    arbitrary: fc.array(urlValue, { maxLength: 4 }).map((segments) => `/api/v1/${segments.join('/')}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/api/v1', '/api/v1/', '/', '/api', '/api/v1//device/', '//x', '/api/v1/%ff'),
  },
);

/** Any JSON-ish number a client could send: huge, negative, fractional, or not a number at all. */
const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 70_000 }),
  fc.constantFrom(0, -1, 0xffff, 0x10000, 2 ** 32, 2 ** 53, 2 ** 64, 1e20, 1e300, 1.5, -0.5),
  fc.constantFrom('5001', '0x5001', 'zz', '', null, true, [], {}),
);

const TIMES = [
  '2020-01-01T00:00:00Z',
  '2020-01-01T00:00:00',
  null,
  ...NASTY.filter((x) => !x.startsWith('%')),
];

/** A valid object with up to `n` of its fields replaced by anything (so most requests get past the first check). */
function spoiled<T extends Record<string, unknown>>(
  valid: T,
  n: number,
): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(valid);
  return fc
    .array(fc.tuple(fc.constantFrom(...keys, 'extra'), fc.oneof(anyNumber, fc.constantFrom(...TIMES))), {
      maxLength: n,
    })
    .map((changes) => ({ ...valid, ...Object.fromEntries(changes) }));
}

const flexibleItem = fc
  .tuple(fc.nat({ max: 20 }), fc.constantFrom(0x5001, 0x5002, 0x0001, 0x0, 0xffff, '5001', 'ffff'))
  .chain(([id, stream]) =>
    spoiled(
      {
        stream,
        streamer_local_id: id,
        value: id * 3,
        timestamp: TIMES[id % TIMES.length] ?? null,
        device_timestamp: id * 10,
        extra_data: id % 2 ? { a: id } : null,
        data: id % 3 ? null : { b: [id] },
      },
      2,
    ),
  );

const flexible = fc
  .tuple(
    fc.constantFrom(10, 10, 0xa1b, 0xa1c, 11),
    fc.array(flexibleItem, { maxLength: 3 }),
    fc.array(flexibleItem, { maxLength: 2 }),
  )
  .chain(([device, data, events]) =>
    spoiled(
      {
        format: 'v100',
        device,
        streamer_index: 1,
        streamer_selector: 0x5fff,
        device_sent_timestamp: 1000,
        incremental_id: 3,
        lowest_id: 1,
        highest_id: 20,
        data,
        events,
      },
      2,
    ),
  );

const u32 = fc.oneof(fc.constantFrom(0, 1, 10, 0xa1b, 0xffff, 0xffffffff), fc.nat({ max: 0xffffffff }));
const signedList = fc
  .record({
    deviceId: u32,
    readings: fc.array(fc.record({ stream: fc.nat({ max: 0xffff }), id: u32, timestamp: u32, value: u32 }), {
      maxLength: 3,
    }),
    reportId: u32,
    sentTimestamp: u32,
    streamerIndex: fc.nat({ max: 0xff }),
    selector: fc.nat({ max: 0xffff }),
    badHash: fc.boolean(),
  })
  .map((input) => Buffer.from(encodeSignedList(input)));

function multipart(file: Buffer, name: string): { type: string; body: Buffer } {
  const boundary = 'fuzzboundary7MA4YWxk';
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const reportFile = fc.oneof(
  flexible.map((r) => multipart(Buffer.from(JSON.stringify(r)), 'r.json')),
  flexible.map((r) => {
    try {
      return multipart(Buffer.from(encodeMsgpack(r as Record<string, unknown>)), 'r.mp');
    } catch {
      return multipart(Buffer.from([0xc1]), 'r.mp');
    }
  }),
  signedList.map((bytes) => multipart(bytes, 'r.bin')),
  fc
    .tuple(fc.uint8Array({ maxLength: 80 }), fc.constantFrom('r.bin', 'r', 'r.json', 'r.mp', 'r.txt'))
    .map(([bytes, name]) => multipart(Buffer.from(bytes), name)),
);

const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.dictionary(
          fc.constantFrom(
            'label',
            'state',
            'lat',
            'lon',
            'name',
            'value',
            'email',
            'password',
            'token',
            'username',
            'input_unit',
            'output_unit',
            'mdo_type',
            'multiplication_factor',
            'division_factor',
            'offset',
            'is_virtual',
            'enabled',
            'about',
            'fleet',
            'device',
            'script',
            'org',
            'project',
            'criteria',
            'on_complete',
            'extra_data',
            'stream',
            'timestamp',
            'external_id',
            'active',
          ),
          fc.oneof(fc.jsonValue({ maxDepth: 2 }), anyNumber),
        ),
      )
      .map((v) => ({ type: 'application/json', body: Buffer.from(JSON.stringify(v) ?? 'null') })),
  },
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 30 }).map((s) => ({ type: 'application/json', body: Buffer.from(s) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ maxLength: 30 })
      .map((s) => ({ type: 'application/x-www-form-urlencoded', body: Buffer.from(s) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'text/plain',
        'application/msgpack',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
      )
      .map((type) => ({ type, body: Buffer.from('{"a":1}') })),
  },
  { weight: 3, arbitrary: reportFile },
);

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant('valid') },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'jwt',
      'jwt x',
      'jwt a.b.c',
      'Token abc',
      'Token',
      'Bearer x',
      'jwt  a b',
      'JWT eyJ.eyJ.x',
      'a-jwt x',
    ),
  },
);

const exchange = fc.record({
  method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  path,
  query,
  authorization,
  body,
});

type Exchange = typeof exchange extends fc.Arbitrary<infer T> ? T : never;

let injectedFaults = 0;

/** Sends one exchange; returns a problem (a real 5xx, a body that is not JSON) or null. */
async function check(x: Exchange): Promise<string | null> {
  const headers: Record<string, string> = {};
  if (x.authorization !== null) {
    headers.authorization = x.authorization === 'valid' ? `jwt ${token}` : x.authorization;
  }
  if (x.body) {
    headers['content-type'] = x.body.type;
    // node:http sends a GET's body without framing unless told its length.
    headers['content-length'] = String(x.body.body.length);
  }
  const faultsBefore = t.cloud.faultCount;
  const res = await send(x.method, `${x.path}${x.query}`, headers, x.body?.body ?? null);
  const injected = t.cloud.faultCount > faultsBefore;
  injectedFaults += injected ? 1 : 0;
  if (res.status >= 500) {
    const injectedBody =
      x.method === 'HEAD' ? '' : JSON.stringify({ detail: `Injected fault: HTTP ${res.status}.` });
    if (!injected || res.text !== injectedBody) {
      return `${res.status}: ${res.text.slice(0, 300)}`;
    }
    return null;
  }
  const type = String(res.headers['content-type'] ?? '');
  if (res.status >= 400 && x.method !== 'HEAD') {
    if (!type.startsWith('application/json')) {
      return `${res.status} with content-type "${type}"`;
    }
    const parsed: unknown = JSON.parse(res.text);
    const drfShape =
      typeof parsed === 'string' ||
      (Array.isArray(parsed) && parsed.every((m) => typeof m === 'string')) ||
      (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed));
    if (!drfShape) {
      return `${res.status} body is not a DRF error: ${res.text.slice(0, 200)}`;
    }
  }
  return null;
}

describe('fuzzing the running mock', () => {
  it('answers every malformed request with a 4xx and a DRF body, never a 500 (injected faults aside)', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(exchange, { minLength: 1, maxLength: 3 }),
        async (faultSeed, exchanges) => {
          prepare(faultSeed);
          for (const x of exchanges) {
            sent += 1;
            const problem = await check(x);
            expect(problem, `${x.method} ${x.path}${x.query}`).toBeNull();
          }
        },
      ),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    // The injected faults were there to be told apart.
    expect(injectedFaults).toBeGreaterThan(0);
  });

  it('uploads reports with out-of-range fields without a 500', async () => {
    const exchangeUpload = fc.record({
      method: fc.constant('POST'),
      path: fc.constant('/api/v1/streamer/report/'),
      query: fc.constantFrom(
        '?timestamp=2020-01-01T00:00:00Z',
        '?timestamp=2020-01-01T00:00:00',
        '?timestamp=x',
        '',
      ),
      authorization: fc.constant('valid'),
      body: reportFile,
    });
    await fc.assert(
      fc.asyncProperty(exchangeUpload, async (x) => {
        prepare(null);
        const problem = await check(x as Exchange);
        expect(problem, `${x.method} ${x.path}${x.query}`).toBeNull();
        // What an accepted upload stored must be servable: valid times, 32-bit uptimes.
        const data = await send(
          'GET',
          '/api/v1/data/?filter=d--000a',
          { authorization: `jwt ${token}` },
          null,
        );
        expect(data.status).toBe(200);
        for (const row of JSON.parse(data.text).results as Array<Record<string, unknown>>) {
          expect(row.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
          expect(row.device_timestamp === null || Number.isInteger(row.device_timestamp)).toBe(true);
        }
        const events = await send(
          'GET',
          '/api/v1/event/?filter=d--000a',
          { authorization: `jwt ${token}` },
          null,
        );
        expect(events.status).toBe(200);
      }),
      { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
  });
});

/**
 * One hostile-server scenario, run in its own process by `hostile.ts` (so its peak RSS is its own):
 * starts a misbehaving server on 127.0.0.1, runs the SDK against it with a 15 s cap, and prints one
 * JSON line: requests the server saw, peak RSS, the outcome, and secrets found where they must not be.
 *
 * Only APIs that every version of the SDK has are used, so the same script measures before and after.
 */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { createGzip } from 'node:zlib';
import { Api } from '@iotile/client';
import { StreamData } from '../src/index.js';

const STREAM = 's--0000-0001--0000-0000-0000-00d2--5001';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.aG9zdGlsZQ.c2VjcmV0LXNpZ25hdHVyZQ';
const PASSWORD = 'hostile-bench-password-42';
const CAP_MS = 15_000;

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let requests = 0;
let leaks = 0;

async function serve(handler: Handler): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => {
    requests++;
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => handler(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** `total` bytes of `byte`, produced as read (never held). */
function bytes(total: number, byte: number, prefix = '', suffix = ''): Readable {
  const chunk = Buffer.alloc(1024 * 1024, byte);
  let left = total;
  return Readable.from(
    (function* () {
      yield Buffer.from(prefix);
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        yield n === chunk.length ? chunk : chunk.subarray(0, n);
      }
      yield Buffer.from(suffix);
    })(),
  );
}

function page(count: number, next: string | null, results: unknown[]): string {
  return JSON.stringify({ count, next, previous: null, results });
}

function point(i: number) {
  return {
    type: 'Num',
    timestamp: '2020-01-01T00:00:00Z',
    int_value: i,
    value: i,
    output_value: i,
    streamer_local_id: i,
  };
}

/** Counts the error views (and log lines) that hold a secret. */
function countLeaks(error: unknown, secrets: string[], lines: string[] = []): number {
  const e = error as Error & { body?: unknown };
  const views = [
    e?.message,
    String(e),
    e?.stack,
    inspect(e, { depth: 8 }),
    JSON.stringify(e),
    JSON.stringify(e?.body),
    ...lines,
  ];
  return views.filter((view) => typeof view === 'string' && secrets.some((s) => view.includes(s))).length;
}

const scenarios: Record<string, () => Promise<string>> = {
  async 'body-300MB'() {
    const { url, close } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      bytes(300 * 1024 * 1024, 0x20, '"', '"').pipe(res);
    });
    try {
      await new Api({ domain: url, retries: 0 }).rest('big').get();
      return 'read whole';
    } finally {
      close();
    }
  },
  async 'gzip-bomb-1GB'() {
    const { url, close } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      bytes(1024 * 1024 * 1024, 0x20, '"', '"')
        .pipe(createGzip({ level: 1 }))
        .pipe(res);
    });
    try {
      await new Api({ domain: url, retries: 0 }).rest('bomb').get();
      return 'read whole';
    } finally {
      close();
    }
  },
  async 'iterate-gzip-blanks-1.5GB'() {
    const { url, close } = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      bytes(
        1536 * 1024 * 1024,
        0x20,
        `{"count":2,"next":null,"previous":null,"results":[${JSON.stringify(point(1))},`,
        `${JSON.stringify(point(2))}]}`,
      )
        .pipe(createGzip({ level: 1 }))
        .pipe(res);
    });
    try {
      let n = 0;
      for await (const _ of new StreamData(STREAM, new Api({ domain: url, retries: 0 })).iterate({
        end: '2030-01-01T00:00:00Z',
      })) {
        n++;
      }
      return `${n} points`;
    } finally {
      close();
    }
  },
  async 'paginate-next-loop'() {
    const { url, close } = await serve((req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(page(10, `http://${req.headers.host}/api/v1/device/`, [{ id: 1 }]));
    });
    try {
      let n = 0;
      for await (const _ of new Api({ domain: url, retries: 0 }).paginate('/device/')) {
        n++;
      }
      return `${n} items`;
    } finally {
      close();
    }
  },
  async 'iterate-count0-next'() {
    const { url, close } = await serve((req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 1);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(page(0, `http://${req.headers.host}/api/v1/stream/${STREAM}/data/?page=${n + 1}`, []));
    });
    try {
      let n = 0;
      for await (const _ of new StreamData(STREAM, new Api({ domain: url, retries: 0 })).iterate(
        {},
        { pinEnd: false },
      )) {
        n++;
      }
      return `${n} points`;
    } finally {
      close();
    }
  },
  async 'lying-count-concurrency-4'() {
    const { url, close } = await serve((req, res) => {
      const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 1);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          page(
            1e9,
            `http://${req.headers.host}/api/v1/stream/${STREAM}/data/?page=${n + 1}`,
            n <= 2 ? [point(n)] : [],
          ),
        );
    });
    try {
      const data = await new StreamData(STREAM, new Api({ domain: url, retries: 0 })).initializeFromServer(
        {},
        { concurrency: 4, pinEnd: false },
      );
      return `${data.data.length} points`;
    } finally {
      close();
    }
  },
  async 'retries-NaN-per-call'() {
    const { url, close } = await serve((_, res) => {
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"detail":"busy"}');
    });
    try {
      await new Api({ domain: url }).rest('device').get(undefined, { retries: Number.NaN });
      return 'resolved';
    } finally {
      close();
    }
  },
  async 'echoed-token-in-error-views'() {
    const { url, close } = await serve((req, res) => {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ detail: `bad ${req.headers.authorization}`, token: [req.headers.authorization] }),
        );
    });
    try {
      const api = new Api({ domain: url, retries: 0, token: TOKEN });
      const error = await api
        .rest('device')
        .get()
        .catch((e: unknown) => e);
      leaks += countLeaks(error, [TOKEN]);
      return (error as Error).name;
    } finally {
      close();
    }
  },
  async 'redirected-login-and-refresh'() {
    const received: string[] = [];
    const away = await serve((_, res, body) => {
      received.push(body);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ jwt: 'planted', token: 'planted' }));
    });
    const home = await serve((req, res) => {
      res.writeHead(307, { location: `${away.url}${req.url}` }).end();
    });
    try {
      const api = new Api({ domain: home.url, retries: 0 });
      await api.login({ email: 'me@example.com', password: PASSWORD }).catch(() => undefined);
      api.setToken(TOKEN);
      await api.refreshToken().catch(() => undefined);
      leaks += received.filter((body) => body.includes(PASSWORD) || body.includes(TOKEN)).length;
      leaks += api.token === 'planted' ? 1 : 0;
      return `token ${api.token === 'planted' ? 'planted' : 'kept'}`;
    } finally {
      home.close();
      away.close();
    }
  },
};

const name = process.argv[2] as string;
const scenario = scenarios[name];
if (scenario === undefined) {
  process.stdout.write(`${JSON.stringify({ names: Object.keys(scenarios) })}\n`);
  process.exit(0);
}
const started = performance.now();
const timer = setTimeout(() => {
  report(`still running after ${CAP_MS / 1000} s (stopped)`);
  process.exit(0);
}, CAP_MS);

function report(outcome: string): void {
  process.stdout.write(
    `${JSON.stringify({
      name,
      requests,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      ms: Math.round(performance.now() - started),
      leaks,
      outcome,
    })}\n`,
  );
}

scenario().then(
  (outcome) => {
    clearTimeout(timer);
    report(outcome);
    process.exit(0);
  },
  (error: unknown) => {
    clearTimeout(timer);
    const e = error as Error;
    report(`${e?.name ?? 'Error'}: ${String(e?.message).slice(0, 90)}`);
    process.exit(0);
  },
);

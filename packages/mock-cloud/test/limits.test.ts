/**
 * What a client can make the server hold: body limits that apply while the body arrives (per route),
 * header, request and body-idle timeouts, and the connection cap. Raw sockets send exactly what each case
 * needs; every wait is on an event (an answer, a socket's `close`), never a sleep, and the timeouts are
 * made small through `start({ limits })`.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

import { afterAll, describe, expect, it } from 'vitest';

import { DEFAULT_LIMITS, MockIOTileCloud, type RunningServer, type ServerLimits } from '../src/index.js';

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function serve(limits: ServerLimits = {}) {
  const cloud = new MockIOTileCloud();
  cloud.quickAddUser();
  const server = await cloud.start({ limits });
  servers.push(server);
  return { cloud, server };
}

/** A raw connection that collects everything the server sends. */
async function open(
  server: RunningServer,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const socket = connect(server.port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => {
    text += String(chunk);
  });
  socket.on('error', () => undefined); // a reset is one way of being closed
  const closed = once(socket, 'close').then(() => undefined);
  await once(socket, 'connect');
  return { socket, received: () => text, closed };
}

/** Resolves with what the server sent once it has sent a whole answer head (and the body it declared). */
function answer(socket: Socket): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) {
        return;
      }
      const head = text.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
      const body = text.slice(end + 4);
      if (Buffer.byteLength(body) >= length) {
        socket.off('data', onData);
        resolve({ status: Number(head.slice(9, 12)), headers: head.toLowerCase(), body });
      }
    };
    socket.on('data', onData);
  });
}

const head = (
  server: RunningServer,
  method: string,
  path: string,
  headers: Record<string, string | number>,
) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('body limits', () => {
  it('answers 413 from the Content-Length alone, before a byte of the body is sent', async () => {
    const { server } = await serve();
    for (const [path, limit] of [
      ['/api/v1/auth/login/', DEFAULT_LIMITS.smallBodyBytes],
      ['/api/v1/device/d--0001/', DEFAULT_LIMITS.jsonBodyBytes],
      ['/api/v1/streamer/report/', DEFAULT_LIMITS.uploadBodyBytes],
    ] as const) {
      const { socket, closed } = await open(server);
      const reply = answer(socket);
      socket.write(
        head(server, 'POST', path, {
          'content-type': 'application/json',
          'content-length': 63 * 1024 * 1024,
        }),
      );
      const res = await reply;
      expect(res.status, path).toBe(413);
      expect(res.headers).toContain('connection: close');
      expect(JSON.parse(res.body)).toEqual({ detail: `Request body larger than ${limit} bytes.` });
      await closed;
    }
  });

  it('answers 413 as soon as a chunked body passes the limit, while the client is still sending', async () => {
    const { server } = await serve({ jsonBodyBytes: 1000 });
    const { socket, closed } = await open(server);
    const reply = answer(socket);
    socket.write(
      head(server, 'PATCH', '/api/v1/device/d--0001/', {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      }),
    );
    const chunk = 'x'.repeat(600);
    socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    // No last chunk: the body never ends, and the answer comes anyway.
    const res = await reply;
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ detail: 'Request body larger than 1000 bytes.' });
    await closed;
  });

  it('gives reads and logins a small limit, and report uploads a large one', async () => {
    const { server } = await serve({ smallBodyBytes: 100, jsonBodyBytes: 1000, uploadBodyBytes: 10_000 });
    const post = async (method: string, path: string, size: number) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'GET' ? null : `"${'x'.repeat(size - 2)}"`,
      });
      await res.arrayBuffer();
      return res.status;
    };
    expect(await post('POST', '/api/v1/auth/login/', 101)).toBe(413);
    expect(await post('POST', '/api/v1/auth/login/', 100)).toBe(400); // within the limit: a bad login
    expect(await post('PATCH', '/api/v1/device/d--0001/', 1001)).toBe(413);
    expect(await post('PATCH', '/api/v1/device/d--0001/', 1000)).toBe(401);
    expect(await post('POST', '/api/v1/streamer/report/', 10_001)).toBe(413);
    expect(await post('POST', '/api/v1/streamer/report/', 5000)).toBe(401);
    expect(await post('DELETE', '/api/v1/device/d--0001/', 101)).toBe(413);
  });
});

describe('timeouts', () => {
  it('closes a connection whose headers never end (headersTimeout) with a 408', async () => {
    const { server } = await serve({ headersTimeoutMs: 50, requestTimeoutMs: 50 });
    const { socket, received, closed } = await open(server);
    socket.write('GET /api/v1/server/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received()).toContain('{"detail":"Request timed out."}');
  });

  it('cuts a body sent at a trickle once the whole request takes longer than requestTimeout', async () => {
    const { server } = await serve({
      headersTimeoutMs: 100,
      requestTimeoutMs: 100,
      bodyIdleTimeoutMs: 60_000,
      smallBodyBytes: 10_000_000,
    });
    const { socket, received, closed } = await open(server);
    const length = 10_000_000;
    socket.write(
      head(server, 'POST', '/api/v1/auth/login/', {
        'content-type': 'application/json',
        'content-length': length,
      }),
    );
    // One byte at a time, the next once the last one was flushed: never idle, and never done (it
    // stops one byte short of the length), so only the request timeout can end the request.
    let sent = 0;
    const drip = () => {
      if (!socket.destroyed && sent < length - 1) {
        sent++;
        socket.write(' ', () => setImmediate(drip));
      }
    };
    drip();
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(received()).toContain('{"detail":"Request timed out."}');
    expect(sent).toBeGreaterThan(1);
  });

  it('answers 408 when a body stops arriving for bodyIdleTimeoutMs', async () => {
    const { cloud, server } = await serve({ bodyIdleTimeoutMs: 30 });
    const { socket, received, closed } = await open(server);
    socket.write(
      head(server, 'POST', '/api/v1/auth/login/', {
        'content-type': 'application/json',
        'content-length': 100,
      }),
    );
    socket.write('{"email"');
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(received()).toContain('{"detail":"Request body timed out: no data for 30 ms."}');
    expect(cloud.errorCount).toBe(1);
  });
});

describe('connections', () => {
  it('closes connections beyond maxConnections at once', async () => {
    const { server } = await serve({ maxConnections: 2 });
    const held = [await open(server), await open(server)];
    // A full answer on each proves the server has accepted both.
    for (const { socket } of held) {
      const reply = answer(socket);
      socket.write(head(server, 'GET', '/api/v1/server/', {}));
      expect((await reply).status).toBe(200);
    }
    const third = await open(server);
    third.socket.write(head(server, 'GET', '/api/v1/server/', {}));
    await third.closed;
    expect(third.received()).toBe('');
    for (const { socket } of held) {
      socket.destroy();
    }
  });
});

describe('start options', () => {
  it.each([
    [{ port: 'abc' }, 'port', /start: port must be an integer from 0 to 65535; got "abc"/],
    [{ port: -1 }, 'port', /port must be an integer/],
    [{ port: 70000 }, 'port', /port must be an integer/],
    [{ port: 1.5 }, 'port', /port must be an integer/],
    [{ port: null }, 'port', /got null/],
    [{ https: 'yes' }, 'https', /https must be a boolean/],
    [null, 'options', /options must be an object; got null/],
    [{ limits: 5 }, 'limits', /limits must be an object/],
    [{ limits: { maxBodyBytes: 5 } }, 'limits.maxBodyBytes', /is not a limit/],
    [{ limits: { headersTimeoutMs: 0 } }, 'limits.headersTimeoutMs', /from 1 to 2147483647; got 0/],
    [{ limits: { requestTimeoutMs: 2 ** 31 } }, 'limits.requestTimeoutMs', /from 1 to 2147483647/],
    [{ limits: { jsonBodyBytes: Number.NaN } }, 'limits.jsonBodyBytes', /got NaN/],
    [{ limits: { maxConnections: 0 } }, 'limits.maxConnections', /from 1 to/],
  ])('rejects %j with a MockInputError naming %s, before listening', async (options, param, message) => {
    const { MockInputError } = await import('../src/index.js');
    const cloud = new MockIOTileCloud();
    let error: unknown;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: wrong types on purpose.
      await cloud.start(options as any);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MockInputError);
    expect((error as InstanceType<typeof MockInputError>).param).toBe(param);
    expect((error as Error).message).toMatch(message);
  });
});

/**
 * The Node HTTP(S) side: binds 127.0.0.1, turns Node requests into `MockRequest`s, applies injected faults,
 * writes `MockResponse`s (streamed bodies with back-pressure), and guarantees that nothing a request does
 * can take the server down: bad requests get DRF-style 4xx answers, and an unexpected failure a JSON 500.
 * It also bounds what a client can hold: bodies are counted as they arrive (413 past the route's limit,
 * before anything above it is stored), headers, bodies and whole requests have timeouts, and the number
 * of open connections is capped.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

import type { ErrorBody } from './api-types.js';
import type { FaultDecision } from './faults.js';
import type { MockRequest, MockResponse } from './http.js';
import { describeInput, MockInputError } from './input-error.js';
import { makeSelfSignedCertificate } from './tls.js';

/** What a server accepts before it refuses: body sizes, timeouts and connections. */
export interface ServerLimits {
  /**
   * Bytes of body for report and event uploads (`POST /streamer/report/`, `/event/upload/`). Default
   * 16 MiB (a report is a few hundred kilobytes at most).
   */
  uploadBodyBytes?: number;
  /** Bytes of body for the other writes (POST, PUT, PATCH of JSON or form data). Default 1 MiB. */
  jsonBodyBytes?: number;
  /**
   * Bytes of body for requests that carry no data (GET, HEAD, DELETE, OPTIONS, unknown methods) and for
   * the unauthenticated auth routes (`/auth/...`). Default 64 KiB.
   */
  smallBodyBytes?: number;
  /** Milliseconds to receive a request's headers (node:http `headersTimeout`). Default 10 s. */
  headersTimeoutMs?: number;
  /**
   * Milliseconds to receive a whole request, body included (node:http `requestTimeout`), so a body sent
   * at 1 byte/s is cut. Default 60 s.
   */
  requestTimeoutMs?: number;
  /** Milliseconds a body may pause between two chunks before the request gets a 408. Default 10 s. */
  bodyIdleTimeoutMs?: number;
  /**
   * Milliseconds an idle keep-alive connection stays open (node:http `keepAliveTimeout`). Default 65 s, as
   * servers behind a load balancer keep theirs: with node's 5 s, a client that reuses a connection just as
   * the server closes it gets ECONNRESET on a POST it must not retry (seen in tests on a loaded machine,
   * where a blocked event loop delays both sides' timers).
   */
  keepAliveTimeoutMs?: number;
  /** Open connections at most; further ones are closed at once (`server.maxConnections`). Default 256. */
  maxConnections?: number;
}

/** The defaults of `ServerLimits`. */
export const DEFAULT_LIMITS: Readonly<Required<ServerLimits>> = Object.freeze({
  uploadBodyBytes: 16 * 1024 * 1024,
  jsonBodyBytes: 1024 * 1024,
  smallBodyBytes: 64 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  bodyIdleTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 256,
});

export interface StartOptions {
  /** Port to listen on: an integer from 0 to 65535; 0 (the default) picks a free one. */
  port?: number;
  /** Serve HTTPS with a self-signed certificate made at start. */
  https?: boolean;
  /** Body sizes, timeouts and the connection cap (each defaults to `DEFAULT_LIMITS`). */
  limits?: ServerLimits;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>` (or https): the domain to give a client (the API is under `/api/v1/`). */
  url: string;
  port: number;
  /** The PEM certificate when serving HTTPS (to trust it instead of turning verification off). */
  certificate: string | null;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** What the server needs from the mock. */
export interface RequestHandler {
  /** Counts the request and says which fault (if any) it gets. */
  begin(method: string, path: string): FaultDecision;
  /** The largest body the route accepts, in bytes (asked before any byte of the body is read). */
  bodyLimit(method: string, path: string, limits: Readonly<Required<ServerLimits>>): number;
  /** Waits out a fault's added latency (a timer, unless the mock was given another `sleep`). */
  delay(ms: number): Promise<void>;
  /** Answers a request; must not throw. */
  handle(req: MockRequest): Promise<MockResponse>;
  /** Called with every status sent (the error counter lives in the mock). */
  sent(status: number): void;
}

type BodyOutcome =
  | { kind: 'body'; body: Buffer }
  | { kind: 'tooLarge' }
  | { kind: 'idle' }
  | { kind: 'aborted' };

/**
 * Reads a body of at most `limit` bytes. A `Content-Length` above the limit is refused before any byte is
 * read, and a body without one is refused as soon as the bytes read pass it: nothing above the limit is
 * ever held. A pause of `idleMs` between chunks ends the read too.
 */
function readBody(req: IncomingMessage, limit: number, idleMs: number): Promise<BodyOutcome> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.resolve({ kind: 'tooLarge' });
  }
  if (req.complete) {
    return Promise.resolve({ kind: 'body', body: Buffer.alloc(0) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | null = null;
    const finish = (outcome: BodyOutcome) => {
      if (timer) {
        clearTimeout(timer);
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      if (outcome.kind !== 'body') {
        // Stop reading: the connection is closed after the answer.
        req.pause();
      }
      resolve(outcome);
    };
    const arm = () => {
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(() => finish({ kind: 'idle' }), idleMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        finish({ kind: 'tooLarge' });
        return;
      }
      chunks.push(chunk);
      arm();
    };
    const onEnd = () => finish({ kind: 'body', body: Buffer.concat(chunks, size) });
    const onClose = () => finish({ kind: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onClose);
    arm();
  });
}

/** Waits for `drain` (or `close`, when the client went away), removing both listeners afterwards. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function writeBody(res: ServerResponse, response: MockResponse, headOnly: boolean): Promise<void> {
  const { body } = response;
  if (body === null || headOnly) {
    res.end();
    return;
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    res.end(body);
    return;
  }
  for await (const chunk of body) {
    if (res.destroyed) {
      return;
    }
    if (!res.write(chunk)) {
      await drainedOrClosed(res);
    }
  }
  res.end();
}

function headersFor(response: MockResponse): Record<string, string> {
  const headers = { ...response.headers };
  const { body } = response;
  if (typeof body === 'string') {
    headers['content-length'] = String(Buffer.byteLength(body));
  } else if (body instanceof Uint8Array) {
    headers['content-length'] = String(body.byteLength);
  } else if (
    body === null &&
    !('content-length' in headers) &&
    response.status !== 204 &&
    response.status !== 304
  ) {
    headers['content-length'] = '0';
  }
  return headers;
}

function internalError(err: unknown): MockResponse {
  const message = err instanceof Error ? err.message : String(err);
  const body = JSON.stringify({ detail: `Internal server error: ${message}` } satisfies ErrorBody);
  return { status: 500, headers: { 'content-type': 'application/json' }, body };
}

function errorResponse(status: number, message: string, extra: Record<string, string> = {}): MockResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify({ detail: message } satisfies ErrorBody),
  };
}

/** A Host header the URL parser takes as a host and port, nothing more (no user info, path or spaces). */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The absolute URL of a request: the request target must be a path (`/...`), and the `Host` header a host
 * (Django answers 400 for a bad one). Null when either is not.
 */
function requestUrl(req: IncomingMessage, scheme: string, port: number): URL | null {
  const target = req.url ?? '/';
  const host = req.headers.host ?? `127.0.0.1:${port}`;
  if (!target.startsWith('/') || !HOST.test(host)) {
    return null;
  }
  try {
    // Concatenated, not `new URL(target, base)`: a target such as `//evil.example/` is a path here.
    return new URL(`${scheme}://${host}${target}`);
  } catch {
    return null;
  }
}

interface ServeContext {
  handler: RequestHandler;
  scheme: string;
  port: number;
  limits: Readonly<Required<ServerLimits>>;
}

async function serve(ctx: ServeContext, req: IncomingMessage, res: ServerResponse) {
  const { handler, limits } = ctx;
  const method = req.method ?? 'GET';
  const url = requestUrl(req, ctx.scheme, ctx.port);
  const fault = handler.begin(method, url?.pathname ?? '/');
  let response: MockResponse | null = null;
  let body: Buffer = Buffer.alloc(0);
  if (url === null) {
    response = errorResponse(400, 'Bad Request: invalid request target or Host header.', {
      connection: 'close',
    });
  } else {
    const limit = handler.bodyLimit(method, url.pathname, limits);
    const outcome = await readBody(req, limit, limits.bodyIdleTimeoutMs);
    if (outcome.kind === 'aborted') {
      return; // the client went away: nobody to answer
    }
    if (outcome.kind === 'tooLarge') {
      response = errorResponse(413, `Request body larger than ${limit} bytes.`, { connection: 'close' });
    } else if (outcome.kind === 'idle') {
      response = errorResponse(408, `Request body timed out: no data for ${limits.bodyIdleTimeoutMs} ms.`, {
        connection: 'close',
      });
    } else {
      body = outcome.body;
    }
  }
  if (fault.delayMs > 0) {
    await handler.delay(fault.delayMs);
  }
  if (fault.kind === 'reset') {
    (req.socket as Socket & { resetAndDestroy?: () => void }).resetAndDestroy?.() ?? req.socket.destroy();
    return;
  }
  if (fault.kind === 'status') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfterSeconds !== null) {
      headers['retry-after'] = String(fault.retryAfterSeconds);
    }
    if (response !== null) {
      headers.connection = 'close';
    }
    const text = JSON.stringify({ detail: `Injected fault: HTTP ${fault.status}.` } satisfies ErrorBody);
    response = { status: fault.status, headers, body: text };
  }
  if (response === null && url !== null) {
    response = await handler.handle({
      method,
      url,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      params: {},
      user: null,
    });
  }
  const answer = response as MockResponse;
  handler.sent(answer.status);
  res.writeHead(answer.status, headersFor(answer));
  await writeBody(res, answer, method === 'HEAD');
}

function checkLimits(limits: unknown): Readonly<Required<ServerLimits>> {
  if (limits === undefined) {
    return DEFAULT_LIMITS;
  }
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) {
    throw new MockInputError(`start: limits must be an object; got ${describeInput(limits)}`, 'limits');
  }
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new MockInputError(
        `start: limits.${key} is not a limit (known: ${Object.keys(DEFAULT_LIMITS).join(', ')})`,
        `limits.${key}`,
      );
    }
    if (value === undefined) {
      continue;
    }
    // Timer delays above 2^31 - 1 ms fire at once in Node: refuse them rather than time out everything.
    const max = key.endsWith('Ms') ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
    const min = key.endsWith('Ms') || key === 'maxConnections' ? 1 : 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new MockInputError(
        `start: limits.${key} must be an integer from ${min} to ${max}; got ${describeInput(value)}`,
        `limits.${key}`,
      );
    }
    out[key] = value;
  }
  return Object.freeze(out) as Readonly<Required<ServerLimits>>;
}

/** Checks `start`'s options before anything listens: a typed error names the option at fault. */
export function checkStartOptions(options: unknown): {
  port: number;
  https: boolean;
  limits: Readonly<Required<ServerLimits>>;
} {
  if (options === undefined) {
    return { port: 0, https: false, limits: DEFAULT_LIMITS };
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new MockInputError(`start: options must be an object; got ${describeInput(options)}`, 'options');
  }
  const { port, https, limits } = options as Record<string, unknown>;
  // A string port would make node:http listen on a Unix socket of that name: only numbers are ports.
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
  ) {
    throw new MockInputError(
      `start: port must be an integer from 0 to 65535; got ${describeInput(port)}`,
      'port',
    );
  }
  if (https !== undefined && typeof https !== 'boolean') {
    throw new MockInputError(`start: https must be a boolean; got ${describeInput(https)}`, 'https');
  }
  return { port: (port as number | undefined) ?? 0, https: https === true, limits: checkLimits(limits) };
}

/** Starts a server on 127.0.0.1 (never another interface) that hands every request to `handler`. */
export async function startServer(handler: RequestHandler, options?: StartOptions): Promise<RunningServer> {
  const { port: requestedPort, https, limits } = checkStartOptions(options);
  const scheme = https ? 'https' : 'http';
  const tls = https ? makeSelfSignedCertificate() : null;
  const ctx: ServeContext = { handler, scheme, port: requestedPort, limits };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    serve(ctx, req, res).catch((err: unknown) => {
      // Last resort: the handler already turns errors into 500s, so this is a failure while writing.
      if (!res.headersSent) {
        const response = internalError(err);
        handler.sent(500);
        res.writeHead(500, headersFor(response)).end(response.body as string);
      } else {
        res.destroy();
      }
    });
  };
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs),
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // node:http checks both timeouts on this interval (30 s by default, longer than the timeouts).
    connectionsCheckingInterval: Math.max(
      5,
      Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
    ),
  };
  const server: Server = tls
    ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, listener)
    : createHttpServer(serverOptions, listener);
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // node:http's own answers, with a DRF body: 408 for the timeouts, 431 for huge headers, else 400.
    const [status, reason, message] =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'Request timed out.']
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'Request Header Fields Too Large', 'Request header fields too large.']
          : [400, 'Bad Request', 'Malformed HTTP request.'];
    const text = JSON.stringify({ detail: message });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requestedPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ctx.port = port;
  let closing: Promise<void> | null = null;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    certificate: tls?.cert ?? null,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export { internalError };

/**
 * The Node HTTP(S) side: binds 127.0.0.1, turns Node requests into `MockRequest`s, applies injected faults,
 * writes `MockResponse`s (streamed bodies with back-pressure), and guarantees that nothing a request does
 * can take the server down: every failure becomes a JSON 500.
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
import { makeSelfSignedCertificate } from './tls.js';

/** Request bodies above this size get a 413 (a report upload is a few hundred kilobytes at most). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface StartOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Serve HTTPS with a self-signed certificate made at start. */
  https?: boolean;
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
  /** Waits out a fault's added latency (a timer, unless the mock was given another `sleep`). */
  delay(ms: number): Promise<void>;
  /** Answers a request; must not throw. */
  handle(req: MockRequest): Promise<MockResponse>;
  /** Called with every status sent (the error counter lives in the mock). */
  sent(status: number): void;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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

async function serve(handler: RequestHandler, scheme: string, req: IncomingMessage, res: ServerResponse) {
  const method = req.method ?? 'GET';
  const host = req.headers.host ?? '127.0.0.1';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `${scheme}://${host}`);
  } catch {
    url = new URL(`${scheme}://127.0.0.1/`);
  }
  const fault = handler.begin(method, url.pathname);
  const body = await readBody(req);
  if (fault.delayMs > 0) {
    await handler.delay(fault.delayMs);
  }
  if (fault.kind === 'reset') {
    (req.socket as Socket & { resetAndDestroy?: () => void }).resetAndDestroy?.() ?? req.socket.destroy();
    return;
  }
  let response: MockResponse;
  if (fault.kind === 'status') {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (fault.retryAfterSeconds !== null) {
      headers['retry-after'] = String(fault.retryAfterSeconds);
    }
    const text = JSON.stringify({ detail: `Injected fault: HTTP ${fault.status}.` } satisfies ErrorBody);
    response = { status: fault.status, headers, body: text };
  } else if (body === null) {
    response = {
      status: 413,
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ detail: `Request body larger than ${MAX_BODY_BYTES} bytes.` }),
    };
  } else {
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
  handler.sent(response.status);
  res.writeHead(response.status, headersFor(response));
  await writeBody(res, response, method === 'HEAD');
}

/** Starts a server on 127.0.0.1 (never another interface) that hands every request to `handler`. */
export async function startServer(
  handler: RequestHandler,
  options: StartOptions = {},
): Promise<RunningServer> {
  const scheme = options.https ? 'https' : 'http';
  const tls = options.https ? makeSelfSignedCertificate() : null;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    serve(handler, scheme, req, res).catch((err: unknown) => {
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
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener)
    : createHttpServer(listener);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    } else {
      socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
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

/**
 * An HTTP proxy on 127.0.0.1 in front of a test server that sees every request from the server's
 * side: which are open (sent, not yet answered completely) and which the client gave up on (its
 * connection closed before the answer was complete). `settled()` resolves once no request is open.
 */

import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WatchingProxy {
  url: string;
  /** Requests sent and not yet answered completely nor given up by the client. */
  readonly open: number;
  /** Paths (with query) of the requests the client closed before their answer was complete. */
  readonly abandoned: readonly string[];
  /** Resolves as soon as no request is open (at once if none is). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startWatchingProxy(target: string): Promise<WatchingProxy> {
  const upstream = new URL(target);
  let open = 0;
  const abandoned: string[] = [];
  let waiting: (() => void)[] = [];
  const done = () => {
    open--;
    if (open === 0) {
      for (const resolve of waiting.splice(0)) {
        resolve();
      }
    }
  };
  const server = createServer((req, res) => {
    open++;
    let finished = false;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
    res.on('finish', () => {
      finished = true;
    });
    res.on('close', () => {
      if (!finished) {
        abandoned.push(req.url ?? '');
        forward.destroy();
      }
      done();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get open() {
      return open;
    },
    abandoned,
    settled: () =>
      open === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.push(resolve);
          }),
    close: () =>
      new Promise<void>((resolve) => {
        waiting = [];
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

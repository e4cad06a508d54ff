/**
 * A TCP proxy on 127.0.0.1 in front of a test server that resets chosen connections after a given
 * number of response bytes: a connection cut in the middle of a body, as a flaky network does (the
 * mock cloud's own faults only reset a connection before it answers). With `stall`, it stops passing
 * the answers on instead (a network that hangs), until the client gives up.
 */

import { createConnection, createServer, type Socket } from 'node:net';

export interface CuttingProxy {
  url: string;
  /** Connections reset (or stalled) so far. */
  readonly cuts: number;
  /** Resolves once `count` connections have been reset (or stalled). */
  cutsReached(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `cutAfter(n)`: for the n-th connection (1-based), the number of bytes of the server's answers to let
 * through before resetting it, or undefined to leave it alone.
 */
export async function startCuttingProxy(
  target: string,
  cutAfter: (connection: number) => number | undefined,
  options: { stall?: boolean } = {},
): Promise<CuttingProxy> {
  const { port: targetPort } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  let cuts = 0;
  const waiting: { count: number; resolve: () => void }[] = [];
  const cut = () => {
    cuts++;
    for (const waiter of waiting.filter((w) => w.count <= cuts)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    const limit = cutAfter(++connections);
    const upstream = createConnection({ host: '127.0.0.1', port: Number(targetPort) });
    track(client);
    track(upstream);
    client.pipe(upstream);
    let passed = 0;
    let stalled = false;
    upstream.on('data', (data: Buffer) => {
      if (limit !== undefined && passed + data.length >= limit) {
        stalled = options.stall === true;
        client.write(data.subarray(0, limit - passed), () => {
          if (!options.stall) {
            client.resetAndDestroy();
          }
        });
        upstream.destroy();
        cut();
        return;
      }
      passed += data.length;
      if (!client.write(data)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      if (!stalled && !client.destroyed && client.writableEnded === false) {
        client.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return cuts;
    },
    cutsReached: (count) =>
      count <= cuts ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

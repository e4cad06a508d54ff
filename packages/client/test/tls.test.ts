/**
 * `verify` against a real HTTPS server with a self-signed certificate (no nock in this file: it must be
 * Node's own fetch and TLS stack that refuses or accepts the certificate).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpCouldNotVerifyServerError } from '../src/all-errors.js';
import { Api } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

let server: Server;
let domain: string;
const seen: { method: string; url: string; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer(
    { key: fixture('self-signed-key.pem'), cert: fixture('self-signed-cert.pem') },
    (req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/v1/auth/login/') {
          res.end(JSON.stringify({ username: 'user1', jwt: 'tls-token' }));
        } else {
          res.end(
            JSON.stringify({ now: '2024-01-01T00:00:00Z', stage: 'test', name: 'tls', company: 'Arch' }),
          );
        }
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  domain = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('verify: true (default)', () => {
  it('refuses the self-signed certificate with HttpCouldNotVerifyServerError, on every kind of call', async () => {
    const api = new Api({ domain, retries: 2 });
    const before = seen.length;
    const typed = await api.get('/server/').catch((error: unknown) => error);
    expect(typed).toBeInstanceOf(HttpCouldNotVerifyServerError);
    expect(typed).toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      method: 'GET',
      url: `${domain}/api/v1/server/`,
      status: undefined,
    });
    expect((typed as Error).message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT');
    await expect(api.GET('/server/')).rejects.toBeInstanceOf(HttpCouldNotVerifyServerError);
    await expect(api.rest.event.get()).rejects.toBeInstanceOf(HttpCouldNotVerifyServerError);
    await expect(api.rest.event.post({ a: 1 })).rejects.toBeInstanceOf(HttpCouldNotVerifyServerError);
    await expect(api.login({ email: 'test@test.com', password: 'test' })).rejects.toBeInstanceOf(
      HttpCouldNotVerifyServerError,
    );
    // Never reached the HTTP layer, and a certificate failure is not retried.
    expect(seen.length).toBe(before);
  });
});

describe('verify: false', () => {
  it('accepts the certificate for that Api only', async () => {
    const insecure = new Api({ domain, verify: false });
    const strict = new Api({ domain });
    try {
      await expect(insecure.get('/server/')).resolves.toMatchObject({ name: 'tls' });
      await expect(insecure.login({ email: 'test@test.com', password: 'test' })).resolves.toBe(true);
      expect(insecure.token).toBe('tls-token');
      await expect(insecure.rest.event.get()).resolves.toMatchObject({ stage: 'test' });
      expect(seen.at(-1)).toEqual({ method: 'GET', url: '/api/v1/event/', authorization: 'jwt tls-token' });
      // The other Api, and plain fetch, still verify.
      await expect(strict.get('/server/')).rejects.toBeInstanceOf(HttpCouldNotVerifyServerError);
      await expect(fetch(`${domain}/api/v1/server/`)).rejects.toThrow();
    } finally {
      await insecure.close();
    }
  });
});

import { X509Certificate } from 'node:crypto';
import { networkInterfaces } from 'node:os';

import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';

import { MockIOTileCloud, makeSelfSignedCertificate } from '../src/index.js';
import { checkedFetch, SpecClient } from './support/spec-client.js';

describe('HTTPS', () => {
  const insecure = new Agent({ connect: { rejectUnauthorized: false } });
  afterAll(() => insecure.close());

  it('serves HTTPS with a fresh self-signed certificate for 127.0.0.1', async () => {
    const cloud = new MockIOTileCloud();
    cloud.quickAddUser();
    const server = await cloud.start({ https: true });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const cert = new X509Certificate(server.certificate as string);
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      const client = new SpecClient(server.url, insecure);
      expect((await client.login()).status).toBe(200);
      const devices = await client.get('/device/');
      expect(devices.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is refused by a client that verifies certificates', async () => {
    const server = await new MockIOTileCloud().start({ https: true });
    try {
      const err = await fetch(`${server.url}/api/v1/server/`).catch((e: Error) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect(((err as TypeError).cause as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      const trusted = new Agent({ connect: { ca: server.certificate as string } });
      const res = await checkedFetch(`${server.url}/api/v1/server/`, { dispatcher: trusted });
      expect(res.status).toBe(200);
      await trusted.close();
    } finally {
      await server.close();
    }
  });

  it('makes a valid certificate that verifies with its own key', () => {
    const { cert, key } = makeSelfSignedCertificate(2);
    const x = new X509Certificate(cert);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    // Valid from one day before it was made until `days` (2) after: three days, whatever the clock says.
    expect(new Date(x.validTo).getTime() - new Date(x.validFrom).getTime()).toBe(3 * 24 * 3600 * 1000);
  });

  it('binds 127.0.0.1 only: other addresses of this machine are refused', async () => {
    const server = await new MockIOTileCloud().start();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal);
      if (external) {
        const err = await fetch(`http://${external.address}:${server.port}/api/v1/server/`).catch(
          (e: Error) => e,
        );
        expect(err).toBeInstanceOf(TypeError);
        expect(((err as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
      }
    } finally {
      await server.close();
    }
  });
});

/**
 * Routing and error behaviour. Requests to paths outside the spec (unknown paths, missing slashes, the API
 * root, CORS preflights) use plain `fetch`. Methods the spec leaves out of a path go through
 * `checkedMethodNotAllowed` (DRF's 405, checked against components/responses/MethodNotAllowed), and
 * everything that is a spec operation, errors included, goes through the checked client.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';
import { checkedMethodNotAllowed, spec, specMethods } from './support/spec-client.js';

let t: Started;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
  auth = { authorization: `jwt ${t.client.token}` };
});

describe('routing', () => {
  it('redirects a GET without the trailing slash to the slashed path (301, relative Location as Django), keeping the query', async () => {
    const res = await fetch(`${t.server.url}/api/v1/device?all=1`, { headers: auth, redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/api/v1/device/?all=1');
    const root = await fetch(`${t.server.url}/api/v1?format=json`, { headers: auth, redirect: 'manual' });
    expect(root.status).toBe(301);
    expect(root.headers.get('location')).toBe('/api/v1/?format=json');
  });

  it('answers 404 JSON for unknown paths, also outside /api/v1', async () => {
    for (const path of ['/api/v1/nothing/', '/api/v1/device/d--0a1b/nothing/', '/', '/admin/']) {
      const res = await fetch(`${t.server.url}${path}`, { headers: auth });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ detail: 'Not found.' });
    }
  });

  it('keeps broken percent-escapes in a path as text, as Django does: 404 (401 without credentials), never 500', async () => {
    for (const path of [
      '/api/v1/org/%ff/',
      '/api/v1/device/%e0%a4/',
      '/api/v1/fleet/%ed%a0%80/',
      '/api/v1/sg/%zz/',
    ]) {
      const res = await fetch(`${t.server.url}${path}`, { headers: auth });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ detail: 'Not found.' });
      const anonymous = await fetch(`${t.server.url}${path}`);
      expect(anonymous.status, path).toBe(401);
      await anonymous.arrayBuffer();
    }
  });

  it('answers 400 for a request target that is not a path or a Host header that is not a host', async () => {
    const raw = (path: string, host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: t.server.port, path, headers: { host }, agent: false },
          (res) => {
            let body = '';
            res.on('data', (c) => {
              body += String(c);
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const good = `127.0.0.1:${t.server.port}`;
    // A target of `//host/...` must not make the links of the answer point at another host.
    const slashes = await raw('//evil.example/api/v1/', good);
    expect(slashes.status).toBe(404);
    for (const [path, host] of [
      ['/api/v1/server/', 'evil.example/path?'],
      ['/api/v1/server/', 'user@evil.example'],
      ['http://other.example/api/v1/server/', good],
    ] as const) {
      const res = await raw(path, host);
      expect(res.status, `${path} ${host}`).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ detail: 'Bad Request: invalid request target or Host header.' });
    }
  });

  it('answers 405 with Allow for a method the route does not have', async () => {
    const res = await checkedMethodNotAllowed(`${t.server.url}/api/v1/server/`, { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(res.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });

  it('answers DRF 405s for every method the spec leaves out of a path the mock serves', async () => {
    const paths = Object.keys((await spec()).definition.paths ?? {});
    const checked: string[] = [];
    for (const template of paths) {
      const path = template.replace(/\{\w+\}/g, 'x1');
      const url = `${t.server.url}/api/v1${path}`;
      // OPTIONS tells whether the mock has the route at all (404 for the routes it does not serve).
      const options = await fetch(url, { method: 'OPTIONS', headers: auth });
      await options.arrayBuffer();
      if (options.status === 404) {
        continue;
      }
      expect(options.status, path).toBe(200);
      const declared = await specMethods(path);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !declared.includes(m))) {
        const res = await checkedMethodNotAllowed(url, { method, headers: auth });
        expect(res.body, `${method} ${path}`).toEqual({ detail: `Method "${method}" not allowed.` });
        checked.push(`${method} ${template}`);
      }
    }
    expect(checked.length).toBeGreaterThan(150);
  });

  it('lists the resources at the API root', async () => {
    const res = await fetch(`${t.server.url}/api/v1/`);
    const body = (await res.json()) as Record<string, string>;
    expect(body.device).toBe(`${t.server.url}/api/v1/device/`);
    expect(body.stream).toBe(`${t.server.url}/api/v1/stream/`);
  });

  it('answers CORS preflights and tags responses for an Origin', async () => {
    const pre = await fetch(`${t.server.url}/api/v1/device/`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    const res = await t.client.get('/device/', {}, { headers: { origin: 'http://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://app.example');
  });
});

describe('bodies', () => {
  it('answers 400 for malformed JSON and 415 for an unsupported media type', async () => {
    const bad = await t.client.request('/device/d--0a1b/', {
      method: 'PATCH',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/^JSON parse error/);
    const unsupported = await t.client.request('/device/d--0a1b/', {
      method: 'PATCH',
      body: 'label=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(unsupported.status).toBe(415);
    expect(unsupported.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
  });
});

describe('never crashing', () => {
  it('turns an internal failure into a JSON 500, counts it, and keeps serving', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mock-cloud-'));
    writeFileSync(
      join(folder, 's--0000-0042--0000-0000-0000-0a1b--5001.json'),
      '[{"timestamp": "not a time", "value": 1}]',
    );
    t.cloud.streamFolder = folder;
    const errorsBefore = t.cloud.errorCount;
    try {
      const res = await t.client.get('/data/', { filter: 's--0000-0042--0000-0000-0000-0a1b--5001' });
      expect(res.status).toBe(500);
      expect(res.body.detail).toContain(
        's--0000-0042--0000-0000-0000-0a1b--5001.json[0]: "timestamp" is not an ISO-8601 date',
      );
      expect(t.cloud.errorCount).toBeGreaterThan(errorsBefore);
    } finally {
      t.cloud.streamFolder = null;
    }
    expect((await t.client.get('/device/')).status).toBe(200);
  });

  it('counts requests and error responses', async () => {
    const requests = t.cloud.requestCount;
    const errors = t.cloud.errorCount;
    await t.client.get('/device/');
    await t.client.get('/device/d--0000-0000-0000-ffff/');
    expect(t.cloud.requestCount).toBe(requests + 2);
    expect(t.cloud.errorCount).toBe(errors + 1);
  });
});

/**
 * The spec check itself must catch what it claims to: these requests go to a stub server that answers
 * whatever each case says, and the check must pass the valid answer and reject each invalid one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkedFetch, checkedMethodNotAllowed, SpecViolation, spec } from './support/spec-client.js';

let server: Server;
let base = '';
let answer: { status: number; type?: string; body: string; headers?: Record<string, string> } = {
  status: 200,
  body: '',
};

beforeAll(async () => {
  server = createServer((_req, res) => {
    const headers = { ...answer.headers, ...(answer.type ? { 'content-type': answer.type } : {}) };
    res.writeHead(answer.status, headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const json = (status: number, value: unknown) => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
});
const serverInfo = { now: '2020-01-01T00:00:00Z', stage: 'mock', name: 'n', company: 'c' };

describe('checkedFetch', () => {
  it('passes a response that matches the spec', async () => {
    answer = json(200, serverInfo);
    const res = await checkedFetch(`${base}/api/v1/server/`);
    expect(res.operationId).toBeTruthy();
    expect(res.body).toEqual(serverInfo);
  });

  it('rejects a path that is not in the spec', async () => {
    answer = json(200, {});
    await expect(checkedFetch(`${base}/api/v1/no-such-thing/`)).rejects.toThrow(SpecViolation);
    await expect(checkedFetch(`${base}/api/v1/server`)).rejects.toThrow(/not an operation/);
  });

  it('rejects a method the path does not have', async () => {
    answer = json(200, serverInfo);
    await expect(checkedFetch(`${base}/api/v1/server/`, { method: 'DELETE' })).rejects.toThrow(SpecViolation);
  });

  it('rejects a body that does not match the schema', async () => {
    answer = json(200, { ...serverInfo, now: 17 });
    await expect(checkedFetch(`${base}/api/v1/server/`)).rejects.toThrow(/does not match the spec/);
    answer = json(200, { count: 1, next: null, previous: null, results: [{ slug: 'd--1' }] });
    await expect(checkedFetch(`${base}/api/v1/device/`)).rejects.toThrow(/does not match the spec/);
  });

  it('rejects a status the operation does not declare', async () => {
    answer = json(418, { detail: 'teapot' });
    await expect(checkedFetch(`${base}/api/v1/server/`)).rejects.toThrow(/status not declared/);
  });

  it('rejects a media type the response does not declare', async () => {
    answer = { status: 200, type: 'text/html', body: '<p>hi</p>' };
    await expect(checkedFetch(`${base}/api/v1/server/`)).rejects.toThrow(/media type/);
  });
});

describe('server errors and rate limits', () => {
  it('declares 429 and 5XX on every operation, and 415 on every operation with a request body', async () => {
    const paths = (await spec()).definition.paths ?? {};
    let operations = 0;
    for (const [path, item] of Object.entries(paths)) {
      for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
        const operation = item?.[method];
        if (!operation) {
          continue;
        }
        operations += 1;
        const statuses = Object.keys(operation.responses ?? {});
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['429', '5XX']));
        expect(statuses.includes('415'), `${method} ${path} 415`).toBe(operation.requestBody !== undefined);
      }
    }
    expect(operations).toBeGreaterThan(150);
  });

  it('passes any 5xx with a DRF body or an HTML page, with or without Retry-After', async () => {
    answer = { ...json(503, { detail: 'Injected fault: HTTP 503.' }), headers: { 'retry-after': '2' } };
    expect((await checkedFetch(`${base}/api/v1/server/`)).status).toBe(503);
    answer = { status: 500, type: 'text/html', body: '<h1>Server Error (500)</h1>' };
    expect((await checkedFetch(`${base}/api/v1/device/`)).body).toBe('<h1>Server Error (500)</h1>');
    answer = {
      ...json(502, { detail: 'Bad gateway' }),
      headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' },
    };
    expect((await checkedFetch(`${base}/api/v1/device/`)).status).toBe(502);
    answer = { ...json(429, { detail: 'Request was throttled.' }), headers: { 'retry-after': '5' } };
    expect((await checkedFetch(`${base}/api/v1/device/`)).status).toBe(429);
  });

  it('rejects a Retry-After that is neither seconds nor an HTTP date, and a 5xx body of the wrong shape', async () => {
    answer = { ...json(503, { detail: 'x' }), headers: { 'retry-after': 'soon' } };
    await expect(checkedFetch(`${base}/api/v1/server/`)).rejects.toThrow(/headers do not match/);
    answer = json(500, { detail: 7 });
    await expect(checkedFetch(`${base}/api/v1/server/`)).rejects.toThrow(/does not match the spec/);
  });

  it('rejects a response without a header the spec marks required', async () => {
    answer = json(401, { detail: 'Authentication credentials were not provided.' });
    await expect(checkedFetch(`${base}/api/v1/device/`)).rejects.toThrow(/required header.*WWW-Authenticate/);
    answer = { ...answer, headers: { 'www-authenticate': 'JWT realm="api"' } };
    expect((await checkedFetch(`${base}/api/v1/device/`)).status).toBe(401);
  });
});

describe('checkedMethodNotAllowed', () => {
  const notAllowed = { detail: 'Method "DELETE" not allowed.' };

  it('passes a DRF 405 for a method the spec does not have on the path', async () => {
    answer = { ...json(405, notAllowed), headers: { allow: 'GET, OPTIONS' } };
    const res = await checkedMethodNotAllowed(`${base}/api/v1/server/`, { method: 'DELETE' });
    expect(res.body).toEqual(notAllowed);
  });

  it('rejects another status, another body, or an Allow naming a method the spec lacks', async () => {
    const url = `${base}/api/v1/server/`;
    answer = json(404, { detail: 'Not found.' });
    await expect(checkedMethodNotAllowed(url, { method: 'DELETE' })).rejects.toThrow(/expected 405/);
    answer = { ...json(405, { message: 'no' }), headers: { allow: 'GET, OPTIONS' } };
    await expect(checkedMethodNotAllowed(url, { method: 'DELETE' })).rejects.toThrow(/MethodNotAllowed/);
    answer = { ...json(405, notAllowed), headers: { allow: 'GET, POST, OPTIONS' } };
    await expect(checkedMethodNotAllowed(url, { method: 'DELETE' })).rejects.toThrow(/Allow/);
  });

  it('refuses a method that is an operation of the spec, and a path that is not in it', async () => {
    answer = { ...json(405, notAllowed), headers: { allow: 'GET, OPTIONS' } };
    await expect(checkedMethodNotAllowed(`${base}/api/v1/server/`, { method: 'GET' })).rejects.toThrow(
      /use checkedFetch/,
    );
    await expect(checkedMethodNotAllowed(`${base}/api/v1/nothing/`, { method: 'DELETE' })).rejects.toThrow(
      /not a path/,
    );
  });
});

/**
 * The spec check itself must catch what it claims to: these requests go to a stub server that answers
 * whatever each case says, and the check must pass the valid answer and reject each invalid one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkedFetch, SpecViolation } from './support/spec-client.js';

let server: Server;
let base = '';
let answer: { status: number; type?: string; body: string } = { status: 200, body: '' };

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {}).end(answer.body);
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

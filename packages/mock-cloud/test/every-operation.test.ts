/**
 * The mock serves the whole spec: every operation of `openapi/iotile-cloud.yaml` has at least one case in
 * `test/operations/` that the mock answers with the case's status and a response the spec allows (the
 * `SpecClient` check). An operation without a case, or a case whose operation is not in the spec, fails;
 * so does a router that serves an operation the spec lacks, or lacks one the spec has.
 */
import { readdirSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SPEC_OPERATIONS } from '../src/generated/request-schemas.js';
import { MockIOTileCloud, type RunningServer } from '../src/index.js';
import type { Router } from '../src/router.js';
import type { Caller, OperationCase } from './operations/case.js';
import { SpecClient, spec } from './support/spec-client.js';

/** `METHOD /path/` -> the spec's operationId, to check each case really exercises its operation. */
async function operationIds(): Promise<Map<string, string>> {
  const api = await spec();
  return new Map(
    api.router.getOperations().map((o) => [`${o.method.toUpperCase()} ${o.path}`, String(o.operationId)]),
  );
}

const OPERATIONS = new URL('./operations/', import.meta.url);
const files: Record<string, { cases?: OperationCase[] }> = Object.fromEntries(
  await Promise.all(
    readdirSync(OPERATIONS)
      .filter((name) => name.endsWith('.ts') && name !== 'case.ts')
      .sort()
      .map(async (name) => [name, await import(new URL(name, OPERATIONS).href)] as const),
  ),
);

const USERS = {
  user: { email: 'demo@example.com', password: 'iotile-demo' },
  staff: { email: 'staff@example.com', password: 'staff-pass' },
} as const;

const specOperations = Object.entries(SPEC_OPERATIONS).flatMap(([path, methods]) =>
  methods.map((method) => `${method} ${path}`),
);

const allCases = Object.entries(files).flatMap(([file, mod]) => (mod.cases ?? []).map((c) => ({ file, c })));

describe('the mock serves every operation of the spec', () => {
  it('has a case for every spec operation, and no case for an operation the spec lacks', () => {
    const covered = new Set(allCases.map(({ c }) => c.op));
    expect(specOperations.filter((op) => !covered.has(op))).toEqual([]);
    expect([...covered].filter((op) => !specOperations.includes(op))).toEqual([]);
  });

  it('routes exactly the operations of the spec', () => {
    const cloud = new MockIOTileCloud();
    // The router is private; the API root (`GET /`) is served before it.
    const router = (cloud as unknown as { router: Router }).router;
    const served = new Set(['GET /', ...router.operations()]);
    expect(specOperations.filter((op) => !served.has(op))).toEqual([]);
    expect([...served].filter((op) => !specOperations.includes(op))).toEqual([]);
  });
});

for (const [file, mod] of Object.entries(files)) {
  const cases = mod.cases ?? [];
  if (cases.length === 0) {
    continue;
  }
  describe(file, () => {
    let server: RunningServer;
    const clients = {} as Record<Caller, SpecClient>;

    beforeAll(async () => {
      const cloud = new MockIOTileCloud({
        demo: true,
        data: { users: { [USERS.staff.email]: { password: USERS.staff.password, is_staff: true } } },
      });
      server = await cloud.start({ port: 0 });
      clients.anonymous = new SpecClient(server.url);
      clients.user = new SpecClient(server.url);
      clients.staff = new SpecClient(server.url);
      expect((await clients.user.login(USERS.user.email, USERS.user.password)).status).toBe(200);
      expect((await clients.staff.login(USERS.staff.email, USERS.staff.password)).status).toBe(200);
    });
    afterAll(() => server?.close());

    cases.forEach((c, i) => {
      it(`${i + 1}. ${c.op} as ${c.as ?? 'user'} -> ${c.status}`, async () => {
        const [method] = c.op.split(' ');
        const res = await clients[c.as ?? 'user'].request(c.path, {
          method,
          ...(c.query ? { query: c.query } : {}),
          ...(c.body === undefined ? {} : { body: c.body }),
          ...(c.headers ? { headers: c.headers } : {}),
        });
        expect(res.operationId, `${c.path} is not a path of ${c.op}`).toBe((await operationIds()).get(c.op));
        expect(res.status, res.text.slice(0, 500)).toBe(c.status);
        await c.check?.(res, clients);
      });
    });
  });
}

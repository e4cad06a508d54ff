import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  checkFiles,
  coverage,
  formatCoverage,
  isComplete,
  parseServerRoutes,
  serverOperations,
  specOperations,
} from '../src/index.js';

const routes = [
  { path: '/device/', methods: ['GET', 'POST'], view: 'DeviceViewSet', name: 'device-list' },
  { path: '/device/{slug}/', methods: ['GET', 'PATCH'], view: 'DeviceViewSet', name: 'device-detail' },
  { path: '/event/upload/{pk}/', methods: [], view: 'EventUploadViewSet', name: 'upload-detail' },
  { path: '/auth/api-auth/login/', methods: ['?'], view: 'django.contrib.auth.views', name: 'login' },
];

const spec = (extra = '') => `openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /device/:
    get: { operationId: a }
    post: { operationId: b }
    parameters: []
  /device/{id}/:
    get: { operationId: c }
    patch: { operationId: d }
${extra}`;

const server = () => serverOperations(parseServerRoutes(JSON.stringify(routes)));

describe('server routes', () => {
  it('lists METHOD /path/ operations, leaving out routes that allow no method and the HTML pages (?)', () => {
    const { operations, excluded } = server();
    expect([...operations]).toEqual([
      'GET /device/',
      'POST /device/',
      'GET /device/{}/',
      'PATCH /device/{}/',
    ]);
    expect(excluded).toEqual(['/auth/api-auth/login/']);
  });

  it('rejects malformed entries', () => {
    expect(() => parseServerRoutes('{}')).toThrow(/array/);
    expect(() => parseServerRoutes('[{"path": "/x/"}]')).toThrow(/routes\[0\]/);
    expect(() => serverOperations([{ path: '/x/', methods: ['FETCH'], view: '', name: '' }])).toThrow(
      /FETCH/,
    );
    expect(() => serverOperations([{ path: 'x/', methods: ['GET'], view: '', name: '' }])).toThrow(/starts/);
  });
});

describe('coverage', () => {
  it('is complete when both lists hold the same operations, whatever the path parameters are named', () => {
    const result = coverage(server().operations, specOperations(spec()));
    expect(result).toEqual({ covered: 4, total: 4, missing: [], extra: [] });
    expect(isComplete(result)).toBe(true);
    expect(formatCoverage(result)).toBe('server operations in the spec: 4/4');
  });

  it('fails when the spec lacks a server operation', () => {
    const result = coverage(
      server().operations,
      specOperations(spec().replace('    patch: { operationId: d }\n', '')),
    );
    expect(result.missing).toEqual(['PATCH /device/{}/']);
    expect(isComplete(result)).toBe(false);
    expect(formatCoverage(result)).toBe(
      'server operations in the spec: 3/4\n  missing from the spec: PATCH /device/{}/',
    );
  });

  it('fails when the spec has an operation the server does not', () => {
    const result = coverage(server().operations, specOperations(spec('    delete: { operationId: e }\n')));
    expect(result).toMatchObject({ covered: 4, total: 4, extra: ['DELETE /device/{}/'] });
    expect(isComplete(result)).toBe(false);
    expect(formatCoverage(result)).toMatch(/not on the server: DELETE \/device\/\{\}\/\n.*does not have: 1$/);
  });

  it('refuses HEAD/OPTIONS/TRACE in the spec (the server answers them on every route by itself)', () => {
    expect(() => specOperations(spec('    options: { operationId: e }\n'))).toThrow(
      /options \/device\/\{id\}\//,
    );
  });

  it('refuses a document without paths', () => {
    expect(() => specOperations('openapi: 3.1.0\n')).toThrow(/no paths/);
  });
});

describe('checkFiles', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'route-coverage-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the two files', async () => {
    const files = { routes: join(dir, 'routes.json'), spec: join(dir, 'spec.yaml') };
    await writeFile(files.routes, JSON.stringify(routes));
    await writeFile(files.spec, spec().replace('    post: { operationId: b }\n', ''));
    expect(await checkFiles(files)).toMatchObject({ covered: 3, total: 4, missing: ['POST /device/'] });
  });
});

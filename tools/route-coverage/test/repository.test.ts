/** This repository's own files: the server's route table and the spec hold the same operations. */
import { readFile } from 'node:fs/promises';

import { beforeAll, describe, expect, it } from 'vitest';

import {
  coverage,
  formatCoverage,
  type Operation,
  parseServerRoutes,
  REPO_FILES,
  type ServerOperations,
  serverOperations,
  specOperations,
} from '../src/index.js';

let server: ServerOperations;
let spec: Set<Operation>;

// The spec is large: read and parse it once (what `checkFiles` does, tested on small files elsewhere).
beforeAll(async () => {
  server = serverOperations(parseServerRoutes(await readFile(REPO_FILES.routes, 'utf8')));
  spec = specOperations(await readFile(REPO_FILES.spec, 'utf8'));
}, 60_000);

describe('this repository', () => {
  it('keeps 312 server operations (HTML login pages excluded) in openapi/server-routes.json', () => {
    expect(server.operations.size).toBe(312);
    expect(server.excluded).toEqual(['/auth/api-auth/login/', '/auth/api-auth/logout/']);
  });

  it('describes every server operation in openapi/iotile-cloud.yaml, and nothing else', () => {
    expect(formatCoverage(coverage(server.operations, spec))).toBe('server operations in the spec: 312/312');
  });

  it('notices when the spec loses one of them, or gains one the server does not have', () => {
    const lost = new Set(spec);
    lost.delete('PATCH /device/{}/mask/');
    expect(formatCoverage(coverage(server.operations, lost))).toBe(
      'server operations in the spec: 311/312\n  missing from the spec: PATCH /device/{}/mask/',
    );
    const gained = new Set(spec).add('PUT /device/{}/mask/');
    expect(coverage(server.operations, gained)).toMatchObject({
      covered: 312,
      extra: ['PUT /device/{}/mask/'],
    });
  });
});

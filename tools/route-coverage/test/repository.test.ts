/** This repository's own files: the server's route table and the spec hold the same operations. */
import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import {
  checkFiles,
  coverage,
  formatCoverage,
  parseServerRoutes,
  REPO_FILES,
  serverOperations,
  specOperations,
} from '../src/index.js';

describe('this repository', () => {
  it('keeps 312 server operations (HTML login pages excluded) in openapi/server-routes.json', async () => {
    const { operations, excluded } = serverOperations(
      parseServerRoutes(await readFile(REPO_FILES.routes, 'utf8')),
    );
    expect(operations.size).toBe(312);
    expect(excluded).toEqual(['/auth/api-auth/login/', '/auth/api-auth/logout/']);
  });

  it('describes every server operation in openapi/iotile-cloud.yaml, and nothing else', async () => {
    expect(formatCoverage(await checkFiles())).toBe('server operations in the spec: 312/312');
  });

  it('notices when the spec loses one of them', async () => {
    const server = serverOperations(parseServerRoutes(await readFile(REPO_FILES.routes, 'utf8'))).operations;
    const spec = parse(await readFile(REPO_FILES.spec, 'utf8')) as {
      paths: Record<string, Record<string, unknown>>;
    };
    delete spec.paths['/device/{slug}/mask/']?.patch;
    const result = coverage(server, specOperations(stringify(spec)));
    expect(formatCoverage(result)).toBe(
      'server operations in the spec: 311/312\n  missing from the spec: PATCH /device/{}/mask/',
    );
  });
});

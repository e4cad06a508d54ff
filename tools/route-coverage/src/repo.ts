/** The check on this repository's files. */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { type Coverage, coverage } from './coverage.js';
import { parseServerRoutes, serverOperations } from './server-routes.js';
import { specOperations } from './spec-operations.js';

const openapi = new URL('../../../openapi/', import.meta.url);

export const REPO_FILES = {
  routes: fileURLToPath(new URL('server-routes.json', openapi)),
  spec: fileURLToPath(new URL('iotile-cloud.yaml', openapi)),
};

export async function checkFiles(files: { routes: string; spec: string } = REPO_FILES): Promise<Coverage> {
  const [routesText, specText] = await Promise.all([
    readFile(files.routes, 'utf8'),
    readFile(files.spec, 'utf8'),
  ]);
  return coverage(serverOperations(parseServerRoutes(routesText)).operations, specOperations(specText));
}

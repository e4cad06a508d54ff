/** The operations an OpenAPI document describes (its `paths`). */

import { parse } from 'yaml';

import { METHODS, type Operation, operation } from './operations.js';

export function specOperations(yamlText: string): Set<Operation> {
  const document = parse(yamlText) as { paths?: Record<string, Record<string, unknown> | null> } | null;
  const paths = document?.paths;
  if (paths === undefined || paths === null || typeof paths !== 'object') {
    throw new Error('spec: no paths');
  }
  const operations = new Set<Operation>();
  for (const [path, item] of Object.entries(paths)) {
    for (const key of Object.keys(item ?? {})) {
      const method = key.toUpperCase();
      if (METHODS.includes(method as (typeof METHODS)[number])) {
        operations.add(operation(method as (typeof METHODS)[number], path));
      } else if (['HEAD', 'OPTIONS', 'TRACE'].includes(method)) {
        // DRF answers these by itself (HEAD runs the GET action, OPTIONS the metadata); not operations.
        throw new Error(`spec: ${key} ${path} is not an operation the route list knows`);
      }
    }
  }
  return operations;
}

/** Server operations against spec operations. */

import { type Operation, sortOperations } from './operations.js';

export interface Coverage {
  /** Server operations the spec describes. */
  covered: number;
  /** All server operations. */
  total: number;
  /** Server operations the spec lacks. */
  missing: Operation[];
  /** Spec operations the server does not have. */
  extra: Operation[];
}

export function coverage(server: ReadonlySet<Operation>, spec: ReadonlySet<Operation>): Coverage {
  const missing = sortOperations([...server].filter((op) => !spec.has(op)));
  const extra = sortOperations([...spec].filter((op) => !server.has(op)));
  return { covered: server.size - missing.length, total: server.size, missing, extra };
}

export function isComplete(result: Coverage): boolean {
  return result.missing.length === 0 && result.extra.length === 0;
}

/** A human report: the ratio, then each difference on its own line. */
export function formatCoverage(result: Coverage): string {
  const lines = [`server operations in the spec: ${result.covered}/${result.total}`];
  for (const op of result.missing) {
    lines.push(`  missing from the spec: ${op}`);
  }
  for (const op of result.extra) {
    lines.push(`  not on the server: ${op}`);
  }
  if (result.extra.length > 0) {
    lines.push(`spec operations the server does not have: ${result.extra.length}`);
  }
  return lines.join('\n');
}

/** The query of a generic resource call or an upload: what `Query` holds, as openapi-fetch sends it. */

import type { Query } from './rest.js';
import { dateToServerTime } from './server-time.js';

/** Dates become the server's datetime form; null/undefined entries are dropped. */
export function serializeQuery(query: Query | undefined): Record<string, unknown> | undefined {
  if (query === undefined) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      out[key] = value.map((item) => (item instanceof Date ? dateToServerTime(item) : item));
    } else {
      out[key] = value instanceof Date ? dateToServerTime(value) : value;
    }
  }
  return out;
}

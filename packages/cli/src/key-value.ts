/**
 * The `key=value` arguments of `iotile get|post|patch|delete`: query parameters for GET and DELETE,
 * body fields for POST and PATCH. `key:=json` gives a field a JSON value (a number, a boolean, an
 * object...), as HTTPie does; `--data` gives the whole body as JSON.
 */

import { UsageError } from './errors.js';

const HINT = 'arguments are key=value (a string) or key:=json (e.g. count:=3, active:=true)';

export interface KeyValues {
  /** Query parameters (`key=value`; a key given twice is sent twice). */
  query: Record<string, string | string[]>;
  /** Body fields (`key=value` as strings, `key:=json` parsed). */
  fields: Record<string, unknown>;
}

export function parseKeyValues(items: readonly string[]): KeyValues {
  const query: Record<string, string | string[]> = {};
  const fields: Record<string, unknown> = {};
  for (const item of items) {
    const json = /^([^=:]+):=(.*)$/s.exec(item);
    if (json) {
      const [, key, text] = json as unknown as [string, string, string];
      try {
        fields[key] = JSON.parse(text);
      } catch {
        throw new UsageError(`${key}: not valid JSON: ${JSON.stringify(text)}`, HINT);
      }
      query[key] = appendValue(query[key], text);
      continue;
    }
    const plain = /^([^=]+)=(.*)$/s.exec(item);
    if (!plain) {
      throw new UsageError(`expected key=value, got ${JSON.stringify(item)}`, HINT);
    }
    const [, key, value] = plain as unknown as [string, string, string];
    fields[key] = value;
    query[key] = appendValue(query[key], value);
  }
  return { query, fields };
}

function appendValue(previous: string | string[] | undefined, value: string): string | string[] {
  if (previous === undefined) {
    return value;
  }
  return Array.isArray(previous) ? [...previous, value] : [previous, value];
}

/** `--data`: a JSON object (or array) given inline. */
export function parseJsonData(text: string, option = '--data'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${option}: not valid JSON (${(error as Error).message})`,
      `e.g. --data '{"label": "Tank 1"}'`,
    );
  }
}

/**
 * The path of a generic call as resource segments: `/device/d--00d2/`, `device/d--00d2` and
 * `https://host/api/v1/device/d--00d2/` all give `['device', 'd--00d2']`. A query string in the path
 * is refused: pass `key=value` arguments.
 */
export function parseResourcePath(path: string): string[] {
  let rest = path.trim();
  const absolute = /^https?:\/\/[^/]+(\/.*)?$/i.exec(rest);
  if (absolute) {
    rest = absolute[1] ?? '/';
  }
  rest = rest.replace(/^\/*(?:api\/v1(?:\/|$))?/, '');
  if (/[?#]/.test(rest)) {
    throw new UsageError(
      `the path must not contain a query: ${JSON.stringify(path)}`,
      'pass query parameters as key=value arguments, e.g. iotile get device project=p--0000-0001',
    );
  }
  const segments = rest.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) {
    throw new UsageError(
      `no resource in path ${JSON.stringify(path)}`,
      'e.g. iotile get device/d--0000-0000-0000-00d2',
    );
  }
  return segments;
}

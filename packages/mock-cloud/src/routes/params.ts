/**
 * Query-parameter readers with django-filter's rules: booleans accept true/false/1/0 in any case (anything
 * else means "not filtered"), numbers and strict dates answer 400 with a field error when malformed.
 */
import { fieldErrors, type MockRequest } from '../http.js';
import { parseIsoDateTime } from '../timestamps.js';

export function boolParam(req: MockRequest, key: string): boolean | null {
  const raw = req.query.get(key)?.toLowerCase();
  if (raw === 'true' || raw === '1') {
    return true;
  }
  if (raw === 'false' || raw === '0') {
    return false;
  }
  return null;
}

/** A `NumberFilter`: null when absent or empty, 400 `{"key": ["Enter a number."]}` when not a number. */
export function intParam(req: MockRequest, key: string): number | null {
  const raw = req.query.get(key);
  if (raw === null || raw === '') {
    return null;
  }
  const n = Number(raw.trim());
  if (!Number.isFinite(n) || raw.trim() === '') {
    throw fieldErrors({ [key]: ['Enter a number.'] });
  }
  return n;
}

/** An `IsoDateTimeFilter` (µs since the epoch); 400 `{"key": ["Enter a valid date/time."]}` when malformed. */
export function isoParam(req: MockRequest, key: string): number | null {
  const raw = req.query.get(key);
  if (raw === null || raw === '') {
    return null;
  }
  const us = parseIsoDateTime(raw);
  if (us === null) {
    throw fieldErrors({ [key]: ['Enter a valid date/time.'] });
  }
  return us;
}

/** The first of several parameter names that is present. */
export function firstParam(req: MockRequest, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = req.query.get(key);
    if (v !== null && v !== '') {
      return v;
    }
  }
  return null;
}

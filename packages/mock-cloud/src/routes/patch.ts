/**
 * Applying PUT/PATCH bodies the way a DRF serializer does: writable fields are validated and stored,
 * read-only and unknown fields are ignored, invalid values give `{"field": ["message"]}` with nothing
 * changed.
 */
import { fieldErrors } from '../http.js';
import type { Obj } from '../store.js';

/** Checks one value; returns the value to store or an error message. */
export type FieldRule = (value: unknown) => { ok: true; value: unknown } | { ok: false; error: string };

export const str =
  (maxLength: number, nullable = false): FieldRule =>
  (v) => {
    if (v === null && nullable) {
      return { ok: true, value: null };
    }
    if (typeof v !== 'string') {
      return { ok: false, error: v === null ? 'This field may not be null.' : 'Not a valid string.' };
    }
    if (v.length > maxLength) {
      return { ok: false, error: `Ensure this field has no more than ${maxLength} characters.` };
    }
    return { ok: true, value: v };
  };

export const bool: FieldRule = (v) => {
  if (typeof v === 'boolean') {
    return { ok: true, value: v };
  }
  const s = typeof v === 'string' ? v.toLowerCase() : v;
  if (s === 'true' || s === 1 || s === '1') {
    return { ok: true, value: true };
  }
  if (s === 'false' || s === 0 || s === '0') {
    return { ok: true, value: false };
  }
  return { ok: false, error: 'Must be a valid boolean.' };
};

export const integer =
  (nullable = false): FieldRule =>
  (v) => {
    if (v === null && nullable) {
      return { ok: true, value: null };
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n)
      ? { ok: true, value: n }
      : { ok: false, error: 'A valid integer is required.' };
  };

export const number =
  (nullable = false): FieldRule =>
  (v) => {
    if (v === null && nullable) {
      return { ok: true, value: null };
    }
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n)
      ? { ok: true, value: n }
      : { ok: false, error: 'A valid number is required.' };
  };

export const oneOf =
  (choices: readonly string[]): FieldRule =>
  (v) =>
    typeof v === 'string' && choices.includes(v)
      ? { ok: true, value: v }
      : { ok: false, error: `"${String(v)}" is not a valid choice.` };

/** Validates the writable fields of `body`, then stores them all into `target` (or nothing, on error). */
export function applyPatch(target: Obj, body: Obj, rules: Record<string, FieldRule>): void {
  const errors: Record<string, string[]> = {};
  const updates: Obj = {};
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in body)) {
      continue;
    }
    const result = rule(body[key]);
    if (result.ok) {
      updates[key] = result.value;
    } else {
      errors[key] = [result.error];
    }
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  Object.assign(target, updates);
}

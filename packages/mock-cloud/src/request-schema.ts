/**
 * Request bodies checked the way a DRF serializer checks them, from the spec's request schemas
 * (`generated/request-schemas.ts`): unknown and read-only fields are ignored, a missing required field
 * is `This field is required.` unless the update is partial (PATCH), and each value is converted or
 * refused with DRF's own message. All errors come back at once as `{"field": ["message"]}`.
 */
import { fieldErrors } from './http.js';
import type { Obj } from './store.js';
import { parseIsoDateTime } from './timestamps.js';

/** One field of a request schema, as the generator writes it. */
export interface RequestField {
  /** JSON types accepted (`any` for a field of any type). */
  readonly types: readonly string[];
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly default?: unknown;
  readonly items?: RequestField;
}

export interface RequestSchema {
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, RequestField>>;
}

/** `create` and `update` (PUT) need the required fields; `partial` (PATCH) does not. */
export type ValidationMode = 'create' | 'update' | 'partial';

type Result = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Result => ({ ok: true, value });
const fail = (error: string): Result => ({ ok: false, error });

// DRF's BooleanField.TRUE_VALUES / FALSE_VALUES.
const TRUE = new Set([
  't',
  'T',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  '1',
]);
const FALSE = new Set([
  'f',
  'F',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '0',
]);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
// Django's EmailValidator, simplified to the shapes it accepts in practice.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function asString(v: unknown, f: RequestField): Result {
  // CharField takes numbers as text, and refuses booleans, objects and lists.
  if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
    return fail('Not a valid string.');
  }
  const s = String(v);
  if (s.trim() === '' && (f.minLength ?? 0) > 0) {
    return fail('This field may not be blank.');
  }
  if (f.maxLength !== undefined && s.length > f.maxLength) {
    return fail(`Ensure this field has no more than ${f.maxLength} characters.`);
  }
  if (f.minLength !== undefined && s.length < f.minLength) {
    return fail(`Ensure this field has at least ${f.minLength} characters.`);
  }
  switch (f.format) {
    case 'date-time':
      return parseIsoDateTime(s) === null
        ? fail(
            'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
          )
        : ok(s);
    case 'date':
      return DATE.test(s)
        ? ok(s)
        : fail('Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
    case 'uuid':
      return UUID.test(s) ? ok(s.toLowerCase()) : fail('Must be a valid UUID.');
    case 'email':
      return EMAIL.test(s) ? ok(s) : fail('Enter a valid email address.');
    default:
      return ok(s);
  }
}

function asInteger(v: unknown, f: RequestField): Result {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || typeof v === 'boolean') {
    return fail('A valid integer is required.');
  }
  return bounded(n, f);
}

function asNumber(v: unknown, f: RequestField): Result {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || typeof v === 'boolean') {
    return fail('A valid number is required.');
  }
  return bounded(n, f);
}

function bounded(n: number, f: RequestField): Result {
  if (f.minimum !== undefined && n < f.minimum) {
    return fail(`Ensure this value is greater than or equal to ${f.minimum}.`);
  }
  if (f.maximum !== undefined && n > f.maximum) {
    return fail(`Ensure this value is less than or equal to ${f.maximum}.`);
  }
  return ok(n);
}

function asBoolean(v: unknown): Result {
  if (v === true || v === 1) {
    return ok(true);
  }
  if (v === false || v === 0) {
    return ok(false);
  }
  if (typeof v === 'string' && TRUE.has(v)) {
    return ok(true);
  }
  if (typeof v === 'string' && FALSE.has(v)) {
    return ok(false);
  }
  return fail('Must be a valid boolean.');
}

function typeName(v: unknown): string {
  if (typeof v === 'string') {
    return 'str';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'int' : 'float';
  }
  if (typeof v === 'boolean') {
    return 'bool';
  }
  if (Array.isArray(v)) {
    return 'list';
  }
  return v !== null && typeof v === 'object' ? 'dict' : 'NoneType';
}

/** Checks one value against its field; returns the value to store or DRF's message. */
export function checkField(v: unknown, f: RequestField): Result {
  if (v === null) {
    return f.nullable || f.types.includes('any') ? ok(null) : fail('This field may not be null.');
  }
  if (f.enum !== undefined && f.enum.length > 0) {
    const match = f.enum.find((choice) => choice === v || String(choice) === String(v));
    return match === undefined ? fail(`"${String(v)}" is not a valid choice.`) : ok(match);
  }
  let first: Result | null = null;
  for (const type of f.types) {
    let result: Result;
    switch (type) {
      case 'string':
        result = asString(v, f);
        break;
      case 'integer':
        result = asInteger(v, f);
        break;
      case 'number':
        result = asNumber(v, f);
        break;
      case 'boolean':
        result = asBoolean(v);
        break;
      case 'array':
        if (!Array.isArray(v)) {
          result = fail(`Expected a list of items but got type "${typeName(v)}".`);
          break;
        }
        result = ok(v);
        if (f.items) {
          const items: unknown[] = [];
          for (const item of v) {
            const r = checkField(item, f.items);
            if (!r.ok) {
              result = r;
              break;
            }
            items.push(r.value);
          }
          if (result.ok) {
            result = ok(items);
          }
        }
        break;
      case 'object':
        result =
          typeof v === 'object' && !Array.isArray(v)
            ? ok(v)
            : fail(`Expected a dictionary of items but got type "${typeName(v)}".`);
        break;
      default:
        result = ok(v);
    }
    if (result.ok) {
      return result;
    }
    first ??= result;
  }
  return first ?? ok(v);
}

/**
 * Validates `body` against `schema`. Returns the writable fields that were sent (converted as DRF
 * converts them), with defaults filled in on create; throws the 400 with every field's error otherwise.
 * `extraErrors` are merged in (checks the serializer makes beyond field types, such as unknown slugs).
 */
export function validateBody(
  body: Obj,
  schema: RequestSchema,
  mode: ValidationMode,
  extraErrors: Record<string, string[]> = {},
): Obj {
  const errors: Record<string, string[]> = {};
  const values: Obj = {};
  for (const [key, f] of Object.entries(schema.fields)) {
    if (!(key in body) || body[key] === undefined) {
      if (mode !== 'partial' && schema.required.includes(key)) {
        errors[key] = ['This field is required.'];
      } else if (mode === 'create' && f.default !== undefined) {
        values[key] = f.default;
      }
      continue;
    }
    const result = checkField(body[key], f);
    if (result.ok) {
      values[key] = result.value;
    } else {
      errors[key] = [result.error];
    }
  }
  for (const [key, messages] of Object.entries(extraErrors)) {
    errors[key] ??= messages;
  }
  if (Object.keys(errors).length > 0) {
    throw fieldErrors(errors);
  }
  return values;
}

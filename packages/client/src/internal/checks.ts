/**
 * Input checks shared by the `@iotile/*` packages: each takes the parameter's name, so the error says
 * which argument was wrong, and each throws the package's input error before any request is sent.
 *
 * The error is made by a factory passed in (`InputErrorFactory`), so `@iotile/stream` throws
 * `StreamInputError`, the report `ReportInputError` and the client `InvalidInputError` (all of them
 * `InvalidInputError`s with a `param`), with the same wording everywhere.
 */

/** Makes the input error for `param` (every one of them is an `InvalidInputError` with that `param`). */
export type InputErrorFactory = (param: string, message: string) => Error;

/** A short, safe description of a value for an error message (never the whole of a long string). */
export function describeInput(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'undefined';
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return String(value);
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      if (Array.isArray(value)) {
        return 'an array';
      }
      if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? 'an invalid Date' : `Date ${value.toISOString()}`;
      }
      return 'an object';
  }
}

/** The largest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * An integer option in `[min, max]`, or `undefined` when absent. Anything else (a string, NaN,
 * Infinity, a fraction, out of range) is an input error naming `param`.
 */
export function readInteger(
  invalid: InputErrorFactory,
  param: string,
  value: unknown,
  min: number,
  max: number,
  what = '',
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      param,
      `${param} must be an integer from ${min} to ${max}${what ? ` (${what})` : ''}, got ${describeInput(value)}`,
    );
  }
  return value;
}

/**
 * A duration in ms: a number in `[0, MAX_TIMER_MS]`, or `Infinity` / 0 where `allowOff` (no limit),
 * or `undefined` when absent.
 */
export function readDuration(
  invalid: InputErrorFactory,
  param: string,
  value: unknown,
  options: { allowOff?: boolean } = {},
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const off = options.allowOff === true;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < 0 ||
    (value === Number.POSITIVE_INFINITY ? !off : value > MAX_TIMER_MS)
  ) {
    throw invalid(
      param,
      `${param} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}${off ? ' (0 or Infinity: none)' : ''}, got ${describeInput(value)}`,
    );
  }
  return value;
}

/** A byte limit: a positive integer, or `Infinity` for none; `undefined` when absent. */
export function readByteLimit(invalid: InputErrorFactory, param: string, value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (
    typeof value !== 'number' ||
    !(value === Number.POSITIVE_INFINITY || (Number.isSafeInteger(value) && value >= 1))
  ) {
    throw invalid(
      param,
      `${param} must be a whole number of bytes >= 1 (Infinity: no limit), got ${describeInput(value)}`,
    );
  }
  return value;
}

/** A boolean option, or `undefined` when absent. */
export function readBoolean(invalid: InputErrorFactory, param: string, value: unknown): boolean | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw invalid(param, `${param} must be true or false, got ${describeInput(value)}`);
  }
  return value;
}

/** An `AbortSignal` option (null is taken as absent), or `undefined`. */
export function readSignal(
  invalid: InputErrorFactory,
  param: string,
  value: unknown,
): AbortSignal | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!(value instanceof AbortSignal)) {
    throw invalid(param, `${param} must be an AbortSignal, got ${describeInput(value)}`);
  }
  return value;
}

/** An options object (undefined is `{}`); anything else is an input error. */
export function readOptions<T extends object>(
  invalid: InputErrorFactory,
  param: string,
  value: unknown,
): Partial<T> {
  if (value === undefined) {
    return {};
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(param, `${param} must be an object, got ${describeInput(value)}`);
  }
  return value as Partial<T>;
}

/**
 * A concurrency option: `'auto'` or an integer in `[1, max]`; `undefined` when absent. Anything else
 * is an input error naming `param`.
 */
export function readConcurrency(
  invalid: InputErrorFactory,
  param: string,
  value: unknown,
  max: number,
  what = '',
): 'auto' | number | undefined {
  if (value === undefined || value === 'auto') {
    return value;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(
      param,
      `${param} must be 'auto' or an integer from 1 to ${max}${what ? ` (${what})` : ''}, got ${describeInput(value)}`,
    );
  }
  return value;
}

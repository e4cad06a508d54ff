/**
 * A bad argument to one of the mock's public functions (a constructor option, a `start` option, a helper's
 * parameter). Thrown at once, before anything changes or listens; `param` names the argument, such as
 * `port` or `faults.failRate`.
 */
export class MockInputError extends Error {
  override name = 'MockInputError';
  constructor(
    message: string,
    /** The parameter (or option path) at fault. */
    readonly param: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A short, safe description of a value for an error message (never the whole of a long string). */
export function describeInput(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return typeof value === 'function' ? 'a function' : `a ${typeof value}`;
}

const fail = (where: string, param: string, expected: string, value: unknown): never => {
  throw new MockInputError(`${where}: ${param} must be ${expected}; got ${describeInput(value)}`, param);
};

/** Checks for the public helpers: each returns the value, typed, or throws a `MockInputError`. */
export const check = {
  string(where: string, param: string, value: unknown, options: { nonEmpty?: boolean } = {}): string {
    if (typeof value !== 'string' || (options.nonEmpty && value.trim() === '')) {
      fail(where, param, options.nonEmpty ? 'a non-empty string' : 'a string', value);
    }
    return value as string;
  },
  integer(where: string, param: string, value: unknown, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(where, param, `an integer from ${min} to ${max}`, value);
    }
    return value as number;
  },
  number(where: string, param: string, value: unknown, min: number, max = Number.POSITIVE_INFINITY): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      fail(
        where,
        param,
        max === Number.POSITIVE_INFINITY ? `a finite number >= ${min}` : `a number from ${min} to ${max}`,
        value,
      );
    }
    return value as number;
  },
  boolean(where: string, param: string, value: unknown): boolean {
    if (typeof value !== 'boolean') {
      fail(where, param, 'a boolean', value);
    }
    return value as boolean;
  },
  object(where: string, param: string, value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail(where, param, 'an object', value);
    }
    return value as Record<string, unknown>;
  },
  fn(where: string, param: string, value: unknown): void {
    if (typeof value !== 'function') {
      fail(where, param, 'a function', value);
    }
  },
};

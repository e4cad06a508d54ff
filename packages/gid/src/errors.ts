/**
 * The one error type of this package: every invalid id, slug or argument throws a `GidError`.
 * Its message names the function or class, what was expected and the offending input;
 * `input` keeps the input itself for programs that want to report it differently.
 */
export class GidError extends Error {
  override readonly name = 'GidError';
  /** The value that was rejected (the whole argument, not a fragment of it). */
  readonly input: unknown;

  constructor(message: string, input: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.input = input;
  }
}

/** Shows an input in an error message: strings quoted (and shortened), bigints with their `n`. */
export function describeInput(input: unknown): string {
  switch (typeof input) {
    case 'string':
      return JSON.stringify(input.length > 64 ? `${input.slice(0, 64)}…` : input);
    case 'bigint':
      return `${input}n`;
    case 'number':
      return Object.is(input, -0) ? '-0' : String(input);
    case 'boolean':
    case 'undefined':
      return String(input);
    case 'object':
      return input === null ? 'null' : Array.isArray(input) ? 'an array' : 'an object';
    default:
      return `a ${typeof input}`;
  }
}

/** Builds the standard message: `<where>: expected <what>; got <input>`. */
export function gidError(where: string, expected: string, input: unknown, cause?: unknown): GidError {
  const message = `${where}: expected ${expected}; got ${describeInput(input)}`;
  return new GidError(message, input, cause === undefined ? undefined : { cause });
}

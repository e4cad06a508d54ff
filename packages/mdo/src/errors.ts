/**
 * Thrown for an invalid MDO argument: `m` or `d` not a non-zero integer, `o` not a finite number,
 * a value that is not a number, or a unit that is not a unit object. The message names the
 * argument, what was expected and what was given; `input` keeps the rejected value.
 */
export class MdoError extends Error {
  override readonly name = 'MdoError';
  /** The value that was rejected. */
  readonly input: unknown;

  constructor(message: string, input: unknown) {
    super(message);
    this.input = input;
  }
}

function describeInput(input: unknown): string {
  switch (typeof input) {
    case 'string':
      return JSON.stringify(input.length > 64 ? `${input.slice(0, 64)}…` : input);
    case 'bigint':
      return `${input}n`;
    case 'object':
      return input === null ? 'null' : Array.isArray(input) ? 'an array' : 'an object';
    case 'function':
    case 'symbol':
      return `a ${typeof input}`;
    default:
      return String(input);
  }
}

/** Builds the standard message: `<where>: expected <what>; got <input>`. */
export function mdoError(where: string, expected: string, input: unknown): MdoError {
  return new MdoError(`${where}: expected ${expected}; got ${describeInput(input)}`, input);
}

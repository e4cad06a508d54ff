import { mdoError } from './errors.js';
import { formatPythonFloat } from './python-float.js';
import type { MdoUnit } from './unit.js';

/**
 * Multiply, divide, offset: the linear conversion IOTile Cloud applies to stream values,
 * `output = o + value * m / d`, a port of Python's `iotile_cloud.utils.mdo.MdoHelper`.
 *
 * `m` and `d` are non-zero integers, `o` an optional finite number. As in Python, an offset of 0
 * is the same as no offset: `o` reads `null` and the string form leaves it out.
 */
export class MdoHelper {
  /** The multiplier. */
  readonly m: number;
  /** The divisor. */
  readonly d: number;
  /** The offset, or `null` when there is none (0 counts as none, as in Python). */
  readonly o: number | null;

  constructor(m: number, d: number, o?: number | null) {
    checkFactors(m, d, o, 'MdoHelper', '');
    this.m = m;
    this.d = d;
    this.o = o ? o : null;
  }

  /**
   * Builds the helper for a unit object as the API returns it (a stream's `output_unit` or
   * `input_unit`). A `null` or missing unit gives `null`: there is no conversion to apply, which
   * is what the server does for a stream without a unit.
   */
  static fromUnit<U extends MdoUnit>(unit: U): MdoHelper;
  static fromUnit(unit: null | undefined): null;
  static fromUnit<U extends MdoUnit>(unit: U | null | undefined): MdoHelper | null;
  static fromUnit(unit: unknown): MdoHelper | null {
    if (unit === null || unit === undefined) {
      return null;
    }
    if (typeof unit !== 'object' || Array.isArray(unit)) {
      const expected =
        typeof unit === 'string'
          ? "a unit object with m, d and o, not a unit slug (read the unit object, e.g. the stream's output_unit)"
          : 'a unit object with m, d and o, or null';
      throw mdoError('MdoHelper.fromUnit', expected, unit);
    }
    const { m, d, o } = unit as MdoUnit;
    const factors = { m: m ?? 1, d: d ?? 1, o: o ?? null };
    checkFactors(factors.m, factors.d, factors.o, 'MdoHelper.fromUnit', 'unit.');
    return new MdoHelper(factors.m, factors.d, factors.o);
  }

  /** `o + value * m / d` */
  compute(value: number): number {
    checkValue(value, 'MdoHelper.compute');
    // Same operations in the same order as Python, so results match to the last bit
    // (starting from 0 also turns a -0 result into 0, as Python's 0.0 + -0.0 does).
    let result = 0;
    if (this.o) {
      result += this.o;
    }
    result += (value * this.m) / this.d;
    return result;
  }

  /** `(value - o) * d / m`, the inverse of `compute`. */
  computeReverse(value: number): number {
    checkValue(value, 'MdoHelper.computeReverse');
    let result = value;
    if (this.o) {
      result -= this.o;
    }
    return (result * this.d) / this.m;
  }

  /** Python's string form: `'0.5+3.0x/2.0'` for m 3, d 2, o 0.5; `'1.0x/1.0'` without offset. */
  toString(): string {
    const offset = this.o ? `${formatPythonFloat(this.o)}+` : '';
    return `${offset}${formatPythonFloat(this.m)}x/${formatPythonFloat(this.d)}`;
  }
}

function checkFactors(m: unknown, d: unknown, o: unknown, where: string, prefix: string): void {
  for (const [name, factor] of [
    ['m', m],
    ['d', d],
  ] as const) {
    if (typeof factor !== 'number' || !Number.isInteger(factor) || factor === 0) {
      throw mdoError(where, `${prefix}${name} to be a non-zero integer`, factor);
    }
  }
  if (o !== undefined && o !== null && (typeof o !== 'number' || !Number.isFinite(o))) {
    throw mdoError(where, `${prefix}o to be a finite number, null or undefined`, o);
  }
}

function checkValue(value: unknown, where: string): void {
  if (typeof value !== 'number') {
    throw mdoError(where, 'a number', value);
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPythonFloat } from '../src/python-float.js';

describe('formatPythonFloat', () => {
  // Right-hand sides are Python 3.11's repr() of the left-hand side.
  it.each<[number, string]>([
    [0, '0.0'],
    [-0, '-0.0'],
    [0.5, '0.5'],
    [3, '3.0'],
    [-2.5, '-2.5'],
    [100, '100.0'],
    [1e15, '1000000000000000.0'],
    [9007199254740992, '9007199254740992.0'],
    [1e16, '1e+16'],
    [-1e16, '-1e+16'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [1e21, '1e+21'],
    [1e22, '1e+22'],
    [1e100, '1e+100'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [0.0001, '0.0001'],
    [0.00012, '0.00012'],
    [1e-5, '1e-05'],
    [1.5e-5, '1.5e-05'],
    [-2.5e-7, '-2.5e-07'],
    [5e-324, '5e-324'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1 / 3, '0.3333333333333333'],
    [2 / 3, '0.6666666666666666'],
    [123456.789, '123456.789'],
    [2 ** 60, '1.152921504606847e+18'],
    [12345678901234.5, '12345678901234.5'],
    [0.001, '0.001'],
    [273.15, '273.15'],
    [Number.NaN, 'nan'],
    [Number.POSITIVE_INFINITY, 'inf'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('%s -> %s', (value, text) => {
    expect(formatPythonFloat(value)).toBe(text);
  });

  it('reads back as the same number and has the layout of a Python float', () => {
    const layout = /^-?(?:\d+\.\d+|\d(?:\.\d+)?e[+-]\d{2,3})$/;
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = formatPythonFloat(value);
        expect(text).toMatch(layout);
        expect(Object.is(Number(text), value)).toBe(true);
        const magnitude = Math.abs(value);
        const scientific = magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16);
        expect(text.includes('e')).toBe(scientific);
      }),
      { numRuns: 2000 },
    );
  });
});

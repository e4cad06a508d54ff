// python_iotile_cloud's tests/test_mdo.py (v0.9.14) as tables, plus outputs of Python's MdoHelper
// for a spread of arguments (obtained by running it), which pin the string form and the exact
// floating-point results.
import { describe, expect, it } from 'vitest';
import { MdoHelper } from '../src/index.js';

describe('test_mdo.py', () => {
  it.each<[m: number, d: number, o: number | undefined, value: number, output: number]>([
    [1, 1, undefined, 5, 5],
    [1, 1, undefined, 0, 0],
    [1, 1, undefined, -10, -10],
    [3, 2, 0.5, 5, 8.0],
    [3, 2, 0.5, 0, 0.5],
    [3, 2, 0.5, -10, -14.5],
  ])('m=%s d=%s o=%s: %s <-> %s', (m, d, o, value, output) => {
    const mdo = new MdoHelper(m, d, o);
    expect(mdo.compute(value)).toBe(output);
    expect(mdo.computeReverse(output)).toBe(value);
  });
});

describe('outputs of Python MdoHelper', () => {
  it.each<[m: number, d: number, o: number | null, text: string, compute: number, reverse: number]>([
    [1, 1, null, '1.0x/1.0', 12.5, 12.5],
    [3, 2, 0.5, '0.5+3.0x/2.0', 19.25, 8.0],
    [1, 1, 0, '1.0x/1.0', 12.5, 12.5],
    [-3, 7, -0.25, '-0.25+-3.0x/7.0', -5.607142857142857, -29.75],
    [100000000000000000, 1, null, '1e+17x/1.0', 1.25e18, 1.25e-16],
    [1, 3, 1e-5, '1e-05+1.0x/3.0', 4.166676666666667, 37.499970000000005],
    [1, 3, 1e16, '1e+16+1.0x/3.0', 1.0000000000000004e16, -2.9999999999999964e16],
    [2, 1, 123456789.125, '123456789.125+2.0x/1.0', 123456814.125, -61728388.3125],
    [3785411784, 1000000000, null, '3785411784.0x/1000000000.0', 47.3176473, 3.302150654476855],
    [5, 9, -17.77777777777778, '-17.77777777777778+5.0x/9.0', -10.833333333333334, 54.5],
  ])('m=%s d=%s o=%s is %s', (m, d, o, text, compute, reverse) => {
    const mdo = new MdoHelper(m, d, o);
    expect(mdo.toString()).toBe(text);
    expect(String(mdo)).toBe(text);
    expect(mdo.compute(12.5)).toBe(compute);
    expect(mdo.computeReverse(12.5)).toBe(reverse);
  });

  it('turns a -0 result of compute into 0, as Python does, but keeps it in computeReverse', () => {
    const negate = new MdoHelper(-1, 1);
    expect(Object.is(negate.compute(0), 0)).toBe(true); // Python: 0.0
    expect(Object.is(negate.computeReverse(0), -0)).toBe(true); // Python: -0.0
    expect(Object.is(negate.computeReverse(-0), 0)).toBe(true); // Python: 0.0
  });

  it('passes NaN and infinities through, as Python does', () => {
    const mdo = new MdoHelper(3, 2, 0.5);
    expect(mdo.compute(Number.NaN)).toBeNaN();
    expect(mdo.compute(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(mdo.computeReverse(Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
  });
});

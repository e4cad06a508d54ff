import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MdoHelper } from '../src/index.js';

const factor = fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((n) => n !== 0);
const offset = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
const value = fc.double({ min: -1e9, max: 1e9, noNaN: true });

describe('MdoHelper properties', () => {
  it('computeReverse(compute(x)) is x, up to floating-point rounding', () => {
    fc.assert(
      fc.property(factor, factor, offset, value, (m, d, o, x) => {
        const mdo = new MdoHelper(m, d, o);
        const back = mdo.computeReverse(mdo.compute(x));
        // Each of the few operations rounds by at most one ulp, or by half the smallest subnormal
        // near zero; the offset is added then taken away, so its rounding error comes back scaled
        // by d / m, as does an underflow in compute.
        const scale = Math.abs(d / m);
        const tolerance =
          8 * Number.EPSILON * (Math.abs(x) + Math.abs(o ?? 0) * scale) +
          4 * Number.MIN_VALUE * Math.max(1, scale);
        expect(Math.abs(back - x)).toBeLessThanOrEqual(tolerance);
      }),
      { numRuns: 1000 },
    );
  });

  it('compute is o + x * m / d', () => {
    fc.assert(
      fc.property(factor, factor, offset, value, (m, d, o, x) => {
        expect(new MdoHelper(m, d, o).compute(x)).toBe(0 + (o ?? 0) + (x * m) / d);
      }),
      { numRuns: 500 },
    );
  });

  it('the string form gives back m, d and o', () => {
    const form = /^(?:(.+)\+)?(.+)x\/(.+)$/;
    fc.assert(
      fc.property(factor, factor, offset, (m, d, o) => {
        const mdo = new MdoHelper(m, d, o);
        const match = form.exec(mdo.toString());
        expect(match).not.toBeNull();
        const [, offsetText, mText, dText] = match ?? [];
        expect(Number(mText)).toBe(m);
        expect(Number(dText)).toBe(d);
        expect(offsetText === undefined ? null : Number(offsetText)).toBe(mdo.o);
      }),
      { numRuns: 500 },
    );
  });

  it('invalid arguments throw an MdoError, never anything else', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (m, d, o) => {
        try {
          new MdoHelper(m as number, d as number, o as number);
        } catch (error) {
          expect((error as Error).name).toBe('MdoError');
        }
        try {
          MdoHelper.fromUnit({ m, d, o } as never);
        } catch (error) {
          expect((error as Error).name).toBe('MdoError');
        }
      }),
      { numRuns: 500 },
    );
  });
});

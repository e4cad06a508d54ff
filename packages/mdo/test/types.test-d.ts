import { describe, expectTypeOf, it } from 'vitest';
import { MdoHelper, type MdoUnit } from '../src/index.js';

/** A unit as a generated API client types it: an interface with more fields than m, d and o. */
interface OutputUnit {
  slug: string;
  unit_full: string;
  unit_short: string;
  m: number;
  d: number;
  o: number;
  decimal_places: number;
  derived_units: Record<string, unknown> | null;
}

describe('MdoHelper types', () => {
  it('has numeric m and d and a nullable o', () => {
    const mdo = new MdoHelper(3, 2, 0.5);
    expectTypeOf(mdo.m).toEqualTypeOf<number>();
    expectTypeOf(mdo.o).toEqualTypeOf<number | null>();
    expectTypeOf(mdo.compute(1)).toEqualTypeOf<number>();
    expectTypeOf(mdo.computeReverse(1)).toEqualTypeOf<number>();
    new MdoHelper(1, 1, null);
    // @ts-expect-error m is a number
    new MdoHelper('3', 2);
    // @ts-expect-error compute takes a number
    mdo.compute('5');
  });

  it('fromUnit returns a helper for a unit, null for no unit, and both for a maybe-unit', () => {
    const unit = {} as OutputUnit;
    expectTypeOf(MdoHelper.fromUnit(unit)).toEqualTypeOf<MdoHelper>();
    expectTypeOf(MdoHelper.fromUnit({ slug: 'in--x', m: 1, d: 1, o: 0 })).toEqualTypeOf<MdoHelper>();
    expectTypeOf(MdoHelper.fromUnit(null)).toEqualTypeOf<null>();
    expectTypeOf(MdoHelper.fromUnit(undefined)).toEqualTypeOf<null>();
    const maybe = null as OutputUnit | null;
    expectTypeOf(MdoHelper.fromUnit(maybe)).toEqualTypeOf<MdoHelper | null>();
    expectTypeOf<OutputUnit>().toExtend<MdoUnit>();
  });

  it('fromUnit refuses what is not a unit object', () => {
    // @ts-expect-error a unit slug is not a unit object
    MdoHelper.fromUnit('out--water-meter-volume--liters');
    // @ts-expect-error m must be a number
    MdoHelper.fromUnit({ m: '1', d: 1 });
  });
});

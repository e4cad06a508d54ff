import { describe, expect, it } from 'vitest';
import { MdoError, MdoHelper, type MdoUnit } from '../src/index.js';

function caught(run: () => unknown): MdoError {
  try {
    run();
  } catch (error) {
    if (error instanceof MdoError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an MdoError');
}

describe('MdoHelper arguments', () => {
  it('keeps m and d, and o unless it is 0 (no offset, as in Python)', () => {
    expect(new MdoHelper(3, 2, 0.5)).toMatchObject({ m: 3, d: 2, o: 0.5 });
    expect(new MdoHelper(3, 2).o).toBeNull();
    expect(new MdoHelper(3, 2, null).o).toBeNull();
    expect(new MdoHelper(3, 2, 0).o).toBeNull();
    expect(new MdoHelper(3, 2, -0).o).toBeNull();
    expect(new MdoHelper(3, 2, -4).o).toBe(-4);
  });

  it.each<[string, () => unknown, string]>([
    ['m = 0', () => new MdoHelper(0, 1), 'MdoHelper: expected m to be a non-zero integer; got 0'],
    ['d = 0', () => new MdoHelper(1, 0), 'MdoHelper: expected d to be a non-zero integer; got 0'],
    [
      'm not an integer',
      () => new MdoHelper(1.5, 1),
      'MdoHelper: expected m to be a non-zero integer; got 1.5',
    ],
    [
      'd a string',
      () => new MdoHelper(1, '2' as unknown as number),
      'MdoHelper: expected d to be a non-zero integer; got "2"',
    ],
    ['m NaN', () => new MdoHelper(Number.NaN, 1), 'MdoHelper: expected m to be a non-zero integer; got NaN'],
    [
      'm infinite',
      () => new MdoHelper(Number.POSITIVE_INFINITY, 1),
      'MdoHelper: expected m to be a non-zero integer; got Infinity',
    ],
    [
      'm a bigint',
      () => new MdoHelper(2n as unknown as number, 1),
      'MdoHelper: expected m to be a non-zero integer; got 2n',
    ],
    [
      'o NaN',
      () => new MdoHelper(1, 1, Number.NaN),
      'MdoHelper: expected o to be a finite number, null or undefined; got NaN',
    ],
    [
      'o a string',
      () => new MdoHelper(1, 1, '0.5' as unknown as number),
      'MdoHelper: expected o to be a finite number, null or undefined; got "0.5"',
    ],
    [
      'compute of a string',
      () => new MdoHelper(1, 1).compute('5' as unknown as number),
      'MdoHelper.compute: expected a number; got "5"',
    ],
    [
      'computeReverse of null',
      () => new MdoHelper(1, 1).computeReverse(null as unknown as number),
      'MdoHelper.computeReverse: expected a number; got null',
    ],
  ])('rejects %s', (_name, run, message) => {
    const error = caught(run);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('MdoError');
    expect(error.message).toBe(message);
  });
});

describe('MdoHelper.fromUnit', () => {
  const gallonsToLiters = {
    slug: 'out--water-meter-volume--liters',
    unit_full: 'Liters',
    unit_short: 'l',
    m: 3785411784,
    d: 1000000000,
    o: 0,
    decimal_places: 2,
    derived_units: null,
  };

  it('reads m, d and o of a unit object and ignores its other fields', () => {
    const mdo = MdoHelper.fromUnit(gallonsToLiters);
    expect(mdo).toMatchObject({ m: 3785411784, d: 1000000000, o: null });
    expect(mdo.compute(10)).toBe(37.85411784);
    expect(MdoHelper.fromUnit({ m: 9, d: 5, o: 32 }).compute(100)).toBe(212);
  });

  it('takes a missing or null m or d as 1 and a missing or null o as no offset', () => {
    expect(MdoHelper.fromUnit({}).toString()).toBe('1.0x/1.0');
    expect(MdoHelper.fromUnit({ m: null, d: null, o: null }).toString()).toBe('1.0x/1.0');
    expect(MdoHelper.fromUnit({ m: 2 }).toString()).toBe('2.0x/1.0');
  });

  it('returns null for no unit (a stream without an output unit has no conversion)', () => {
    expect(MdoHelper.fromUnit(null)).toBeNull();
    expect(MdoHelper.fromUnit(undefined)).toBeNull();
    const maybe = null as MdoUnit | null;
    expect(MdoHelper.fromUnit(maybe)).toBeNull();
  });

  // `input` is the rejected value: the field for a bad field, else the unit itself.
  it.each<[string, unknown, string, unknown]>([
    [
      'a zero m',
      { m: 0, d: 1, o: 0 },
      'MdoHelper.fromUnit: expected unit.m to be a non-zero integer; got 0',
      0,
    ],
    [
      'a fractional d',
      { m: 1, d: 0.5 },
      'MdoHelper.fromUnit: expected unit.d to be a non-zero integer; got 0.5',
      0.5,
    ],
    [
      'a string o',
      { m: 1, d: 1, o: '1.5' },
      'MdoHelper.fromUnit: expected unit.o to be a finite number, null or undefined; got "1.5"',
      '1.5',
    ],
    [
      'a unit slug',
      'out--water-meter-volume--liters',
      'MdoHelper.fromUnit: expected a unit object with m, d and o, not a unit slug (read the unit object, e.g. the stream\'s output_unit); got "out--water-meter-volume--liters"',
      'out--water-meter-volume--liters',
    ],
    [
      'an array',
      [1, 1, 0],
      'MdoHelper.fromUnit: expected a unit object with m, d and o, or null; got an array',
      [1, 1, 0],
    ],
    ['a number', 5, 'MdoHelper.fromUnit: expected a unit object with m, d and o, or null; got 5', 5],
  ])('rejects %s', (_name, unit, message, input) => {
    const error = caught(() => MdoHelper.fromUnit(unit as MdoUnit));
    expect(error.message).toBe(message);
    expect(error.input).toEqual(input);
  });
});

// Ids may use 64 bits, numbers are exact only up to 2^53 - 1: numbers are accepted when safe,
// bigints always, and an id is never rounded on the way in or out.
import { describe, expect, it } from 'vitest';
import {
  GidError,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileFleetSlug,
  IOTileProjectSlug,
} from '../src/index.js';

const LARGEST_DEVICE = 0xffff_ffff_ffff_ffffn;

describe('input', () => {
  it('accepts a bigint anywhere an integer id is accepted', () => {
    expect(new IOTileProjectSlug(5n).toString()).toBe('p--0000-0005');
    expect(new IOTileFleetSlug(5n).toString()).toBe('g--0000-0000-0005');
    expect(new IOTileDeviceSlug(LARGEST_DEVICE).toString()).toBe('d--ffff-ffff-ffff-ffff');
    expect(new IOTileBlockSlug(5n, 3n).toString()).toBe('b--0003-0000-0000-0005');
  });

  it('accepts numbers up to Number.MAX_SAFE_INTEGER', () => {
    expect(new IOTileDeviceSlug(Number.MAX_SAFE_INTEGER).toString()).toBe('d--001f-ffff-ffff-ffff');
  });

  it.each<number>([2 ** 53, 2 ** 60, 2 ** 64])(
    'refuses the number %s, which may already be rounded',
    (id) => {
      expect(() => new IOTileDeviceSlug(id)).toThrow(/pass ids above Number.MAX_SAFE_INTEGER as a bigint/);
    },
  );

  it.each<unknown>([1.5, Number.NaN, Number.POSITIVE_INFINITY, true, {}, undefined])('refuses %s', (id) => {
    expect(() => new IOTileDeviceSlug(id as number)).toThrow(GidError);
  });
});

describe('getId', () => {
  it('returns a number for ids up to Number.MAX_SAFE_INTEGER', () => {
    expect(new IOTileDeviceSlug('d--001f-ffff-ffff-ffff').getId()).toBe(Number.MAX_SAFE_INTEGER);
    expect(new IOTileFleetSlug('g--ffff-ffff-ffff').getId()).toBe(0xffff_ffff_ffff);
    expect(new IOTileProjectSlug('p--ffff-ffff').getId()).toBe(0xffff_ffff);
  });

  it('throws for a larger device id instead of rounding it', () => {
    const device = new IOTileDeviceSlug('d--0020-0000-0000-0001');
    expect(() => device.getId()).toThrow(GidError);
    expect(() => device.getId()).toThrow(/getId: the id 9007199254740993n is above Number.MAX_SAFE_INTEGER/);
  });

  it('returns a bigint with { bigint: true }, exact for all 64 bits', () => {
    expect(new IOTileDeviceSlug('d--ffff-ffff-ffff-ffff').getId({ bigint: true })).toBe(LARGEST_DEVICE);
    expect(new IOTileDeviceSlug(10).getId({ bigint: true })).toBe(10n);
    expect(new IOTileProjectSlug(5).getId({ bigint: true })).toBe(5n);
    expect(new IOTileFleetSlug(5).getId({ bigint: true })).toBe(5n);
    expect(new IOTileBlockSlug('b--ffff-ffff-ffff-ffff').getId({ bigint: true })).toBe(0xffff_ffff_ffffn);
  });

  it('returns a number with { bigint: false }', () => {
    expect(new IOTileDeviceSlug(10).getId({ bigint: false })).toBe(10);
  });

  it('gives the device part of a data block, which always fits in a number', () => {
    const dataBlock = new IOTileBlockSlug('b--ffff-ffff-ffff-ffff');
    expect(dataBlock.getId()).toBe(0xffff_ffff_ffff);
    expect(dataBlock.getBlock()).toBe(0xffff);
  });
});

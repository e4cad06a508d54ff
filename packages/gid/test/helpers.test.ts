import { describe, expect, it } from 'vitest';
import {
  fixGid,
  GidError,
  gid2int,
  gidJoin,
  gidSplit,
  int2bid,
  int2did,
  int2fid,
  int2pid,
  int2vid,
  int16gid,
  int32gid,
  int48gid,
  int64gid,
} from '../src/index.js';

type Formatter = (n: number | bigint) => string;

describe('intNNgid and int2xid', () => {
  it.each<[string, Formatter, number | bigint, string]>([
    ['int16gid', int16gid, 0xd2, '00d2'],
    ['int16gid', int16gid, 0xffff, 'ffff'],
    ['int32gid', int32gid, 0x1234_5678, '1234-5678'],
    ['int48gid', int48gid, 0xd2, '0000-0000-00d2'],
    ['int48gid', int48gid, 0xffff_ffff_ffff, 'ffff-ffff-ffff'],
    ['int64gid', int64gid, 0, '0000-0000-0000-0000'],
    ['int64gid', int64gid, 0x1234_0000_0000_0001n, '1234-0000-0000-0001'],
    ['int64gid', int64gid, 0xffff_ffff_ffff_ffffn, 'ffff-ffff-ffff-ffff'],
    ['int2did', int2did, 5, '0000-0000-0005'], // three groups, as in Python
    ['int2pid', int2pid, 5, '0000-0005'],
    ['int2vid', int2vid, 0x5001, '5001'],
    ['int2bid', int2bid, 3, '0003'],
    ['int2fid', int2fid, 1, '0000-0000-0001'],
  ])('%s(%s) is %s', (_name, format, n, expected) => {
    expect(format(n)).toBe(expected);
  });

  it.each<[string, Formatter, unknown]>([
    ['int16gid', int16gid, 0x10000],
    ['int16gid', int16gid, -1],
    ['int32gid', int32gid, 2 ** 32],
    ['int48gid', int48gid, 2 ** 48],
    ['int64gid', int64gid, 2n ** 64n],
    ['int64gid', int64gid, 2 ** 60], // a number above 2^53 - 1 is refused: it may already be rounded
    ['int2did', int2did, 2 ** 48],
    ['int2vid', int2vid, 1.5],
    ['int2pid', int2pid, '5'],
    ['int2fid', int2fid, Number.NaN],
  ])('%s refuses %s', (_name, format, n) => {
    expect(() => format(n as number)).toThrow(GidError);
  });
});

describe('gidSplit and gidJoin', () => {
  it.each<[string, string[]]>([
    ['v--0000-0001--5001', ['v', '0000-0001', '5001']],
    ['s----0000-0000-0000-0002--0003', ['s', '', '0000-0000-0000-0002', '0003']],
    ['0000-0001', ['0000-0001']],
  ])('%s <-> %j', (slug, parts) => {
    expect(gidSplit(slug)).toEqual(parts);
    expect(gidJoin(parts)).toBe(slug);
  });

  it('refuses what is not a string or an array of strings', () => {
    expect(() => gidSplit(5 as unknown as string)).toThrow(GidError);
    expect(() => gidJoin(['p', 5] as unknown as string[])).toThrow(GidError);
    expect(() => gidJoin('p--0001' as unknown as string[])).toThrow(GidError);
  });
});

describe('fixGid', () => {
  it.each<[string, number, string]>([
    ['1234', 3, '0000-0000-1234'],
    ['0000-1234', 2, '0000-1234'],
    ['0000-0000-0000-1234', 3, '0000-0000-1234'], // leading zero groups are dropped
    ['0000-0000-0000-1234', 4, '0000-0000-0000-1234'],
    ['5', 2, '0000-0005'], // Python: '0000-5'
    ['AB-c', 3, '0000-00ab-000c'],
  ])('fixGid(%s, %s) is %s', (gid, terms, expected) => {
    expect(fixGid(gid, terms)).toBe(expected);
  });

  it.each<[unknown, unknown]>([
    ['0001-0000-0000-0005', 3], // Python silently dropped the 0001 group
    ['', 2],
    ['12345', 2],
    ['00g0', 1],
    ['0000--0001', 2],
    ['1234', 0],
    ['1234', 1.5],
    [1234, 2],
    ['00d2', 1e6], // was quadratic: over a minute of blocked event loop
    ['00d2', 17],
    [`${'0-'.repeat(100_000)}1`, 2], // a huge input is refused before any work on it
  ])('fixGid(%j, %j) throws', (gid, terms) => {
    expect(() => fixGid(gid as string, terms as number)).toThrow(GidError);
  });
});

describe('gid2int', () => {
  it.each<[string, number]>([
    ['0000-00d2', 0xd2],
    ['00d2', 0xd2],
    ['0xd2', 0xd2],
    ['0X00D2', 0xd2],
    ['1234-0000', 0x1234_0000],
    ['12-345', 0x12345], // groups of any length are joined, as in Python
    ['001f-ffff-ffff-ffff', Number.MAX_SAFE_INTEGER],
  ])('gid2int(%s) is %s', (gid, expected) => {
    expect(gid2int(gid)).toBe(expected);
    expect(gid2int(gid, { bigint: true })).toBe(BigInt(expected));
  });

  it('returns a bigint on request and refuses to round a larger id into a number', () => {
    expect(gid2int('1234-0000-0000-0001', { bigint: true })).toBe(0x1234_0000_0000_0001n);
    expect(gid2int('0020-0000-0000-0000', { bigint: true })).toBe(2n ** 53n);
    expect(() => gid2int('0020-0000-0000-0000')).toThrow(/Number.MAX_SAFE_INTEGER/);
  });

  it.each<unknown>(['', 'string', '-5', '1--2', '5-', ' 12', '1_2', '+12', '0x', 'd--0000', 12])(
    'gid2int(%j) throws (Python accepted some of these through int())',
    (gid) => {
      expect(() => gid2int(gid as string)).toThrow(GidError);
    },
  );
});

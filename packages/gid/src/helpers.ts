// The module-level helpers of Python's gid.py, with the same names in camelCase. Unlike Python
// they check their input: out-of-range numbers are refused instead of being cut to the low bits.
import { gidError } from './errors.js';
import { checkRange, formatGroups, type IdOptions, idResult, integerToBigInt } from './internal/ids.js';

function intGid(n: number | bigint, groups: number, where: string): string {
  return formatGroups(checkRange(integerToBigInt(n, where), groups * 4, 0n, where, n), groups);
}

/** `n` (0 to 0xffff) as one group of four hex digits: `int16gid(0xd2)` is `'00d2'`. */
export function int16gid(n: number | bigint): string {
  return intGid(n, 1, 'int16gid');
}

/** `n` (0 to 0xffffffff) as two groups: `'0000-00d2'`. */
export function int32gid(n: number | bigint): string {
  return intGid(n, 2, 'int32gid');
}

/** `n` (0 to 0xffffffffffff) as three groups: `'0000-0000-00d2'`. */
export function int48gid(n: number | bigint): string {
  return intGid(n, 3, 'int48gid');
}

/** `n` (0 to 0xffffffffffffffff, a bigint above 2^53 - 1) as four groups: `'0000-0000-0000-00d2'`. */
export function int64gid(n: number | bigint): string {
  return intGid(n, 4, 'int64gid');
}

/** A 48-bit device id as three groups (as Python: device slugs add a fourth `0000` group). */
export function int2did(n: number | bigint): string {
  return intGid(n, 3, 'int2did');
}

/** A 32-bit project id as two groups. */
export function int2pid(n: number | bigint): string {
  return intGid(n, 2, 'int2pid');
}

/** A 16-bit variable local id as one group. */
export function int2vid(n: number | bigint): string {
  return intGid(n, 1, 'int2vid');
}

/** A 16-bit block number as one group. */
export function int2bid(n: number | bigint): string {
  return intGid(n, 1, 'int2bid');
}

/** A 48-bit fleet id as three groups. */
export function int2fid(n: number | bigint): string {
  return intGid(n, 3, 'int2fid');
}

/** Splits a slug into its `--` separated terms: `'v--0000-0001--5001'` gives `['v', '0000-0001', '5001']`. */
export function gidSplit(val: string): string[] {
  if (typeof val !== 'string') {
    throw gidError('gidSplit', 'a string', val);
  }
  return val.split('--');
}

/** Joins terms with `--`, the inverse of `gidSplit`. */
export function gidJoin(elements: readonly string[]): string {
  if (!Array.isArray(elements) || !elements.every((element) => typeof element === 'string')) {
    throw gidError('gidJoin', 'an array of strings', elements);
  }
  return elements.join('--');
}

const GROUPS = /^[0-9a-f]{1,4}(?:-[0-9a-f]{1,4})*$/i;

/**
 * The most groups `fixGid` makes or reads: IOTile ids have at most four (64 bits); 16 leaves room while
 * keeping the work bounded whatever the caller passes.
 */
export const MAX_GID_TERMS = 16;

/**
 * Brings a gid to exactly `numTerms` groups of four hex digits: short groups are zero-padded,
 * missing groups are added in front as `0000`, and extra leading groups are dropped, which is
 * only allowed when they are `0000` (Python dropped them whatever they held).
 * `fixGid('1234', 3)` is `'0000-0000-1234'`.
 */
export function fixGid(gid: string, numTerms: number): string {
  if (!Number.isSafeInteger(numTerms) || numTerms < 1 || numTerms > MAX_GID_TERMS) {
    throw gidError('fixGid', `numTerms to be an integer from 1 to ${MAX_GID_TERMS}`, numTerms);
  }
  // At most 5 characters a group: a longer string can not be an id, and is refused before the regex.
  if (typeof gid !== 'string' || gid.length > MAX_GID_TERMS * 5 || !GROUPS.test(gid)) {
    throw gidError('fixGid', 'groups of one to four hex digits separated by "-"', gid);
  }
  const given = gid
    .toLowerCase()
    .split('-')
    .map((group) => group.padStart(4, '0'));
  const groups =
    given.length < numTerms ? new Array<string>(numTerms - given.length).fill('0000').concat(given) : given;
  const dropped = groups.splice(0, groups.length - numTerms);
  if (dropped.some((group) => group !== '0000')) {
    throw gidError(
      'fixGid',
      `a value that fits in ${numTerms} groups (only leading 0000 groups can be dropped)`,
      gid,
    );
  }
  return groups.join('-');
}

const GID = /^(?:0x)?[0-9a-f]+(?:-[0-9a-f]+)*$/i;

/**
 * The numeric value of a gid: its hex digits with the `-` removed (an optional `0x` in front is
 * allowed). `gid2int('0000-00d2')` is `210`. Values above 2^53 - 1 throw unless
 * `{ bigint: true }` is given, which returns a bigint.
 */
export function gid2int(gid: string, options?: { bigint?: false }): number;
export function gid2int(gid: string, options: { bigint: true }): bigint;
export function gid2int(gid: string, options?: IdOptions): number | bigint;
export function gid2int(gid: string, options?: IdOptions): number | bigint {
  if (typeof gid !== 'string' || !GID.test(gid)) {
    throw gidError('gid2int', 'hex digits, optionally in "-" separated groups (e.g. "0000-00d2")', gid);
  }
  return idResult(BigInt(`0x${gid.replace(/^0x/i, '').replaceAll('-', '')}`), options, 'gid2int');
}

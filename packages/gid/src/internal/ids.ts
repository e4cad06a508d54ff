// Numeric ids behind the slugs: parsing hex text, checking ranges, formatting groups of four hex
// digits. Everything is done on bigint so that 64-bit ids never pass through a float.
import { GidError, gidError } from '../errors.js';

/** `0x` + hex digits, one run of hex digits, or several groups of exactly four hex digits. */
const HEX_ID = /^(?:0x[0-9a-f]+|[0-9a-f]+|[0-9a-f]{4}(?:-[0-9a-f]{4})+)$/i;

/** An integer id as the caller gave it, made exact: a `number` must be a safe integer. */
export function integerToBigInt(value: number | bigint, where: string): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isInteger(value)) {
    throw gidError(where, 'an integer', value);
  }
  if (!Number.isSafeInteger(value)) {
    throw gidError(where, 'a safe integer (pass ids above Number.MAX_SAFE_INTEGER as a bigint)', value);
  }
  return BigInt(value);
}

/**
 * Parses the id part of a slug (`0000-0000-0000-00d2`, the short form `00d2`, or `0x00d2`) to its value.
 * `input` is what the caller passed, for the error message.
 */
export function parseHexId(text: string, where: string, input: unknown): bigint {
  if (!HEX_ID.test(text)) {
    throw gidError(
      where,
      'a hex id: groups of four hex digits ("0000-00d2"), one run of hex digits ("00d2") or "0x00d2"',
      input,
    );
  }
  return BigInt(`0x${text.replace(/^0x/i, '').replaceAll('-', '')}`);
}

/** Throws unless `min <= value < 16^hexDigits`. */
export function checkRange(
  value: bigint,
  hexDigits: number,
  min: bigint,
  where: string,
  input: unknown,
): bigint {
  if (value < min || value >= 1n << BigInt(hexDigits * 4)) {
    throw gidError(where, `an id from ${min} to 0x${'f'.repeat(hexDigits)}`, input);
  }
  return value;
}

/** Formats an in-range value as `groups` groups of four lower-case hex digits joined by `-`. */
export function formatGroups(value: bigint, groups: number): string {
  const hex = value.toString(16).padStart(groups * 4, '0');
  const parts: string[] = [];
  for (let start = 0; start < hex.length; start += 4) {
    parts.push(hex.slice(start, start + 4));
  }
  return parts.join('-');
}

/** Options of `getId()` and `gid2int()`: `{ bigint: true }` returns a bigint (exact for 64-bit ids). */
export interface IdOptions {
  bigint?: boolean;
}

/** Returns the id as a bigint when asked, else as a number, refusing to round one above 2^53 - 1. */
export function idResult(value: bigint, options: IdOptions | undefined, where: string): number | bigint {
  if (options?.bigint) {
    return value;
  }
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new GidError(
      `${where}: the id ${value}n is above Number.MAX_SAFE_INTEGER and cannot be a number; ` +
        'ask for a bigint with { bigint: true }',
      value,
    );
  }
  return Number(value);
}

// Reading the id argument of the classes whose slug holds one id (project, device, fleet), the way
// Python's constructors read it: an integer, a bare hex id, or a slug with the right type prefix.
import { IOTileCloudSlug } from '../base.js';
import { gidError } from '../errors.js';
import { checkRange, integerToBigInt, parseHexId } from './ids.js';

/**
 * Returns the id part of `<prefix>--<id>`, or the whole text when it has no `--` (a bare id).
 * Anything else (another prefix, more terms) is an error.
 */
export function idPart(text: string, prefix: string, where: string, input: unknown): string {
  const parts = text.split('--');
  if (parts.length === 1) {
    return text;
  }
  if (parts.length !== 2) {
    throw gidError(where, `a single id after "${prefix}--" (one "--" separator)`, input);
  }
  if (parts[0] !== prefix) {
    throw gidError(where, `a slug starting with "${prefix}--" or a bare hex id`, input);
  }
  return parts[1] ?? '';
}

/**
 * The value of a single-id slug argument, range-checked to `0 <= id < 16^hexDigits`.
 * Slug objects are read through their slug text, so a slug of another kind fails the prefix check.
 */
export function readSingleId(input: unknown, prefix: string, hexDigits: number, where: string): bigint {
  const value = input instanceof IOTileCloudSlug ? input.toString() : input;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return checkRange(integerToBigInt(value, where), hexDigits, 0n, where, input);
  }
  if (typeof value !== 'string') {
    throw gidError(where, `an integer, a hex id or a "${prefix}--" slug`, input);
  }
  const id = parseHexId(idPart(value, prefix, where, input), where, input);
  return checkRange(id, hexDigits, 0n, where, input);
}

/** The numeric value of an already canonical id part (`0000-0000-0000-00d2`). */
export function canonicalValue(formattedId: string): bigint {
  return BigInt(`0x${formattedId.replaceAll('-', '')}`);
}

import { IOTileCloudSlug } from './base.js';
// Only named in a parameter type: the import is erased, a block bundle does not pull in devices.
import type { IOTileDeviceSlug } from './device.js';
import { gidError } from './errors.js';
import {
  checkRange,
  formatGroups,
  type IdOptions,
  idResult,
  integerToBigInt,
  parseHexId,
} from './internal/ids.js';
import { canonicalValue } from './internal/single-id.js';
import type { BlockSlugString } from './types.js';

const WHERE = 'IOTileBlockSlug';
/** A full `b--` id: the block number group, then the three device groups. */
const BLOCK_ID = /^[0-9a-f]{4}(?:-[0-9a-f]{4}){3}$/i;

/**
 * A data block's global id: `b--0001-0000-0000-00d2`, the block number (16 bits) followed by the id
 * of the device it was archived from (48 bits).
 *
 * `id` is an integer (above 2^48 its top 16 bits are the block number), a hex id (`'00d2'`), a
 * device slug (`'d--00d2'`, or the 64-bit form `'d--0001-0000-0000-00d2'` that carries the block),
 * a complete `b--` slug, or an `IOTileDeviceSlug` / `IOTileBlockSlug`. `block` gives the block
 * number when the id does not carry one; when both give a non-zero block, they must agree.
 * As in Python, integers and bare hex ids must be above zero, slugs may be all zeros.
 */
export class IOTileBlockSlug extends IOTileCloudSlug<BlockSlugString> {
  constructor(id: number | bigint | string | IOTileDeviceSlug | IOTileBlockSlug, block?: number | bigint) {
    super(blockSlug(id, block));
  }

  /** The id of the device this block came from (as Python: blocks answer like devices). */
  getId(options?: { bigint?: false }): number;
  getId(options: { bigint: true }): bigint;
  getId(options?: IdOptions): number | bigint;
  getId(options?: IdOptions): number | bigint {
    return idResult(canonicalValue(this.formattedId().slice(5)), options, 'IOTileBlockSlug.getId');
  }

  /** The block number (the first group of the id). */
  getBlock(): number {
    return Number.parseInt(this.formattedId().slice(0, 4), 16);
  }
}

function blockSlug(input: unknown, block: unknown): BlockSlugString {
  const requested =
    block === undefined
      ? undefined
      : checkRange(
          integerToBigInt(block as number | bigint, `${WHERE} block`),
          4,
          0n,
          `${WHERE} block`,
          block,
        );
  const value = input instanceof IOTileCloudSlug ? input.toString() : input;
  let full: bigint;
  let carriesBlock = false;
  if (typeof value === 'number' || typeof value === 'bigint') {
    full = checkRange(integerToBigInt(value, WHERE), 16, 1n, WHERE, input);
  } else if (typeof value === 'string') {
    const parts = value.split('--');
    const [prefix, rest = ''] = parts;
    if (parts.length === 1) {
      full = checkRange(parseHexId(value, WHERE, input), 16, 1n, WHERE, input);
    } else if (parts.length !== 2) {
      throw gidError(WHERE, 'a single id after "b--" or "d--" (one "--" separator)', input);
    } else if (prefix === 'b') {
      if (!BLOCK_ID.test(rest)) {
        throw gidError(WHERE, 'a complete data block slug "b--xxxx-xxxx-xxxx-xxxx"', input);
      }
      full = parseHexId(rest, WHERE, input);
      carriesBlock = true;
    } else if (prefix === 'd') {
      full = checkRange(parseHexId(rest, WHERE, input), 16, 0n, WHERE, input);
    } else {
      throw gidError(WHERE, 'a slug starting with "b--" or "d--", or a bare hex id', input);
    }
  } else {
    throw gidError(WHERE, 'an integer, a hex id, a "d--" slug or a "b--" slug', input);
  }

  const embedded = full >> 48n;
  let blockNumber = embedded;
  if (embedded === 0n && !carriesBlock) {
    blockNumber = requested ?? 0n;
  } else if (requested !== undefined && requested !== embedded) {
    throw gidError(
      WHERE,
      `the block argument (${requested}) to equal the block number in the id (${embedded})`,
      input,
    );
  }
  return `b--${formatGroups((blockNumber << 48n) | (full & 0xffffffffffffn), 4)}`;
}

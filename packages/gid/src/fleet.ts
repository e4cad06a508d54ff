import { IOTileCloudSlug } from './base.js';
import { formatGroups, type IdOptions, idResult } from './internal/ids.js';
import { canonicalValue, readSingleId } from './internal/single-id.js';
import type { FleetSlugString } from './types.js';

/**
 * A fleet's global id: `g--0000-0000-0001` (48 bits).
 *
 * Accepts an integer, a hex id (`'0005'`, `'0x5'`), a `g--` slug (short forms such as
 * `'g--1234'` are padded) or another `IOTileFleetSlug`.
 */
export class IOTileFleetSlug extends IOTileCloudSlug<FleetSlugString> {
  constructor(id: number | bigint | string | IOTileFleetSlug) {
    super(`g--${formatGroups(readSingleId(id, 'g', 12, 'IOTileFleetSlug'), 3)}`);
  }

  /** The fleet id. Always below 2^48, so a number unless `{ bigint: true }` is given. */
  getId(options?: { bigint?: false }): number;
  getId(options: { bigint: true }): bigint;
  getId(options?: IdOptions): number | bigint;
  getId(options?: IdOptions): number | bigint {
    return idResult(canonicalValue(this.formattedId()), options, 'IOTileFleetSlug.getId');
  }
}

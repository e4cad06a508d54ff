import { IOTileCloudSlug } from './base.js';
import { formatGroups, type IdOptions, idResult } from './internal/ids.js';
import { canonicalValue, readSingleId } from './internal/single-id.js';
import type { ProjectSlugString } from './types.js';

/**
 * A project's global id: `p--0000-0001` (32 bits; `p--0000-0000` stands for "no project").
 *
 * Accepts an integer (`5`, `5n`), a hex id (`'0005'`, `'0000-0005'`, `'0x5'`), a `p--` slug
 * (short forms such as `'p--0005'` are padded) or another `IOTileProjectSlug`.
 */
export class IOTileProjectSlug extends IOTileCloudSlug<ProjectSlugString> {
  constructor(id: number | bigint | string | IOTileProjectSlug) {
    super(`p--${formatGroups(readSingleId(id, 'p', 8, 'IOTileProjectSlug'), 2)}`);
  }

  /** The project id. Always below 2^32, so a number unless `{ bigint: true }` is given. */
  getId(options?: { bigint?: false }): number;
  getId(options: { bigint: true }): bigint;
  getId(options?: IdOptions): number | bigint;
  getId(options?: IdOptions): number | bigint {
    return idResult(canonicalValue(this.formattedId()), options, 'IOTileProjectSlug.getId');
  }
}

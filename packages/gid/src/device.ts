import { IOTileCloudSlug } from './base.js';
import { formatGroups, type IdOptions, idResult } from './internal/ids.js';
import { canonicalValue, readSingleId } from './internal/single-id.js';
import type { DeviceSlugString } from './types.js';

/**
 * A device's global id: `d--0000-0000-0000-00d2`.
 *
 * Device ids are 48 bits, but with `allow64bits` (the default, as in Python) the id may use all
 * 64 bits: `d--0001-0000-0000-00d2` names the device of data block 1. Accepts an integer
 * (a bigint for ids above 2^53 - 1), a hex id (`'00d2'`, `'0000-0000-00d2'`, `'0xd2'`), a `d--` slug
 * (short forms such as `'d--00d2'` are padded) or another `IOTileDeviceSlug`.
 */
export class IOTileDeviceSlug extends IOTileCloudSlug<DeviceSlugString> {
  constructor(id: number | bigint | string | IOTileDeviceSlug, allow64bits = true) {
    super(`d--${formatGroups(readSingleId(id, 'd', allow64bits ? 16 : 12, 'IOTileDeviceSlug'), 4)}`);
  }

  /**
   * The device id. A number by default, which is exact for every id up to 2^53 - 1 (all ordinary
   * 48-bit device ids); a 64-bit id above that throws a `GidError` instead of rounding, so ask for
   * `getId({ bigint: true })` when ids may be that large.
   */
  getId(options?: { bigint?: false }): number;
  getId(options: { bigint: true }): bigint;
  getId(options?: IdOptions): number | bigint;
  getId(options?: IdOptions): number | bigint {
    return idResult(canonicalValue(this.formattedId()), options, 'IOTileDeviceSlug.getId');
  }
}

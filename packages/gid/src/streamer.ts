import { IOTileCloudSlug } from './base.js';
import type { IOTileDeviceSlug } from './device.js';
import { checkRange, formatGroups, integerToBigInt } from './internal/ids.js';
import { readSingleId } from './internal/single-id.js';
import type { DeviceSlugString, StreamerSlugString } from './types.js';

const WHERE = 'IOTileStreamerSlug';

/**
 * A streamer's global id: `t--0000-0000-0000-00d2--0001`, the device followed by the streamer's
 * 16-bit index on that device (usually a small number).
 *
 * `device` is anything `IOTileDeviceSlug` accepts (an integer, a hex id, a `d--` slug or a slug
 * object); `index` an integer from 0 to 0xffff.
 */
export class IOTileStreamerSlug extends IOTileCloudSlug<StreamerSlugString> {
  constructor(device: number | bigint | string | IOTileDeviceSlug, index: number | bigint) {
    const deviceId = readSingleId(device, 'd', 16, `${WHERE} device`);
    const indexValue = checkRange(integerToBigInt(index, `${WHERE} index`), 4, 0n, `${WHERE} index`, index);
    super(`t--${formatGroups(deviceId, 4)}--${formatGroups(indexValue, 1)}`);
  }

  /** The device's slug, e.g. `d--0000-0000-0000-00d2`. */
  getDevice(): DeviceSlugString {
    return `d--${this.toString().slice(3, 22)}`;
  }

  /** The streamer index as four hex digits, e.g. `0001`. */
  getIndex(): string {
    return this.toString().slice(24);
  }
}

/**
 * Slug parsing and formatting for the mock, on top of `@iotile/gid`. Every slug the mock reads from a URL,
 * a query string, a fixture or a report goes through this file, so the server compares normalised slugs
 * only (`d--d2` and `d--0000-0000-0000-00d2` name the same device, as on the real server).
 */
import {
  GidError,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileFleetSlug,
  IOTileProjectSlug,
  IOTileStreamerSlug,
  IOTileStreamSlug,
  IOTileVariableSlug,
  parseSlug,
} from '@iotile/gid';

/** Thrown for a string that is not a slug of the expected kind (`@iotile/gid`'s error). */
export { GidError as SlugError };

/** `d--0000-0000-0000-00d2` from `210`, `'d2'`, `'d--00d2'`, `'0000-0000-0000-00d2'`, ... (64-bit ids allowed). */
export function deviceSlug(input: string | number | bigint): string {
  return new IOTileDeviceSlug(input).toString();
}

/** The numeric id of a device slug (throws for ids above 2^53, which no real device has). */
export function deviceId(input: string | number | bigint): number {
  return new IOTileDeviceSlug(input).getId();
}

/** `p--0000-0077` (32-bit). */
export function projectSlug(input: string | number | bigint): string {
  return new IOTileProjectSlug(input).toString();
}

/** `g--0000-0000-0001` (48-bit). */
export function fleetSlug(input: string | number | bigint): string {
  return new IOTileFleetSlug(input).toString();
}

/** `b--0001-0000-0000-04e7`: a data block (block number in the first group, device id in the rest). */
export function blockSlug(input: string): string {
  if (!input.trim().toLowerCase().startsWith('b--')) {
    throw new GidError(`data block slug: expected "b--xxxx-xxxx-xxxx-xxxx"; got "${input}"`, input);
  }
  return new IOTileBlockSlug(input.trim()).toString();
}

/** `t--0000-0000-0000-000a--0001`: the streamer `index` of a device. */
export function streamerSlug(device: string | number | bigint, index: number): string {
  return new IOTileStreamerSlug(device, index).toString();
}

/** Normalises `t--<device>--<index>` (short forms allowed). */
export function normaliseStreamerSlug(input: string): string {
  const info = parseSlug(input.trim());
  if (info.kind !== 'streamer') {
    throw new GidError(`streamer slug: expected "t--<device>--<index>"; got "${input}"`, input);
  }
  return info.slug;
}

/** `v--0000-0077--5001`. */
export function variableSlug(project: string | number, lid: string | number): string {
  return new IOTileVariableSlug(lid, new IOTileProjectSlug(project)).toString();
}

/** Normalises `v--<project>--<local id>`. */
export function normaliseVariableSlug(input: string): string {
  const info = parseSlug(input.trim());
  if (info.kind !== 'variable') {
    throw new GidError(`variable slug: expected "v--<project>--<local id>"; got "${input}"`, input);
  }
  return info.slug;
}

export interface StreamSlugParts {
  slug: string;
  project: string;
  device: string;
  variable: string;
  /** The 16-bit local variable id (`0x5001`). */
  lid: number;
  /** True when the device part is a data block (`s--…--0001-0000-0000-04e7--…`), i.e. a block stream. */
  isBlock: boolean;
  /** `b--…` for block streams, otherwise null. */
  block: string | null;
}

/** Parses and normalises `s--PPPP-PPPP--DDDD-DDDD-DDDD-DDDD--VVVV` (short groups are padded). */
export function parseStreamSlug(input: string): StreamSlugParts {
  if (!input.trim().toLowerCase().startsWith('s--')) {
    throw new GidError(`stream slug: expected "s--<project>--<device>--<variable>"; got "${input}"`, input);
  }
  const stream = new IOTileStreamSlug(input.trim());
  const { project, device, variable } = stream.getParts();
  const blockNumber = device.slice(3, 7);
  const isBlock = blockNumber !== '0000';
  return {
    slug: stream.toString(),
    project,
    device,
    variable,
    lid: Number.parseInt(variable.slice(-4), 16),
    isBlock,
    block: isBlock ? `b--${device.slice(3)}` : null,
  };
}

export function streamSlug(project: string | number, device: string | number, lid: number): string {
  return IOTileStreamSlug.fromParts(project, device, lid).toString();
}

/** Runs a parse function, returning null instead of throwing for an invalid slug. */
export function tryParse<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if (err instanceof GidError) {
      return null;
    }
    throw err;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Django's `slugify`: lower case, drop what is not a word character, spaces and dashes to one dash. */
export function slugify(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

import { IOTileBlockSlug } from './block.js';
import { IOTileDeviceSlug } from './device.js';
import { gidError } from './errors.js';
import { IOTileFleetSlug } from './fleet.js';
import { checkRange, parseHexId } from './internal/ids.js';
import { IOTileProjectSlug } from './project.js';
import { IOTileStreamSlug } from './stream.js';
import { IOTileStreamerSlug } from './streamer.js';
import type {
  BlockSlugString,
  DeviceSlugString,
  FleetSlugString,
  ProjectSlugString,
  StreamerSlugString,
  StreamSlugString,
  VariableSlugString,
} from './types.js';
import { IOTileVariableSlug } from './variable.js';

/** `p--` slug: the 32-bit project id. */
export interface ProjectSlugInfo {
  kind: 'project';
  slug: ProjectSlugString;
  id: number;
}

/** `d--` slug: the device id, a bigint because it may use 64 bits (`d--0001-...` names a block's device). */
export interface DeviceSlugInfo {
  kind: 'device';
  slug: DeviceSlugString;
  id: bigint;
}

/** `g--` slug: the 48-bit fleet id. */
export interface FleetSlugInfo {
  kind: 'fleet';
  slug: FleetSlugString;
  id: number;
}

/** `b--` slug: the 48-bit id of the block's device (as `IOTileBlockSlug.getId()`) and the block number. */
export interface BlockSlugInfo {
  kind: 'block';
  slug: BlockSlugString;
  id: number;
  block: number;
}

/** `t--` slug: the streamer's device and its index on that device. */
export interface StreamerSlugInfo {
  kind: 'streamer';
  slug: StreamerSlugString;
  device: DeviceSlugString;
  index: number;
}

/** `v--` slug: the variable's project and its 16-bit local id. */
export interface VariableSlugInfo {
  kind: 'variable';
  slug: VariableSlugString;
  project: ProjectSlugString;
  localId: number;
}

/** `s--` slug: the stream's project, device and variable slugs (as `IOTileStreamSlug.getParts()`). */
export interface StreamSlugInfo {
  kind: 'stream';
  slug: StreamSlugString;
  project: ProjectSlugString;
  device: DeviceSlugString;
  variable: VariableSlugString;
}

/** What `parseSlug` returns: one member per slug kind, told apart by `kind`. */
export type SlugInfo =
  | ProjectSlugInfo
  | DeviceSlugInfo
  | FleetSlugInfo
  | BlockSlugInfo
  | StreamerSlugInfo
  | VariableSlugInfo
  | StreamSlugInfo;

/** The kinds of slug: `'project' | 'device' | ...`. */
export type SlugKind = SlugInfo['kind'];

/**
 * The result type of `parseSlug` for an input type: a string whose type shows its prefix (a literal,
 * or a type such as `DeviceSlugString`) gives that kind's info; any other string gives `SlugInfo`.
 */
export type SlugInfoFor<S extends string> = string extends S
  ? SlugInfo
  : S extends `p--${string}`
    ? ProjectSlugInfo
    : S extends `d--${string}`
      ? DeviceSlugInfo
      : S extends `g--${string}`
        ? FleetSlugInfo
        : S extends `b--${string}`
          ? BlockSlugInfo
          : S extends `t--${string}`
            ? StreamerSlugInfo
            : S extends `v--${string}`
              ? VariableSlugInfo
              : S extends `s--${string}`
                ? StreamSlugInfo
                : SlugInfo;

/**
 * Reads any slug, telling its kind from the prefix (`p--`, `d--`, `g--`, `b--`, `t--`, `v--`, `s--`),
 * and returns the canonical slug with its ids. Short forms are padded as by the classes
 * (`parseSlug('d--00d2').slug` is `d--0000-0000-0000-00d2`). Anything else throws a `GidError`.
 */
export function parseSlug<S extends string>(value: S): SlugInfoFor<S>;
export function parseSlug(value: string): SlugInfo {
  if (typeof value !== 'string') {
    throw gidError('parseSlug', 'a slug string', value);
  }
  switch (value.slice(0, 3)) {
    case 'p--': {
      const slug = new IOTileProjectSlug(value);
      return { kind: 'project', slug: slug.toString(), id: slug.getId() };
    }
    case 'd--': {
      const slug = new IOTileDeviceSlug(value);
      return { kind: 'device', slug: slug.toString(), id: slug.getId({ bigint: true }) };
    }
    case 'g--': {
      const slug = new IOTileFleetSlug(value);
      return { kind: 'fleet', slug: slug.toString(), id: slug.getId() };
    }
    case 'b--': {
      const slug = new IOTileBlockSlug(value);
      return { kind: 'block', slug: slug.toString(), id: slug.getId(), block: slug.getBlock() };
    }
    case 't--':
      return parseStreamerSlug(value);
    case 'v--': {
      const slug = new IOTileVariableSlug(value);
      const local = slug.formattedLocalId();
      return {
        kind: 'variable',
        slug: slug.toString(),
        project: `p--${slug.formattedId().slice(0, 9)}`,
        localId: Number.parseInt(local, 16),
      };
    }
    case 's--': {
      const slug = new IOTileStreamSlug(value);
      return { kind: 'stream', slug: slug.toString(), ...slug.getParts() };
    }
    default:
      throw gidError('parseSlug', 'a slug starting with p--, d--, g--, b--, t--, v-- or s--', value);
  }
}

/** Python has no parser for streamer slugs; this reads `t--<device>--<index>`. */
function parseStreamerSlug(value: string): StreamerSlugInfo {
  const parts = value.split('--');
  const [, device = '', index = ''] = parts;
  if (parts.length !== 3) {
    throw gidError('parseSlug', 'a streamer slug with two terms: "t--<device>--<index>"', value);
  }
  const where = 'parseSlug streamer index';
  const slug = new IOTileStreamerSlug(
    device,
    checkRange(parseHexId(index, where, value), 4, 0n, where, value),
  );
  return {
    kind: 'streamer',
    slug: slug.toString(),
    device: slug.getDevice(),
    index: Number.parseInt(slug.getIndex(), 16),
  };
}

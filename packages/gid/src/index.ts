export { IOTileCloudSlug } from './base.js';
export { IOTileBlockSlug } from './block.js';
export { IOTileDeviceSlug } from './device.js';
export { GidError } from './errors.js';
export { IOTileFleetSlug } from './fleet.js';
export {
  fixGid,
  gid2int,
  gidJoin,
  gidSplit,
  int2bid,
  int2did,
  int2fid,
  int2pid,
  int2vid,
  int16gid,
  int32gid,
  int48gid,
  int64gid,
  MAX_GID_TERMS,
} from './helpers.js';
export type { IdOptions } from './internal/ids.js';
export type {
  BlockSlugInfo,
  DeviceSlugInfo,
  FleetSlugInfo,
  ProjectSlugInfo,
  SlugInfo,
  SlugInfoFor,
  SlugKind,
  StreamerSlugInfo,
  StreamSlugInfo,
  VariableSlugInfo,
} from './parse-slug.js';
export { parseSlug } from './parse-slug.js';
export { IOTileProjectSlug } from './project.js';
export type {
  StreamDeviceInput,
  StreamProjectInput,
  StreamSlugParts,
  StreamVariableInput,
} from './stream.js';
export { IOTileStreamSlug } from './stream.js';
export { IOTileStreamerSlug } from './streamer.js';
export type {
  BlockSlugString,
  DeviceSlugString,
  FleetSlugString,
  ProjectSlugString,
  SlugString,
  StreamerSlugString,
  StreamSlugString,
  VariableSlugString,
} from './types.js';
export { IOTileVariableSlug } from './variable.js';

// String types of the slugs, one per kind. They check the type prefix and the number of `--`
// separated terms; the hex digits themselves are checked at run time by the classes and `parseSlug`.

/** A project slug: `p--0000-0001` (32-bit id). */
export type ProjectSlugString = `p--${string}`;
/** A device slug: `d--0000-0000-0000-00d2` (48-bit id, 64-bit when it names a data block's device). */
export type DeviceSlugString = `d--${string}`;
/** A fleet slug: `g--0000-0000-0001` (48-bit id). */
export type FleetSlugString = `g--${string}`;
/** A data block slug: `b--0001-0000-0000-00d2` (16-bit block number, then the 48-bit device id). */
export type BlockSlugString = `b--${string}`;
/** A streamer slug: `t--0000-0000-0000-00d2--0001` (device, then the 16-bit streamer index). */
export type StreamerSlugString = `t--${string}--${string}`;
/** A variable slug: `v--0000-0001--5001` (project, then the 16-bit local id). */
export type VariableSlugString = `v--${string}--${string}`;
/** A stream slug: `s--0000-0001--0000-0000-0000-00d2--5001` (project, device, variable local id). */
export type StreamSlugString = `s--${string}--${string}--${string}`;

/** Any slug string this package knows. */
export type SlugString =
  | ProjectSlugString
  | DeviceSlugString
  | FleetSlugString
  | BlockSlugString
  | StreamerSlugString
  | VariableSlugString
  | StreamSlugString;

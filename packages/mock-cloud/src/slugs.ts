/**
 * Slug parsing and formatting for the mock. Every slug the mock reads from a URL, a query string, a
 * fixture or a report goes through this file, so the server compares normalised slugs only
 * (`d--d2` and `d--0000-0000-0000-00d2` name the same device, as on the real server).
 */

/** Thrown for a string that is not a slug of the expected kind. */
export class SlugError extends Error {
  override name = 'SlugError';
}

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function groupsToBigInt(text: string, what: string): bigint {
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  const groups = body.split('-');
  if (body === '' || groups.some((g) => !/^[0-9a-fA-F]+$/.test(g))) {
    throw new SlugError(`${what}: expected hex digits in groups separated by "-", got "${text}"`);
  }
  return BigInt(`0x${groups.join('')}`);
}

function formatGroups(value: bigint, groups: number): string {
  const out: string[] = [];
  for (let i = groups - 1; i >= 0; i--) {
    out.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16).padStart(4, '0'));
  }
  return out.join('-');
}

function splitTyped(input: string, prefix: string, what: string): string {
  const parts = input.split('--');
  if (parts.length === 1) {
    return input;
  }
  if (parts.length !== 2 || parts[0]?.toLowerCase() !== prefix) {
    throw new SlugError(`${what}: expected "${prefix}--<hex>", got "${input}"`);
  }
  return parts[1] ?? '';
}

function idFrom(input: string | number | bigint, prefix: string, bits: number, what: string): bigint {
  let id: bigint;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) {
      throw new SlugError(`${what}: expected an integer id, got ${input}`);
    }
    id = BigInt(input);
  } else if (typeof input === 'bigint') {
    id = input;
  } else {
    id = groupsToBigInt(splitTyped(input.trim(), prefix, what), what);
  }
  if (id < 0n || id >= 1n << BigInt(bits)) {
    throw new SlugError(`${what}: id ${id} is out of range (0 .. 2^${bits} - 1)`);
  }
  return id;
}

/** `d--0000-0000-0000-00d2` from `210`, `'d2'`, `'d--00d2'`, `'0000-0000-0000-00d2'`, ... (64-bit ids allowed). */
export function deviceSlug(input: string | number | bigint): string {
  return `d--${formatGroups(idFrom(input, 'd', 64, 'device slug'), 4)}`;
}

/** The numeric id of a device slug (safe for ids below 2^53, which covers every real device). */
export function deviceId(input: string | number | bigint): number {
  return Number(idFrom(input, 'd', 64, 'device slug'));
}

/** `p--0000-0077` (32-bit). */
export function projectSlug(input: string | number | bigint): string {
  return `p--${formatGroups(idFrom(input, 'p', 32, 'project slug'), 2)}`;
}

/** `g--0000-0000-0001` (48-bit). */
export function fleetSlug(input: string | number | bigint): string {
  return `g--${formatGroups(idFrom(input, 'g', 48, 'fleet slug'), 3)}`;
}

/** `b--0001-0000-0000-04e7`: a data block (block number in the first group, device id in the rest). */
export function blockSlug(input: string): string {
  const body = splitTyped(input.trim(), 'b', 'data block slug');
  const groups = body.split('-');
  if (groups.length !== 4 || !groups.every((g) => HEX_GROUP.test(g))) {
    throw new SlugError(`data block slug: expected "b--xxxx-xxxx-xxxx-xxxx", got "${input}"`);
  }
  return `b--${groups.map((g) => g.toLowerCase().padStart(4, '0')).join('-')}`;
}

/** `t--0000-0000-0000-000a--0001`: the streamer `index` of a device. */
export function streamerSlug(device: string | number | bigint, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 0xffff) {
    throw new SlugError(`streamer slug: index must be an integer 0..65535, got ${index}`);
  }
  const dev = deviceSlug(device).slice(3);
  return `t--${dev}--${index.toString(16).padStart(4, '0')}`;
}

/** Normalises `t--<device>--<index>` (short forms allowed). */
export function normaliseStreamerSlug(input: string): string {
  const parts = input.trim().split('--');
  if (parts.length !== 3 || parts[0]?.toLowerCase() !== 't') {
    throw new SlugError(`streamer slug: expected "t--<device>--<index>", got "${input}"`);
  }
  const index = Number(groupsToBigInt(parts[2] ?? '', 'streamer slug index'));
  return streamerSlug(parts[1] ?? '', index);
}

/** `v--0000-0077--5001`. */
export function variableSlug(project: string | number, lid: string | number): string {
  const pid = projectSlug(project).slice(3);
  const local = typeof lid === 'number' ? BigInt(lid) : groupsToBigInt(lid, 'variable local id');
  if (local < 0n || local > 0xffffn) {
    throw new SlugError(`variable slug: local id out of range (0 .. 0xffff): ${lid}`);
  }
  return `v--${pid}--${formatGroups(local, 1)}`;
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
  const parts = input.trim().split('--');
  if (parts.length !== 4 || parts[0]?.toLowerCase() !== 's') {
    throw new SlugError(`stream slug: expected "s--<project>--<device>--<variable>", got "${input}"`);
  }
  const project = projectSlug(parts[1] === '' ? 0 : (parts[1] ?? ''));
  const devicePart = parts[2] === '' ? '0' : (parts[2] ?? '');
  const device = deviceSlug(devicePart);
  const variable = variableSlug(project, parts[3] ?? '');
  const lid = Number.parseInt(variable.slice(-4), 16);
  const slug = `s--${project.slice(3)}--${device.slice(3)}--${variable.slice(-4)}`;
  const blockNumber = device.slice(3, 7);
  const isBlock = blockNumber !== '0000';
  return { slug, project, device, variable, lid, isBlock, block: isBlock ? `b--${device.slice(3)}` : null };
}

export function streamSlug(project: string | number, device: string | number, lid: number): string {
  return parseStreamSlug(
    `s--${projectSlug(project).slice(3)}--${deviceSlug(device).slice(3)}--${lid.toString(16)}`,
  ).slug;
}

/** Like the parse functions, but returns null instead of throwing. */
export function tryParse<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SlugError) {
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

/**
 * `iotile slug <kind> <value...>`: @iotile/gid conversions and checks. Prints the canonical slug
 * (or, with `--json`, what `parseSlug` reads from it). Numbers made only of decimal digits are
 * decimal ids (`iotile slug device 210` is `d--0000-0000-0000-00d2`); hex needs `0x`, a hex letter,
 * four-digit groups or the slug prefix (`0xd2`, `0000-00d2`, `d--d2`). Variable local ids are hex,
 * as everywhere in IOTile (`iotile slug variable 5001 1` is `v--0000-0001--5001`).
 */

import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

export const SLUG_KINDS = [
  'project',
  'device',
  'fleet',
  'block',
  'streamer',
  'variable',
  'stream',
  'parse',
] as const;
export type SlugKind = (typeof SLUG_KINDS)[number];

const USAGE: Record<SlugKind, string> = {
  project: 'iotile slug project <id>',
  device: 'iotile slug device <id>',
  fleet: 'iotile slug fleet <id>',
  block: 'iotile slug block <device> [<block number>]',
  streamer: 'iotile slug streamer <device> <index>',
  variable: 'iotile slug variable <local id> [<project>]',
  stream: 'iotile slug stream <stream slug> | iotile slug stream <project> <device> <variable>',
  parse: 'iotile slug parse <any slug>',
};

/** A decimal integer as a number (a bigint beyond 2^53); anything else unchanged. */
export function readId(value: string): string | number | bigint {
  if (!/^\d+$/.test(value)) {
    return value;
  }
  const big = BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

export async function slug(
  context: Context,
  kind: string,
  values: readonly string[],
  options: { json?: boolean },
): Promise<void> {
  if (!(SLUG_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `unknown slug kind ${JSON.stringify(kind)}`,
      `expected one of: ${SLUG_KINDS.join(', ')}`,
    );
  }
  const usage = USAGE[kind as SlugKind];
  const arity: Record<SlugKind, number[]> = {
    project: [1],
    device: [1],
    fleet: [1],
    block: [1, 2],
    streamer: [2],
    variable: [1, 2],
    stream: [1, 3],
    parse: [1],
  };
  if (!arity[kind as SlugKind].includes(values.length)) {
    throw new UsageError(`slug ${kind}: wrong number of values (${values.length})`, `usage: ${usage}`);
  }
  const gid = await import('@iotile/gid');
  const [first = '', second, third] = values;
  let text: string;
  try {
    switch (kind as SlugKind) {
      case 'project':
        text = new gid.IOTileProjectSlug(readId(first)).toString();
        break;
      case 'device':
        text = new gid.IOTileDeviceSlug(readId(first)).toString();
        break;
      case 'fleet':
        text = new gid.IOTileFleetSlug(readId(first)).toString();
        break;
      case 'block':
        text = new gid.IOTileBlockSlug(
          readId(first),
          second === undefined ? undefined : (readId(second) as number),
        ).toString();
        break;
      case 'streamer':
        text = new gid.IOTileStreamerSlug(readId(first), readId(second ?? '') as number).toString();
        break;
      case 'variable':
        text = new gid.IOTileVariableSlug(
          first,
          second === undefined ? undefined : (readId(second) as never),
        ).toString();
        break;
      case 'stream':
        text =
          values.length === 1
            ? new gid.IOTileStreamSlug(first).toString()
            : gid.IOTileStreamSlug.fromParts(
                readId(first) as never,
                readId(second ?? '') as never,
                third ?? '',
              ).toString();
        break;
      case 'parse':
        text = gid.parseSlug(first).slug;
        break;
    }
  } catch (error) {
    if ((error as Error).name === 'GidError') {
      throw new UsageError((error as Error).message, `usage: ${usage}`);
    }
    throw error;
  }
  if (options.json) {
    const info = gid.parseSlug(text);
    context.io.stdout.write(
      `${JSON.stringify(info, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`,
    );
    return;
  }
  context.io.stdout.write(`${text}\n`);
}

// Property tests: every id round-trips through every accepted form, what is accepted comes out
// canonical, and nothing but a GidError is ever thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fixGid,
  GidError,
  gid2int,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileFleetSlug,
  IOTileProjectSlug,
  IOTileStreamerSlug,
  IOTileStreamSlug,
  IOTileVariableSlug,
  int64gid,
  parseSlug,
} from '../src/index.js';
import { CANONICAL } from './canonical.js';

const RUNS = { numRuns: 300 };
const hex = (value: bigint) => value.toString(16);
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });

/** Every spelling of one id that the constructors accept: number or bigint, short or padded hex, 0x. */
function spellings(value: bigint, prefix: string): Array<number | bigint | string> {
  const forms: Array<number | bigint | string> = [
    value,
    hex(value),
    `0x${hex(value)}`,
    `${prefix}--${hex(value)}`,
  ];
  if (value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    forms.push(Number(value));
  }
  return forms;
}

describe('formatting then parsing gives the same id', () => {
  it('project', () => {
    fc.assert(
      fc.property(uint(32), (id) => {
        for (const form of spellings(id, 'p')) {
          const slug = new IOTileProjectSlug(form);
          expect(slug.getId()).toBe(Number(id));
          expect(parseSlug(slug.toString())).toEqual({
            kind: 'project',
            slug: slug.toString(),
            id: Number(id),
          });
        }
      }),
      RUNS,
    );
  });

  it('device, all 64 bits', () => {
    fc.assert(
      fc.property(uint(64), (id) => {
        for (const form of spellings(id, 'd')) {
          const slug = new IOTileDeviceSlug(form);
          expect(slug.getId({ bigint: true })).toBe(id);
          expect(parseSlug(slug.toString())).toEqual({ kind: 'device', slug: slug.toString(), id });
          expect(gid2int(slug.formattedId(), { bigint: true })).toBe(id);
        }
      }),
      RUNS,
    );
  });

  it('fleet', () => {
    fc.assert(
      fc.property(uint(48), (id) => {
        for (const form of spellings(id, 'g')) {
          const slug = new IOTileFleetSlug(form);
          expect(slug.getId()).toBe(Number(id));
          expect(parseSlug(slug.toString())).toMatchObject({ kind: 'fleet', id: Number(id) });
        }
      }),
      RUNS,
    );
  });

  it('data block, from a device id and a block number or from one 64-bit id', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 48n) - 1n }), uint(16), (device, block) => {
        const fromParts = new IOTileBlockSlug(device, block);
        const fromWhole = new IOTileBlockSlug((block << 48n) | device);
        const fromDeviceSlug = new IOTileBlockSlug(new IOTileDeviceSlug(device), block);
        for (const slug of [fromParts, fromWhole, fromDeviceSlug]) {
          expect(slug.getId()).toBe(Number(device));
          expect(slug.getBlock()).toBe(Number(block));
        }
        expect(fromWhole.toString()).toBe(fromParts.toString());
        expect(fromDeviceSlug.toString()).toBe(fromParts.toString());
        expect(parseSlug(fromParts.toString())).toEqual({
          kind: 'block',
          slug: fromParts.toString(),
          id: Number(device),
          block: Number(block),
        });
      }),
      RUNS,
    );
  });

  it('variable', () => {
    fc.assert(
      fc.property(uint(32), fc.integer({ min: 1, max: 0xffff }), (project, local) => {
        const slug = new IOTileVariableSlug(local, project);
        expect(new IOTileVariableSlug(slug.formattedLocalId(), project).toString()).toBe(slug.toString());
        expect(parseSlug(slug.toString())).toEqual({
          kind: 'variable',
          slug: slug.toString(),
          project: new IOTileProjectSlug(project).toString(),
          localId: local,
        });
      }),
      RUNS,
    );
  });

  it('stream', () => {
    fc.assert(
      fc.property(uint(32), uint(64), fc.integer({ min: 1, max: 0xffff }), (project, device, local) => {
        const stream = IOTileStreamSlug.fromParts(project, device, local);
        const info = parseSlug(stream.toString());
        if (info.kind !== 'stream') {
          throw new Error(`parsed as ${info.kind}`);
        }
        expect(new IOTileProjectSlug(info.project).getId()).toBe(Number(project));
        expect(new IOTileDeviceSlug(info.device).getId({ bigint: true })).toBe(device);
        expect(new IOTileVariableSlug(info.variable).formattedLocalId()).toBe(
          new IOTileVariableSlug(local).formattedLocalId(),
        );
        expect(IOTileStreamSlug.fromParts(info.project, info.device, info.variable).toString()).toBe(
          stream.toString(),
        );
      }),
      RUNS,
    );
  });

  it('streamer', () => {
    fc.assert(
      fc.property(uint(64), fc.integer({ min: 0, max: 0xffff }), (device, index) => {
        const streamer = new IOTileStreamerSlug(device, index);
        expect(parseSlug(streamer.toString())).toEqual({
          kind: 'streamer',
          slug: streamer.toString(),
          device: new IOTileDeviceSlug(device).toString(),
          index,
        });
      }),
      RUNS,
    );
  });

  it('fixGid keeps the value of a gid', () => {
    fc.assert(
      fc.property(uint(64), fc.integer({ min: 4, max: 8 }), (value, terms) => {
        const short = int64gid(value).replace(/^(0000-)+/, ''); // as few groups as the value needs
        const fixed = fixGid(short, terms);
        expect(fixed.split('-')).toHaveLength(terms);
        expect(gid2int(fixed, { bigint: true })).toBe(value);
      }),
      RUNS,
    );
  });
});

/** Text made of the characters slugs are made of, so that many samples come close to valid. */
const slugLike = fc.string({
  unit: fc.constantFrom(
    'p',
    'd',
    'g',
    'b',
    't',
    'v',
    's',
    'x',
    '-',
    '--',
    '0',
    '1',
    'a',
    'f',
    'F',
    'z',
    ' ',
    '0000',
    '0x',
  ),
  maxLength: 24,
});
const anyText = fc.oneof(slugLike, fc.string(), fc.string({ unit: 'binary' }));

/** Runs `build`; a result must be canonical, a failure must be a GidError. */
function parsesOrThrowsGidError(build: () => { toString(): string }, canonical: RegExp): void {
  let text: string;
  try {
    text = build().toString();
  } catch (error) {
    expect(error).toBeInstanceOf(GidError);
    return;
  }
  expect(text).toMatch(canonical);
}

describe('any string either parses to a canonical slug or throws a GidError', () => {
  it('parseSlug', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const info = parseSlug(text);
          expect(info.slug).toMatch(CANONICAL[info.kind]);
          expect(parseSlug(info.slug)).toEqual(info);
        } catch (error) {
          expect(error).toBeInstanceOf(GidError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the constructors', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        parsesOrThrowsGidError(() => new IOTileProjectSlug(text), CANONICAL.project);
        parsesOrThrowsGidError(() => new IOTileDeviceSlug(text), CANONICAL.device);
        parsesOrThrowsGidError(() => new IOTileDeviceSlug(text, false), CANONICAL.device);
        parsesOrThrowsGidError(() => new IOTileFleetSlug(text), CANONICAL.fleet);
        parsesOrThrowsGidError(() => new IOTileBlockSlug(text), CANONICAL.block);
        parsesOrThrowsGidError(() => new IOTileBlockSlug(text, 7), CANONICAL.block);
        parsesOrThrowsGidError(() => new IOTileVariableSlug(text), CANONICAL.variable);
        parsesOrThrowsGidError(() => new IOTileStreamSlug(text), CANONICAL.stream);
        parsesOrThrowsGidError(() => new IOTileStreamerSlug(text, 1), CANONICAL.streamer);
      }),
      { numRuns: 1000 },
    );
  });

  it('values of any type, not only strings', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const input = value as string;
        parsesOrThrowsGidError(() => new IOTileProjectSlug(input), CANONICAL.project);
        parsesOrThrowsGidError(() => new IOTileDeviceSlug(input), CANONICAL.device);
        parsesOrThrowsGidError(() => new IOTileBlockSlug(input), CANONICAL.block);
        parsesOrThrowsGidError(() => new IOTileVariableSlug(input, input), CANONICAL.variable);
        parsesOrThrowsGidError(() => IOTileStreamSlug.fromParts(input, input, input), CANONICAL.stream);
        parsesOrThrowsGidError(() => ({ toString: () => String(gid2int(input, { bigint: true })) }), /^\d+$/);
      }),
      { numRuns: 500 },
    );
  });
});

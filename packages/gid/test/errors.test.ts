import { describe, expect, it } from 'vitest';
import {
  GidError,
  gid2int,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileProjectSlug,
  IOTileStreamSlug,
  IOTileVariableSlug,
  parseSlug,
} from '../src/index.js';

function caught(run: () => unknown): GidError {
  try {
    run();
  } catch (error) {
    if (error instanceof GidError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a GidError');
}

describe('GidError', () => {
  it('is an Error named GidError that keeps the rejected input', () => {
    const error = caught(() => new IOTileDeviceSlug('x--0000-0000-0000-0001'));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GidError');
    expect(error.input).toBe('x--0000-0000-0000-0001');
    expect(error.stack).toContain('GidError');
  });

  it.each<[string, () => unknown, string]>([
    [
      'wrong prefix',
      () => new IOTileDeviceSlug('x--0000-0000-0000-0001'),
      'IOTileDeviceSlug: expected a slug starting with "d--" or a bare hex id; got "x--0000-0000-0000-0001"',
    ],
    [
      'not hex',
      () => new IOTileProjectSlug('string'),
      'IOTileProjectSlug: expected a hex id: groups of four hex digits ("0000-00d2"), one run of hex digits ("00d2") or "0x00d2"; got "string"',
    ],
    [
      'out of range',
      () => new IOTileDeviceSlug('d--1234-0000-0000-0001', false),
      'IOTileDeviceSlug: expected an id from 0 to 0xffffffffffff; got "d--1234-0000-0000-0001"',
    ],
    [
      'wrong number of terms',
      () => new IOTileStreamSlug('s--0001'),
      'IOTileStreamSlug: expected a stream slug with three terms: "s--<project>--<device>--<variable>"; got "s--0001"',
    ],
    [
      'wrong type',
      () => new IOTileProjectSlug([] as unknown as string),
      'IOTileProjectSlug: expected an integer, a hex id or a "p--" slug; got an array',
    ],
    [
      'a bad term of a stream slug',
      () => new IOTileStreamSlug('s--0000-0001--0000-0000-0000-0002--50011'),
      'IOTileStreamSlug variable part "50011": expected an id from 0 to 0xffff; got "s--0000-0001--0000-0000-0000-0002--50011"',
    ],
    [
      'a bad argument of a block',
      () => new IOTileBlockSlug(5, 0x10000),
      'IOTileBlockSlug block: expected an id from 0 to 0xffff; got 65536',
    ],
    [
      'a bad project of a variable',
      () => new IOTileVariableSlug(5, 'g--0001'),
      'IOTileVariableSlug project: expected a slug starting with "p--" or a bare hex id; got "g--0001"',
    ],
    [
      'a helper',
      () => gid2int('zz'),
      'gid2int: expected hex digits, optionally in "-" separated groups (e.g. "0000-00d2"); got "zz"',
    ],
    [
      'an unknown slug kind',
      () => parseSlug('a--0000-0001'),
      'parseSlug: expected a slug starting with p--, d--, g--, b--, t--, v-- or s--; got "a--0000-0001"',
    ],
  ])('names the input and the expectation: %s', (_name, run, message) => {
    expect(caught(run).message).toBe(message);
  });

  it('shortens a very long input in the message but keeps it whole in `input`', () => {
    const long = `d--${'0'.repeat(500)}x`;
    const error = caught(() => new IOTileDeviceSlug(long));
    expect(error.message.length).toBeLessThan(250);
    expect(error.message).toContain('…"');
    expect(error.input).toBe(long);
  });
});

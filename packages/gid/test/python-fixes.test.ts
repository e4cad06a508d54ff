// Where python_iotile_cloud 0.9.14 is plainly wrong, this package differs on purpose. Each row
// records what Python returned (observed by running it) next to what this package does; the
// README's "Differences from Python" section lists the same cases.
import { describe, expect, it } from 'vitest';
import {
  GidError,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileFleetSlug,
  IOTileProjectSlug,
  IOTileStreamerSlug,
  IOTileStreamSlug,
  IOTileVariableSlug,
} from '../src/index.js';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GidError);
    return (error as GidError).message;
  }
  throw new Error('expected a GidError');
}

describe('error messages name the right range and prefix', () => {
  it.each<[string, () => unknown, string, string]>([
    [
      'fleet prefix (Python: must start with a "p")',
      () => new IOTileFleetSlug('p--0001'),
      '"g--"',
      '"p--0001"',
    ],
    [
      'fleet range for strings (Python: less than 16^8)',
      () => new IOTileFleetSlug('g--0001-0000-0000-0000'),
      'from 0 to 0xffffffffffff',
      '"g--0001-0000-0000-0000"',
    ],
    [
      'fleet range for integers (Python: greater than zero, yet 0 is accepted)',
      () => new IOTileFleetSlug(-1),
      'from 0 to 0xffffffffffff',
      '-1',
    ],
    [
      '64-bit device range (Python: less than 16^12 even when 16^16 is allowed)',
      () => new IOTileDeviceSlug(16n ** 16n),
      'from 0 to 0xffffffffffffffff',
      '18446744073709551616n',
    ],
    [
      '48-bit device range',
      () => new IOTileDeviceSlug(16 ** 12, false),
      'from 0 to 0xffffffffffff',
      '281474976710656',
    ],
    [
      'project range (Python calls the id a UUID)',
      () => new IOTileProjectSlug(-5),
      'from 0 to 0xffffffff',
      '-5',
    ],
  ])('%s', (_name, run, expected, input) => {
    const message = messageOf(run);
    expect(message).toContain(expected);
    expect(message).toContain(`got ${input}`);
  });
});

describe('64-bit ids are not cut to 48 bits', () => {
  it.each<[string, () => { toString(): string }, string, string]>([
    [
      'device from an integer',
      () => new IOTileDeviceSlug(0x1234_0000_0000_0001n),
      'd--0000-0000-0000-0001',
      'd--1234-0000-0000-0001',
    ],
    [
      'device from 0x hex',
      () => new IOTileDeviceSlug('0x1234000000000001'),
      'd--0000-0000-0000-0001',
      'd--1234-0000-0000-0001',
    ],
    [
      'block from an integer carrying the block number',
      () => new IOTileBlockSlug(0x0003_0000_0000_0005n),
      'b--0000-0000-0000-0005',
      'b--0003-0000-0000-0005',
    ],
    [
      'streamer of a 64-bit device',
      () => new IOTileStreamerSlug(0x1234_0000_0000_0001n, 2),
      't--0000-0000-0000-0001--0002',
      't--1234-0000-0000-0001--0002',
    ],
    [
      'data block from a five-group device id',
      () => new IOTileBlockSlug('d--0000-0001-0000-0000-0005'),
      'b--0000-0000-0000-0005',
      'b--0001-0000-0000-0005',
    ],
  ])('%s (Python gave %s)', (_name, build, _python, expected) => {
    expect(build().toString()).toBe(expected);
  });
});

describe('malformed slugs are normalised or refused', () => {
  it.each<[string, () => { toString(): string }, string, string]>([
    [
      'short device id',
      () => new IOTileDeviceSlug('d--d2'),
      'd--0000-0000-0000-d2',
      'd--0000-0000-0000-00d2',
    ],
    [
      'five-digit device id',
      () => new IOTileDeviceSlug('d--12345'),
      'd--0000-0000-0000-12345',
      'd--0000-0000-0001-2345',
    ],
    [
      'upper-case device id',
      () => new IOTileDeviceSlug('d--0000-0000-0000-ABCD'),
      'd--0000-0000-0000-ABCD',
      'd--0000-0000-0000-abcd',
    ],
    [
      'upper-case 0X prefix',
      () => new IOTileDeviceSlug('0X12'),
      'd--0000-0000-0000-0X12',
      'd--0000-0000-0000-0012',
    ],
    ['0x block id', () => new IOTileBlockSlug('0x5'), 'b--0000-0000-0000-0x5', 'b--0000-0000-0000-0005'],
    ['unpadded variable id', () => new IOTileVariableSlug('1'), 'v--0000-0000--1', 'v--0000-0000--0001'],
    [
      'upper-case variable id',
      () => new IOTileVariableSlug('ABCD'),
      'v--0000-0000--ABCD',
      'v--0000-0000--abcd',
    ],
    [
      'short terms of a stream slug',
      () => new IOTileStreamSlug('s--0001--00d2--5001'),
      's--0001--00d2--5001',
      's--0000-0001--0000-0000-0000-00d2--5001',
    ],
    [
      'empty device of a stream slug (fromParts already read it as a virtual stream)',
      () => new IOTileStreamSlug('s--0000-0001----5001'),
      's--0000-0001----5001',
      's--0000-0001--0000-0000-0000-0000--5001',
    ],
  ])('%s (Python gave %s)', (_name, build, _python, expected) => {
    expect(build().toString()).toBe(expected);
  });

  it.each<[string, () => unknown, string]>([
    ['variable id above 16 bits', () => new IOTileVariableSlug('12345'), 'v--0000-0000--12345'],
    ['variable slug with another prefix', () => new IOTileVariableSlug('x--zz--qq'), 'x--zz--qq'],
    ['stream slug with another prefix', () => new IOTileStreamSlug('x--a--b--c'), 'x--a--b--c'],
    [
      'block slug with non-hex digits',
      () => new IOTileBlockSlug('b--zzzz-zzzz-zzzz-zzzz'),
      'b--zzzz-zzzz-zzzz-zzzz',
    ],
    ['device id with a space', () => new IOTileDeviceSlug(' 12'), 'd--0000-0000-0000- 12'],
    ['groups split by a double dash', () => new IOTileDeviceSlug('d--0000--0001'), 'd--0000-0000--0001'],
    ['project with an extra term', () => new IOTileProjectSlug('p--0000--0001'), 'p--0000-0001'],
    ['groups that are not four digits', () => new IOTileProjectSlug('p--12-34'), 'p--0000-1234'],
  ])('refuses a %s (Python gave %s)', (_name, run) => {
    expect(run).toThrow(GidError);
  });
});

describe('arguments are checked instead of wrapped around', () => {
  it.each<[string, () => unknown, string]>([
    ['negative streamer device', () => new IOTileStreamerSlug(-1, 2), 't--0000-ffff-ffff-ffff--0002'],
    [
      'streamer index above 16 bits',
      () => new IOTileStreamerSlug(1, 0x10001),
      't--0000-0000-0000-0001--0001',
    ],
    ['negative block number', () => new IOTileBlockSlug(5, -1), 'b--ffff-0000-0000-0005'],
    ['block number above 16 bits', () => new IOTileBlockSlug(5, 0x10002), 'b--0002-0000-0000-0005'],
  ])('refuses a %s (Python gave %s)', (_name, run) => {
    expect(run).toThrow(GidError);
  });
});

describe('variables without a project', () => {
  it.each<[unknown]>([[0], [''], [null]])(
    'project %j is the wildcard project (Python crashed)',
    (project) => {
      expect(new IOTileVariableSlug(5, project as null).toString()).toBe('v--0000-0000--0005');
    },
  );
});

describe('conflicting arguments are refused instead of one being ignored', () => {
  it('data block: a device slug with a zero block group takes the block argument', () => {
    // Python returned b--0000-0000-0000-1234: the block argument was ignored.
    expect(new IOTileBlockSlug('d--0000-0000-0000-1234', 3).toString()).toBe('b--0003-0000-0000-1234');
    expect(new IOTileBlockSlug(new IOTileDeviceSlug(0x1234), 3).toString()).toBe('b--0003-0000-0000-1234');
  });

  it.each<[string, () => unknown, string]>([
    [
      'device slug naming block 1',
      () => new IOTileBlockSlug('d--0001-0000-0000-1234', 3),
      'b--0001-0000-0000-1234',
    ],
    [
      'b-- slug naming block 1',
      () => new IOTileBlockSlug('b--0001-0000-0000-0005', 3),
      'b--0001-0000-0000-0005',
    ],
    [
      'variable slug of project 6 in project 7',
      () => new IOTileVariableSlug('v--0000-0006--5002', 7),
      'v--0000-0006--5002',
    ],
  ])('%s (Python gave %s)', (_name, run) => {
    expect(run).toThrow(GidError);
  });

  it('a 48-bit-only device refuses a 64-bit device slug object (Python copied it)', () => {
    const blockDevice = new IOTileDeviceSlug('d--1234-0000-0000-0001');
    expect(() => new IOTileDeviceSlug(blockDevice, false)).toThrow(GidError);
  });
});

describe('an empty stream slug', () => {
  it('throws a GidError when read (Python raised TypeError from str())', () => {
    const stream = new IOTileStreamSlug();
    expect(() => stream.toString()).toThrow(/call fromParts\(\) first/);
    expect(() => stream.formattedId()).toThrow(GidError);
    expect(() => stream.getParts()).toThrow(GidError);
  });
});

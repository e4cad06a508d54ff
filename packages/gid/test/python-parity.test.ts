// Every assertion of python_iotile_cloud's tests/test_gid.py (v0.9.14), restated as tables of
// input -> expected result. Python's ValueError is a GidError here.
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

type Id = number | bigint | string;

describe('IOTileProjectSlug', () => {
  it.each<[Id, string, string]>([
    [5, 'p--0000-0005', '0000-0005'],
    [0, 'p--0000-0000', '0000-0000'], // project 0 stands for "no project"
    ['p--0000-0000', 'p--0000-0000', '0000-0000'],
    ['p--0000-1234', 'p--0000-1234', '0000-1234'],
    ['p--1234', 'p--0000-1234', '0000-1234'],
    ['0005', 'p--0000-0005', '0000-0005'],
  ])('%s -> %s', (input, slug, formatted) => {
    const project = new IOTileProjectSlug(input);
    expect(project.toString()).toBe(slug);
    expect(project.formattedId()).toBe(formatted);
  });

  it.each<Id>(['string', 'x--0000-0001', 'p--1234-0000-0000-0001', -5, 16 ** 8])('rejects %s', (input) => {
    expect(() => new IOTileProjectSlug(input)).toThrow(GidError);
  });
});

describe('IOTileDeviceSlug', () => {
  it.each<[Id, string, string]>([
    [0, 'd--0000-0000-0000-0000', '0000-0000-0000-0000'],
    [5, 'd--0000-0000-0000-0005', '0000-0000-0000-0005'],
    [0xa, 'd--0000-0000-0000-000a', '0000-0000-0000-000a'],
    ['d--0000-0000-1234', 'd--0000-0000-0000-1234', '0000-0000-0000-1234'],
    ['d--0000-0000-0000-1234', 'd--0000-0000-0000-1234', '0000-0000-0000-1234'],
    ['d--1234', 'd--0000-0000-0000-1234', '0000-0000-0000-1234'],
    ['0x1234', 'd--0000-0000-0000-1234', '0000-0000-0000-1234'],
    ['0x1234567', 'd--0000-0000-0123-4567', '0000-0000-0123-4567'],
    ['d--1234-0000-0000-0001', 'd--1234-0000-0000-0001', '1234-0000-0000-0001'], // 64 bits allowed by default
    ['0005', 'd--0000-0000-0000-0005', '0000-0000-0000-0005'],
    ['0000', 'd--0000-0000-0000-0000', '0000-0000-0000-0000'],
    ['0000-0000-0000', 'd--0000-0000-0000-0000', '0000-0000-0000-0000'],
  ])('%s -> %s', (input, slug, formatted) => {
    const device = new IOTileDeviceSlug(input);
    expect(device.toString()).toBe(slug);
    expect(device.formattedId()).toBe(formatted);
  });

  it('copies another device slug', () => {
    const device = new IOTileDeviceSlug('d--0000-0000-0000-1234');
    expect(new IOTileDeviceSlug(device).toString()).toBe('d--0000-0000-0000-1234');
  });

  it('keeps a 64-bit id when allow64bits is true', () => {
    expect(new IOTileDeviceSlug('d--1234-0000-0000-0001', true).toString()).toBe('d--1234-0000-0000-0001');
  });

  it.each<[Id, boolean]>([
    ['string', true],
    ['x--0000-0000-0000-0001', true],
    ['d--1234-0000-0000-0001', false], // above 48 bits
    [-5, true],
    [16n ** 16n, true],
    [16 ** 12, false],
  ])('rejects %s (allow64bits %s)', (input, allow64bits) => {
    expect(() => new IOTileDeviceSlug(input, allow64bits)).toThrow(GidError);
  });
});

describe('IOTileBlockSlug', () => {
  it.each<[Id, number | undefined, string, string, number, number]>([
    [5, undefined, 'b--0000-0000-0000-0005', '0000-0000-0000-0005', 5, 0],
    [0xa, undefined, 'b--0000-0000-0000-000a', '0000-0000-0000-000a', 10, 0],
    ['b--0001-0000-0000-1234', undefined, 'b--0001-0000-0000-1234', '0001-0000-0000-1234', 0x1234, 1],
    ['d--1234', 3, 'b--0003-0000-0000-1234', '0003-0000-0000-1234', 0x1234, 3],
    ['0005', 3, 'b--0003-0000-0000-0005', '0003-0000-0000-0005', 5, 3],
  ])('%s (block %s) -> %s', (input, block, slug, formatted, id, blockNumber) => {
    const dataBlock = new IOTileBlockSlug(input, block);
    expect(dataBlock.toString()).toBe(slug);
    expect(dataBlock.formattedId()).toBe(formatted);
    expect(dataBlock.getId()).toBe(id);
    expect(dataBlock.getBlock()).toBe(blockNumber);
  });

  it.each<Id>([
    'b--0000-0000-1234', // a b-- slug needs all four groups
    'string',
    'x--0000-0000-0000-0001',
    '0000-0000-0000-0000',
    -5,
    0,
    16n ** 16n,
  ])('rejects %s', (input) => {
    expect(() => new IOTileBlockSlug(input)).toThrow(GidError);
  });
});

describe('IOTileVariableSlug', () => {
  it.each<[Id, Id | IOTileProjectSlug | undefined, string, string]>([
    [5, '1234', 'v--0000-1234--0005', '0005'],
    [5, undefined, 'v--0000-0000--0005', '0005'],
    [5, new IOTileProjectSlug('1234'), 'v--0000-1234--0005', '0005'],
    ['0005', new IOTileProjectSlug('1234'), 'v--0000-1234--0005', '0005'],
    ['v--0000-1234--0005', undefined, 'v--0000-1234--0005', '0005'],
  ])('%s in project %s -> %s', (input, project, slug, local) => {
    const variable = new IOTileVariableSlug(input, project);
    expect(variable.toString()).toBe(slug);
    expect(variable.formattedLocalId()).toBe(local);
  });

  it.each<Id>(['foo', 'string', 'v--0123', -5, 0, 16 ** 4])('rejects %s', (input) => {
    expect(() => new IOTileVariableSlug(input)).toThrow(GidError);
  });
});

describe('IOTileStreamSlug', () => {
  it.each<[string, string, string, string, string]>([
    [
      's--0000-0001--0000-0000-0000-0002--0003',
      's--0000-0001--0000-0000-0000-0002--0003',
      'p--0000-0001',
      'd--0000-0000-0000-0002',
      'v--0000-0001--0003',
    ],
    [
      's--0000-0000--0000-0000-0000-0002--0003',
      's--0000-0000--0000-0000-0000-0002--0003',
      'p--0000-0000',
      'd--0000-0000-0000-0002',
      'v--0000-0000--0003',
    ],
    [
      's----0000-0000-0000-0002--0003', // an empty project reads as project 0
      's--0000-0000--0000-0000-0000-0002--0003',
      'p--0000-0000',
      'd--0000-0000-0000-0002',
      'v--0000-0000--0003',
    ],
  ])('%s -> %s', (input, slug, project, device, variable) => {
    const stream = new IOTileStreamSlug(input);
    expect(stream.toString()).toBe(slug);
    expect(stream.getParts()).toEqual({ project, device, variable });
  });

  it.each<unknown>([5, 's--0001'])('rejects %s', (input) => {
    expect(() => new IOTileStreamSlug(input as string)).toThrow(GidError);
  });
});

describe('IOTileStreamSlug.fromParts', () => {
  const project5 = new IOTileProjectSlug(5);
  const device10 = new IOTileDeviceSlug(10);
  const variable5001 = new IOTileVariableSlug('5001', project5);
  type Part = Parameters<IOTileStreamSlug['fromParts']>;

  it.each<[...Part, string]>([
    [project5, device10, variable5001, 's--0000-0005--0000-0000-0000-000a--5001'],
    [
      'p--0000-0006',
      'd--0000-0000-0000-0100',
      'v--0000-0006--5002',
      's--0000-0006--0000-0000-0000-0100--5002',
    ],
    // Only the variable's local id is used; the project argument wins.
    [7, 1, 'v--0000-0006--5002', 's--0000-0007--0000-0000-0000-0001--5002'],
    [7, 1, '5002', 's--0000-0007--0000-0000-0000-0001--5002'],
    // The project is the one part that may be zero or missing (wildcard).
    [0, 1, '5002', 's--0000-0000--0000-0000-0000-0001--5002'],
    [null, 1, '5002', 's--0000-0000--0000-0000-0000-0001--5002'],
    ['', 1, '5002', 's--0000-0000--0000-0000-0000-0001--5002'],
    // Virtual streams: device 0 or no device.
    [5, 0, '5001', 's--0000-0005--0000-0000-0000-0000--5001'],
    [5, null, '5001', 's--0000-0005--0000-0000-0000-0000--5001'],
  ])('(%s, %s, %s) -> %s', (project, device, variable, slug) => {
    const viaStatic = IOTileStreamSlug.fromParts(project, device, variable);
    const viaInstance = new IOTileStreamSlug().fromParts(project, device, variable);
    expect(viaStatic.toString()).toBe(slug);
    expect(viaInstance.toString()).toBe(slug);
    expect(viaStatic.formattedId()).toBe(slug.slice(3));
  });

  it('gives back the parts it was built from', () => {
    const fromObjects = IOTileStreamSlug.fromParts(project5, device10, variable5001);
    expect(fromObjects.getParts()).toEqual({
      project: project5.toString(),
      device: device10.toString(),
      variable: variable5001.toString(),
    });
    const fromStrings = IOTileStreamSlug.fromParts(
      'p--0000-0006',
      'd--0000-0000-0000-0100',
      'v--0000-0006--5002',
    );
    expect(fromStrings.getParts()).toEqual({
      project: 'p--0000-0006',
      device: 'd--0000-0000-0000-0100',
      variable: 'v--0000-0006--5002',
    });
  });

  it('can be called again on the same object', () => {
    const stream = new IOTileStreamSlug().fromParts(0, 1, '5002');
    expect(stream.fromParts(null, 1, '5002').toString()).toBe('s--0000-0000--0000-0000-0000-0001--5002');
    expect(stream.fromParts(5, null, '5001').toString()).toBe('s--0000-0005--0000-0000-0000-0000--5001');
  });

  it.each<Part>([
    [-1, 1, '5002'],
    [1, -1, '5002'],
    [1, 1, -1],
  ])('rejects (%s, %s, %s)', (project, device, variable) => {
    expect(() => IOTileStreamSlug.fromParts(project, device, variable)).toThrow(GidError);
  });
});

describe('getId', () => {
  it('returns the id of project and device slugs', () => {
    expect(new IOTileProjectSlug(5).getId()).toBe(5);
    expect(new IOTileDeviceSlug(10).getId()).toBe(10);
  });

  it('does not exist on stream slugs (Python raises; here the call does not compile)', () => {
    const stream = IOTileStreamSlug.fromParts(5, 10, new IOTileVariableSlug('5001', 5));
    expect('getId' in stream).toBe(false);
  });
});

describe('IOTileStreamerSlug', () => {
  it.each<[Id | IOTileDeviceSlug, number, string, string, string]>([
    [1, 2, 't--0000-0000-0000-0001--0002', 'd--0000-0000-0000-0001', '0002'],
    ['d--0000-0000-0000-1234', 1, 't--0000-0000-0000-1234--0001', 'd--0000-0000-0000-1234', '0001'],
    [new IOTileDeviceSlug(15), 0, 't--0000-0000-0000-000f--0000', 'd--0000-0000-0000-000f', '0000'],
  ])('(%s, %s) -> %s', (device, index, slug, deviceSlug, formattedIndex) => {
    const streamer = new IOTileStreamerSlug(device, index);
    expect(streamer.toString()).toBe(slug);
    expect(streamer.getDevice()).toBe(deviceSlug);
    expect(streamer.getIndex()).toBe(formattedIndex);
  });

  it('rejects a device that is not an integer, a string or a device slug', () => {
    expect(() => new IOTileStreamerSlug([] as unknown as string, 1)).toThrow(GidError);
  });
});

describe('IOTileFleetSlug', () => {
  it.each<[Id, string, string]>([
    [1, 'g--0000-0000-0001', '0000-0000-0001'],
    ['g--1234', 'g--0000-0000-1234', '0000-0000-1234'],
    ['0005', 'g--0000-0000-0005', '0000-0000-0005'],
  ])('%s -> %s', (input, slug, formatted) => {
    const fleet = new IOTileFleetSlug(input);
    expect(fleet.toString()).toBe(slug);
    expect(fleet.formattedId()).toBe(formatted);
  });

  it.each<Id>(['string', 'x--0000-0000-0001', -5, 16 ** 12])('rejects %s', (input) => {
    expect(() => new IOTileFleetSlug(input)).toThrow(GidError);
  });
});

import { describe, expectTypeOf, it } from 'vitest';
import {
  type BlockSlugInfo,
  type BlockSlugString,
  type DeviceSlugInfo,
  type DeviceSlugString,
  type FleetSlugString,
  gid2int,
  type IdOptions,
  IOTileBlockSlug,
  IOTileDeviceSlug,
  IOTileFleetSlug,
  IOTileProjectSlug,
  IOTileStreamerSlug,
  IOTileStreamSlug,
  IOTileVariableSlug,
  type ProjectSlugInfo,
  type ProjectSlugString,
  parseSlug,
  type SlugInfo,
  type SlugKind,
  type SlugString,
  type StreamerSlugString,
  type StreamSlugInfo,
  type StreamSlugParts,
  type StreamSlugString,
  type VariableSlugString,
} from '../src/index.js';

describe('slug string types', () => {
  it('each class returns its kind of slug string', () => {
    expectTypeOf(new IOTileProjectSlug(1).toString()).toEqualTypeOf<ProjectSlugString>();
    expectTypeOf(new IOTileDeviceSlug(1).toString()).toEqualTypeOf<DeviceSlugString>();
    expectTypeOf(new IOTileFleetSlug(1).toString()).toEqualTypeOf<FleetSlugString>();
    expectTypeOf(new IOTileBlockSlug(1).toString()).toEqualTypeOf<BlockSlugString>();
    expectTypeOf(new IOTileStreamerSlug(1, 1).toString()).toEqualTypeOf<StreamerSlugString>();
    expectTypeOf(new IOTileVariableSlug(1).toString()).toEqualTypeOf<VariableSlugString>();
    expectTypeOf(new IOTileStreamSlug('s--0--1--5001').toString()).toEqualTypeOf<StreamSlugString>();
    expectTypeOf(new IOTileDeviceSlug(1).toJSON()).toEqualTypeOf<DeviceSlugString>();
  });

  it('tell slugs of different kinds apart', () => {
    const device: DeviceSlugString = 'd--0000-0000-0000-00d2';
    // @ts-expect-error a project slug is not a device slug
    const wrongKind: DeviceSlugString = 'p--0000-0001';
    // @ts-expect-error a variable slug has two terms
    const oneTerm: VariableSlugString = 'v--0000-0001';
    // @ts-expect-error a stream slug has three terms
    const twoTerms: StreamSlugString = 's--0000-0001--5001';
    expectTypeOf(device).toExtend<SlugString>();
    expectTypeOf<'a--0000-0001'>().not.toExtend<SlugString>();
    void [wrongKind, oneTerm, twoTerms];
  });

  it('constructors take their own kind of slug object, not another kind', () => {
    new IOTileDeviceSlug(new IOTileDeviceSlug(1));
    new IOTileBlockSlug(new IOTileDeviceSlug(1), 3);
    new IOTileStreamerSlug(new IOTileDeviceSlug(1), 0);
    new IOTileVariableSlug(5, new IOTileProjectSlug(1));
    // @ts-expect-error a project slug is not a device
    new IOTileDeviceSlug(new IOTileProjectSlug(1));
    // @ts-expect-error a fleet slug is not a project
    new IOTileVariableSlug(5, new IOTileFleetSlug(1));
    // @ts-expect-error ids are numbers, bigints or strings
    new IOTileProjectSlug(true);
  });
});

describe('getId', () => {
  it('is a number by default and a bigint with { bigint: true }', () => {
    const device = new IOTileDeviceSlug(1);
    expectTypeOf(device.getId()).toEqualTypeOf<number>();
    expectTypeOf(device.getId({ bigint: false })).toEqualTypeOf<number>();
    expectTypeOf(device.getId({ bigint: true })).toEqualTypeOf<bigint>();
    expectTypeOf(new IOTileProjectSlug(1).getId()).toEqualTypeOf<number>();
    expectTypeOf(new IOTileFleetSlug(1).getId({ bigint: true })).toEqualTypeOf<bigint>();
    expectTypeOf(new IOTileBlockSlug(1).getId()).toEqualTypeOf<number>();
    expectTypeOf(gid2int('00d2')).toEqualTypeOf<number>();
    expectTypeOf(gid2int('00d2', { bigint: true })).toEqualTypeOf<bigint>();
  });

  it('takes options decided at run time', () => {
    const options: IdOptions = { bigint: Math.random() > 0.5 };
    expectTypeOf(new IOTileDeviceSlug(1).getId(options)).toEqualTypeOf<number | bigint>();
    expectTypeOf(new IOTileBlockSlug(1).getId(options)).toEqualTypeOf<number | bigint>();
    expectTypeOf(gid2int('00d2', options)).toEqualTypeOf<number | bigint>();
  });

  it('does not exist where Python always raised', () => {
    // @ts-expect-error a stream slug has no single id
    IOTileStreamSlug.fromParts(1, 1, 1).getId();
    // @ts-expect-error a variable slug has no single id
    new IOTileVariableSlug(1).getId();
    // @ts-expect-error a streamer slug has no single id
    new IOTileStreamerSlug(1, 1).getId();
  });
});

describe('IOTileStreamSlug', () => {
  it('fromParts exists as a static and an instance method', () => {
    expectTypeOf(IOTileStreamSlug.fromParts(null, undefined, '5001')).toEqualTypeOf<IOTileStreamSlug>();
    expectTypeOf(new IOTileStreamSlug().fromParts(1, 1, 1)).toEqualTypeOf<IOTileStreamSlug>();
    expectTypeOf(new IOTileStreamSlug().getParts()).toEqualTypeOf<StreamSlugParts>();
    expectTypeOf<StreamSlugParts['device']>().toEqualTypeOf<DeviceSlugString>();
  });
});

describe('parseSlug', () => {
  it('returns the union for a plain string, narrowed by kind', () => {
    const info = parseSlug('d--00d2' as string);
    expectTypeOf(info).toEqualTypeOf<SlugInfo>();
    expectTypeOf(info.kind).toEqualTypeOf<SlugKind>();
    switch (info.kind) {
      case 'device':
        expectTypeOf(info).toEqualTypeOf<DeviceSlugInfo>();
        expectTypeOf(info.id).toEqualTypeOf<bigint>();
        expectTypeOf(info.slug).toEqualTypeOf<DeviceSlugString>();
        break;
      case 'project':
        expectTypeOf(info.id).toEqualTypeOf<number>();
        break;
      case 'block':
        expectTypeOf(info.block).toEqualTypeOf<number>();
        break;
      case 'stream':
        expectTypeOf(info.variable).toEqualTypeOf<VariableSlugString>();
        // @ts-expect-error a stream has no single id
        void info.id;
        break;
      case 'streamer':
        expectTypeOf(info.index).toEqualTypeOf<number>();
        break;
      case 'variable':
        expectTypeOf(info.localId).toEqualTypeOf<number>();
        break;
      case 'fleet':
        expectTypeOf(info.slug).toEqualTypeOf<FleetSlugString>();
        break;
      default:
        expectTypeOf(info).toBeNever();
    }
  });

  it('knows the kind when the argument type shows the prefix', () => {
    expectTypeOf(parseSlug('d--0000-0000-0000-00d2')).toEqualTypeOf<DeviceSlugInfo>();
    expectTypeOf(parseSlug('p--0001')).toEqualTypeOf<ProjectSlugInfo>();
    expectTypeOf(parseSlug('b--0001-0000-0000-00d2')).toEqualTypeOf<BlockSlugInfo>();
    const stream = 's--0000-0001--0000-0000-0000-00d2--5001' as StreamSlugString;
    expectTypeOf(parseSlug(stream)).toEqualTypeOf<StreamSlugInfo>();
    const either = 'p--0001' as ProjectSlugString | DeviceSlugString;
    expectTypeOf(parseSlug(either)).toEqualTypeOf<ProjectSlugInfo | DeviceSlugInfo>();
    expectTypeOf(parseSlug('x--0001')).toEqualTypeOf<SlugInfo>();
  });

  it('takes strings only', () => {
    // @ts-expect-error numbers have no kind
    parseSlug(5);
  });
});

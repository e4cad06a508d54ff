import type { Schema } from '@iotile/client';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type FaultOptions,
  type FixtureData,
  type FixtureItem,
  type MockCounters,
  MockIOTileCloud,
  type RunningServer,
} from '../src/index.js';

const cloud = new MockIOTileCloud();

describe('public API types', () => {
  it('start resolves a RunningServer with url and close', () => {
    expectTypeOf(cloud.start({ port: 0, https: true })).resolves.toEqualTypeOf<RunningServer>();
    expectTypeOf<RunningServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<RunningServer['close']>().returns.resolves.toBeVoid();
    // @ts-expect-error the port is a number
    void cloud.start({ port: '8000' });
  });

  it('reads records typed with the spec, by the key the API uses, and hides the store', () => {
    expectTypeOf(cloud.get('device', 'd--0a1b')).toEqualTypeOf<Schema<'Device'> | undefined>();
    expectTypeOf(cloud.get('event', 41)).toEqualTypeOf<Schema<'Event'> | undefined>();
    expectTypeOf(cloud.list('stream')).toEqualTypeOf<Schema<'Stream'>[]>();
    expectTypeOf(cloud.counters).toEqualTypeOf<MockCounters>();
    expectTypeOf(cloud.dataCount).returns.toBeNumber();
    // @ts-expect-error events are keyed by number
    cloud.get('event', '41');
    // @ts-expect-error not a kind of record
    cloud.get('devices', 'd--0a1b');
    // @ts-expect-error the store is not public
    void cloud.state;
    // @ts-expect-error the counters are read-only
    cloud.requestCount = 0;
  });

  it('quick-add helpers mirror the Python ones', () => {
    expectTypeOf(cloud.quickAddProject()).toEqualTypeOf<{ id: string; slug: string }>();
    expectTypeOf(cloud.quickAddDevice).parameters.toEqualTypeOf<
      [projectId: string, device?: number | string, streamers?: readonly number[]]
    >();
    expectTypeOf(cloud.quickAddFleet([1, ['d--0001', true], ['d--0002', false, false]])).toBeString();
    // @ts-expect-error a fleet entry is a device or [device, isAccessPoint, alwaysOn?]
    cloud.quickAddFleet([['d--0001', 'yes']]);
  });

  it('fixtures and options are typed', () => {
    expectTypeOf<FixtureData['users']>().toEqualTypeOf<
      | Record<
          string,
          | string
          | {
              password: string;
              username?: string;
              name?: string;
              tagline?: string;
              is_staff?: boolean;
              is_active?: boolean;
            }
        >
      | undefined
    >();
    expectTypeOf<FaultOptions['failRate']>().toEqualTypeOf<number | undefined>();
    void new MockIOTileCloud({ clock: () => 1_700_000_000, sleep: async (_ms: number) => undefined });
    // @ts-expect-error sleep returns a promise the server awaits
    void new MockIOTileCloud({ sleep: (_ms: number) => undefined });
    // @ts-expect-error users map e-mail to password
    cloud.addData({ users: { 'a@b.c': 3 } });
    // @ts-expect-error a synthetic stream needs a count
    cloud.addSyntheticStream('s--1--1--5001', { intervalSeconds: 5 });
  });

  it('fixture objects are the API response schemas with fields left out', () => {
    expectTypeOf<NonNullable<FixtureData['streamers']>[number]>().toEqualTypeOf<
      Partial<Schema<'Streamer'>> & Pick<Schema<'Streamer'>, 'slug'>
    >();
    expectTypeOf<NonNullable<FixtureData['events']>[number]>().toEqualTypeOf<
      FixtureItem<'Event', 'id' | 'stream' | 'timestamp'>
    >();
    cloud.addData({
      devices: [{ slug: 'd--0001', label: 'North', state: 'N1', lat: 47.6, lon: '-122.300000' }],
      streams: [{ slug: 's--1--1--5001', output_unit: { slug: 'out--l', m: 2 } }],
      events: [
        { id: 1, stream: 's--1--1--5001', timestamp: '2020-01-01T00:00:00Z', extra_data: { peak: 3 } },
      ],
      data: { 's--1--1--5001': [{ timestamp: '2020-01-01T00:00:00Z', int_value: 3 }] },
    });
    // @ts-expect-error a device's label is a string
    cloud.addData({ devices: [{ slug: 'd--0001', label: 3 }] });
    // @ts-expect-error the state is one of N0, N1, B0, B1
    cloud.addData({ devices: [{ slug: 'd--0001', state: 'on' }] });
    // @ts-expect-error a device fixture needs its slug
    cloud.addData({ devices: [{ label: 'North' }] });
    // @ts-expect-error a field the API does not have (a typo of label)
    cloud.addData({ devices: [{ slug: 'd--0001', lable: 'North' }] });
    // @ts-expect-error a data point needs a timestamp
    cloud.addStreamData('s--1--1--5001', [{ value: 1 }]);
    // @ts-expect-error a point's type is a DataType
    cloud.addStreamData('s--1--1--5001', [{ timestamp: '2020-01-01T00:00:00Z', value: 1, type: 'float' }]);
  });
});

import { describe, expectTypeOf, it } from 'vitest';

import { type FaultOptions, type FixtureData, MockIOTileCloud, type RunningServer } from '../src/index.js';

const cloud = new MockIOTileCloud();

describe('public API types', () => {
  it('start resolves a RunningServer with url and close', () => {
    expectTypeOf(cloud.start({ port: 0, https: true })).resolves.toEqualTypeOf<RunningServer>();
    expectTypeOf<RunningServer['url']>().toEqualTypeOf<string>();
    expectTypeOf<RunningServer['close']>().returns.resolves.toBeVoid();
    // @ts-expect-error the port is a number
    void cloud.start({ port: '8000' });
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
});

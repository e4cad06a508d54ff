/**
 * The cloud the end-to-end tests run the CLI against: @iotile/mock-cloud in this process on
 * 127.0.0.1:0, with a small fixture of our own (an org, a project, a device, two streams with units
 * and points, events) and a large synthetic stream. `clock.offsetSeconds` moves the server clock (token
 * issue times); `gate` holds injected latency waits so a test decides when answers go out.
 */

import { type FixtureData, MockIOTileCloud, type RunningServer } from '@iotile/mock-cloud';

export const USER = { email: 'ada@example.com', password: 'correct horse battery', username: 'ada' };
export const ORG = 'reservoir-co';
export const PROJECT = {
  id: '5b1f8e2a-6c0d-4f3e-9a47-1d2c3b4a5e6f',
  slug: 'p--0000-0042',
  name: 'Reservoirs',
};
export const DEVICE = 'd--0000-0000-0000-0a1b';
/** Ten points, values 1..10, output unit gallons (m = d = 1). */
export const VOLUME = 's--0000-0042--0000-0000-0000-0a1b--5001';
/** Three points, values in mm, output unit metres (d = 1000). */
export const LEVEL = 's--0000-0042--0000-0000-0000-0a1b--5002';
/** 200,000 synthetic points, one a minute from 2024-01-01. */
export const BIG = 's--0000-0042--0000-0000-0000-0a1b--5003';
export const BIG_COUNT = 200_000;

export const VOLUME_POINTS = Array.from({ length: 10 }, (_, i) => ({
  timestamp: `2024-03-0${Math.floor(i / 5) + 1}T0${i % 5}:00:00Z`,
  int_value: i + 1,
  value: i + 1,
  output_value: i + 1,
}));

const fixture: FixtureData = {
  users: { [USER.email]: { password: USER.password, username: USER.username, name: 'Ada Lovelace' } },
  orgs: [{ slug: ORG, name: 'Reservoir Co' }],
  projects: [{ id: PROJECT.id, slug: PROJECT.slug, name: PROJECT.name, org: ORG }],
  devices: [
    { slug: DEVICE, label: 'North tank', project: PROJECT.id, sg: 'water-meter-v1-1-0', active: true },
    { slug: 'd--0000-0000-0000-0a1c', label: 'South tank', project: PROJECT.id, active: true },
  ],
  streams: [
    {
      slug: VOLUME,
      data_label: 'Volume',
      output_unit: {
        slug: 'out--water-meter-volume--gallons',
        unit_full: 'Gallons',
        unit_short: 'G',
        m: 1,
        d: 1,
      },
    },
    {
      slug: LEVEL,
      data_label: 'Level',
      output_unit: { slug: 'out--tank-level--meters', unit_full: 'Meters', unit_short: 'm', m: 1, d: 1000 },
    },
  ],
  data: {
    [VOLUME]: VOLUME_POINTS,
    [LEVEL]: [
      { timestamp: '2024-03-01T00:00:00Z', int_value: 1500, value: 1500 },
      { timestamp: '2024-03-01T01:00:00Z', int_value: 2500, value: 2500 },
      { timestamp: '2024-03-01T02:00:00Z', int_value: 500, value: 500 },
    ],
  },
  events: [
    { id: 1, stream: VOLUME, timestamp: '2024-03-01T00:30:00Z', extra_data: { peak: 3.5 } },
    { id: 2, stream: VOLUME, timestamp: '2024-03-01T01:30:00Z', extra_data: { peak: 1.25 } },
  ],
};

/** When the server clock and the test clock differ (seconds). */
export const clock = { offsetSeconds: 0 };

/** Holds injected latency waits: `gate.hold = true` parks them until `gate.release()`. */
export const gate = {
  hold: false,
  /** How many waits passed through before holding starts (e.g. 1: the first page goes out). */
  passFirst: 0,
  waits: 0,
  held: [] as (() => void)[],
  /** Waiting for `held` to reach a length. */
  watchers: [] as { count: number; resolve: () => void }[],
  release(): void {
    this.hold = false;
    for (const resume of this.held.splice(0)) {
      resume();
    }
  },
  /** Resolves once `count` answers are held (a barrier, never a timer). */
  whenHeld(count: number): Promise<void> {
    if (this.held.length >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.watchers.push({ count, resolve }));
  },
  park(resume: () => void): void {
    this.held.push(resume);
    this.watchers = this.watchers.filter((watcher) => {
      if (this.held.length >= watcher.count) {
        watcher.resolve();
        return false;
      }
      return true;
    });
  },
};

export function createCloud(): MockIOTileCloud {
  const cloud = new MockIOTileCloud({
    data: fixture,
    clock: () => Date.now() / 1000 + clock.offsetSeconds,
    sleep: () =>
      new Promise<void>((resolve) => {
        gate.waits++;
        if (gate.hold && gate.waits > gate.passFirst) {
          gate.park(resolve);
        } else {
          // Injected latency is one turn of the event loop here, not a clock.
          setImmediate(resolve);
        }
      }),
  });
  cloud.addSyntheticStream(BIG, {
    count: BIG_COUNT,
    start: '2024-01-01T00:00:00Z',
    intervalSeconds: 60,
    value: (i) => i % 100,
  });
  return cloud;
}

export async function startCloud(): Promise<{ cloud: MockIOTileCloud; server: RunningServer }> {
  const cloud = createCloud();
  const server = await cloud.start({ port: 0 });
  return { cloud, server };
}

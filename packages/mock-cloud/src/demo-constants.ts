/**
 * The public names of the demo data set (`new MockIOTileCloud({ demo: true })`, `iotile-mock-cloud --demo`):
 * its user, org, projects, devices and notable streams, so examples and tools name them instead of
 * copying slugs. The data set itself is in `demo.ts`.
 */

/** The demo's user. Public, documented credentials of a local mock: not a secret. */
export const DEMO_USER = {
  email: 'demo@example.com',
  password: 'iotile-demo',
  username: 'demo',
  name: 'Demo User',
} as const;

/** The seed the demo's readings are computed from (`demoFixture({ seed })` takes another). */
export const DEMO_SEED = 20250101;

export const DEMO_ORG = { slug: 'demo-co', name: 'Demo Co' } as const;

/**
 * The demo org's API key, for the machine-to-machine routes (`Authorization: Api-Key <key>`:
 * `/production/device/`, and reads of `/sg/`, `/dt/`, `/vartype/`). Public, like the demo's password.
 */
export const DEMO_API_KEY = 'demokey1.iotile-demo-org-api-key';

export const DEMO_PROJECTS = {
  /** Four devices: three water meters and a boiler-room thermometer, with a year of data. */
  plant: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', slug: 'p--0000-0010', name: 'Plant Water' },
  /** Two POD-1M shipping loggers; one has a finished trip. */
  shipping: { id: '16fd2706-8baf-433b-82eb-8c7fada847da', slug: 'p--0000-0020', name: 'Cold Chain Shipping' },
} as const;

export const DEMO_DEVICES = {
  mainInflow: 'd--0000-0000-0000-0a01',
  coolingTower: 'd--0000-0000-0000-0a02',
  irrigation: 'd--0000-0000-0000-0a03',
  boilerRoom: 'd--0000-0000-0000-0a04',
  /** The POD-1M with the finished trip. */
  pallet17: 'd--0000-0000-0000-0b01',
  /** A POD-1M between trips (no data). */
  pallet18: 'd--0000-0000-0000-0b02',
} as const;

export const DEMO_STREAMS = {
  /** Water volume every 15 minutes for a year: input unit gallons, output unit gallons. */
  mainInflowVolume: 's--0000-0010--0000-0000-0000-0a01--5001',
  /** Water volume every 15 minutes for a year: input unit litres, output unit cubic metres. */
  coolingTowerVolume: 's--0000-0010--0000-0000-0000-0a02--5001',
  /** Water volume every 15 minutes for a year: input unit gallons, output unit litres. */
  irrigationVolume: 's--0000-0010--0000-0000-0000-0a03--5001',
  /** Temperature every 15 minutes for a year: input unit 1/100 °C, output unit °F (m 9, d 5, o 32). */
  boilerTemperature: 's--0000-0010--0000-0000-0000-0a04--5002',
  /** POD-1M trip start (`0e00`): one point at the start of the trip. */
  tripStart: 's--0000-0020--0000-0000-0000-0b01--0e00',
  /** POD-1M trip end (`0e01`): one point at the end of the trip. */
  tripEnd: 's--0000-0020--0000-0000-0000-0b01--0e01',
  /** POD-1M trip summary (`5a07`): one event whose `extra_data` sums the trip up. */
  tripSummary: 's--0000-0020--0000-0000-0000-0b01--5a07',
  /** POD-1M shocks (`5020`): events with `extra_data.peak` and waveforms as event data. */
  shocks: 's--0000-0020--0000-0000-0000-0b01--5020',
  /** POD-1M pressure (`5021`, mbar) every 15 minutes during the trip. */
  pressure: 's--0000-0020--0000-0000-0000-0b01--5021',
  /** POD-1M relative humidity (`5022`, %RH) every 15 minutes during the trip. */
  humidity: 's--0000-0020--0000-0000-0000-0b01--5022',
  /** POD-1M temperature (`5023`, °C) every 15 minutes during the trip. */
  temperature: 's--0000-0020--0000-0000-0000-0b01--5023',
} as const;

/** The fleet of the plant's four devices. */
export const DEMO_FLEET = 'g--0000-0000-0001';

/** The year the plant streams cover: a reading every 15 minutes, `start <= timestamp < end`. */
export const DEMO_YEAR = {
  start: '2025-01-01T00:00:00Z',
  end: '2026-01-01T00:00:00Z',
  intervalSeconds: 900,
  /** Readings on each of the four year-long streams. */
  count: 35_040,
} as const;

/** The POD-1M trip of `DEMO_DEVICES.pallet17`: readings every 15 minutes, `start <= timestamp < end`. */
export const DEMO_TRIP = {
  device: DEMO_DEVICES.pallet17,
  start: '2025-11-03T08:00:00Z',
  end: '2025-11-07T16:00:00Z',
  /** Shock events on `DEMO_STREAMS.shocks`. */
  shockCount: 14,
} as const;

/**
 * The demo data set: what a small real deployment looks like, computed from a seed on load. One org with
 * two projects: a plant with three water meters and a thermometer (a year of 15-minute readings each, in
 * gallons, litres and 1/100 °C, shown as gallons, cubic metres, litres and °F), and two POD-1M shipping
 * loggers, one with a finished trip (start and end points, pressure, humidity and temperature every 15
 * minutes, shock events with waveforms, a trip summary event). Plus a fleet, streamers with a report
 * history, properties and notes. The names to use are in `demo-constants.ts`.
 *
 * The long series are formulas (`demo-series.ts`): `new MockIOTileCloud({ demo: true })` serves them
 * without building a point until a page asks for it. `demoFixture()` gives the same data set as a plain
 * fixture, its series written out as points.
 */

import type { Schema } from './api-types.js';
import {
  DEMO_API_KEY,
  DEMO_DEVICES,
  DEMO_FLEET,
  DEMO_ORG,
  DEMO_PROJECTS,
  DEMO_SEED,
  DEMO_STREAMS,
  DEMO_TRIP,
  DEMO_USER,
  DEMO_YEAR,
} from './demo-constants.js';
import { type InputMdo, noise, type SeriesOptions, SeriesSource, storedValue } from './demo-series.js';
import { addFixture, type FixtureData, type FixturePoint } from './fixtures.js';
import { variablesOfStreams } from './resources/variables.js';
import type { Store } from './store.js';
import { formatDrf } from './timestamps.js';

export interface DemoOptions {
  /** The seed of every computed reading, waveform and event (default `DEMO_SEED`). */
  seed?: number;
}

interface Series {
  slug: string;
  options: SeriesOptions;
}

interface DemoParts {
  fixture: FixtureData;
  series: Series[];
}

const CREATED = '2024-12-01T09:00:00Z';
const QUARTER_HOUR = 900;
const MS = 1000;
const usOf = (iso: string): number => Date.parse(iso) * MS;
/** ISO-8601 with second precision (`2025-01-01T00:00:00Z`). */
const iso = (us: number): string => new Date(Math.floor(us / MS)).toISOString().replace('.000Z', 'Z');

// --- units: the server's storage units are litres, °C, mbar and %RH --------------------------------

type Unit = Partial<Schema<'OutputUnit'>>;
type InputUnit = Pick<Schema<'InputUnit'>, 'slug' | 'unit_full' | 'unit_short' | 'm' | 'd' | 'o'>;

const IN_GALLONS: InputUnit = {
  slug: 'in--water-meter-volume--gallons',
  unit_full: 'Gallons',
  unit_short: 'G',
  m: 378541,
  d: 100000,
  o: 0,
};
const IN_LITRES: InputUnit = {
  slug: 'in--water-meter-volume--liters',
  unit_full: 'Liters',
  unit_short: 'L',
  m: 1,
  d: 1,
  o: 0,
};
const OUT_GALLONS: Unit = {
  slug: 'out--water-meter-volume--gallons',
  unit_full: 'Gallons',
  unit_short: 'G',
  m: 100000,
  d: 378541,
  o: 0,
  decimal_places: 2,
  derived_units: {},
};
const OUT_CUBIC_METRES: Unit = {
  slug: 'out--water-meter-volume--cubic-meters',
  unit_full: 'Cubic Meters',
  unit_short: 'm3',
  m: 1,
  d: 1000,
  o: 0,
  decimal_places: 3,
  derived_units: {},
};
const OUT_LITRES: Unit = {
  slug: 'out--water-meter-volume--liters',
  unit_full: 'Liters',
  unit_short: 'L',
  m: 1,
  d: 1,
  o: 0,
  decimal_places: 1,
  derived_units: {},
};
const IN_CENTI_CELSIUS: InputUnit = {
  slug: 'in--temp--centi-celsius',
  unit_full: 'Celsius / 100',
  unit_short: 'C/100',
  m: 1,
  d: 100,
  o: 0,
};
const OUT_CELSIUS: Unit = {
  slug: 'out--temp--celsius',
  unit_full: 'Celsius',
  unit_short: 'C',
  m: 1,
  d: 1,
  o: 0,
  decimal_places: 2,
};
const OUT_FAHRENHEIT: Unit = {
  slug: 'out--temp--fahrenheit',
  unit_full: 'Fahrenheit',
  unit_short: 'F',
  m: 9,
  d: 5,
  o: 32,
  decimal_places: 1,
};
const IN_PASCALS: InputUnit = {
  slug: 'in--pressure--pascals',
  unit_full: 'Pascals',
  unit_short: 'Pa',
  m: 1,
  d: 100,
  o: 0,
};
const OUT_MBAR: Unit = {
  slug: 'out--pressure--mbar',
  unit_full: 'Millibars',
  unit_short: 'mbar',
  m: 1,
  d: 1,
  o: 0,
  decimal_places: 1,
};
const IN_CENTI_PERCENT: InputUnit = {
  slug: 'in--humidity--centi-percent',
  unit_full: '%RH / 100',
  unit_short: '%/100',
  m: 1,
  d: 100,
  o: 0,
};
const OUT_PERCENT: Unit = {
  slug: 'out--humidity--percent',
  unit_full: 'Relative Humidity',
  unit_short: '%RH',
  m: 1,
  d: 1,
  o: 0,
  decimal_places: 1,
};

const mdo = (u: InputUnit): InputMdo => ({ m: u.m, d: u.d, o: u.o ?? 0 });

// --- the readings -----------------------------------------------------------------------------------

const DAY = 96; // readings a day
const TAU = 2 * Math.PI;

/** Raw readings of the year-long streams, each a function of the index (2025-01-01 is a Wednesday). */
function yearSeries(seed: number): Array<{ slug: string; input: InputUnit; raw: (i: number) => number }> {
  const hour = (i: number) => (i % DAY) / 4;
  const day = (i: number) => Math.floor(i / DAY);
  const weekend = (i: number) => (day(i) + 2) % 7 >= 5;
  return [
    {
      // Main inflow, gallons per quarter hour: a working-day profile, more in summer.
      slug: DEMO_STREAMS.mainInflowVolume,
      input: IN_GALLONS,
      raw: (i) => {
        const seasonal = 1 + 0.25 * Math.sin((TAU * (day(i) - 100)) / 365);
        const daily = 0.35 + 0.65 * Math.max(0, Math.sin((Math.PI * (hour(i) - 6)) / 14));
        const week = weekend(i) ? 0.55 : 1;
        return Math.round(60 * seasonal * daily * week * (0.85 + 0.3 * noise(seed, 1, i)));
      },
    },
    {
      // Cooling tower make-up water, litres per quarter hour: steady, twice as much in summer.
      slug: DEMO_STREAMS.coolingTowerVolume,
      input: IN_LITRES,
      raw: (i) => {
        const seasonal = 0.6 + 0.8 * Math.max(0, Math.sin((TAU * (day(i) - 80)) / 365));
        return Math.round(900 * seasonal * (0.9 + 0.2 * noise(seed, 2, i)));
      },
    },
    {
      // Irrigation, gallons per quarter hour: 05:00-07:00 and 19:00-21:00 from April to October, not on
      // rainy days.
      slug: DEMO_STREAMS.irrigationVolume,
      input: IN_GALLONS,
      raw: (i) => {
        const d = day(i);
        const h = hour(i);
        const season = d >= 90 && d < 304;
        const window = (h >= 5 && h < 7) || (h >= 19 && h < 21);
        const rain = noise(seed, 30, d) < 0.2;
        return season && window && !rain ? Math.round(120 * (0.8 + 0.4 * noise(seed, 3, i))) : 0;
      },
    },
    {
      // Boiler room, 1/100 °C: about 60 °C, warmer in the afternoon.
      slug: DEMO_STREAMS.boilerTemperature,
      input: IN_CENTI_CELSIUS,
      raw: (i) =>
        Math.round(6000 + 800 * Math.sin((TAU * (hour(i) - 9)) / 24) + 300 * (noise(seed, 4, i) - 0.5)),
    },
  ];
}

/** Raw readings of the trip: pressure (Pa), humidity (1/100 %RH), temperature (1/100 °C). */
function tripSeries(seed: number) {
  const hours = (i: number) => i / 4;
  // Hours 30 to 36 are a flight: cabin pressure; hours 60 to 62 a temperature excursion on the tarmac.
  const flight = (i: number) => hours(i) >= 30 && hours(i) < 36;
  return {
    pressure: (i: number) =>
      Math.round(
        (flight(i) ? 78000 : 101325) + 400 * Math.sin((TAU * hours(i)) / 24) + 150 * noise(seed, 5, i),
      ),
    humidity: (i: number) =>
      Math.round(
        4500 + 1200 * Math.sin((TAU * hours(i)) / 24) + 300 * noise(seed, 6, i) - (flight(i) ? 1500 : 0),
      ),
    temperature: (i: number) =>
      Math.round((hours(i) >= 60 && hours(i) < 62 ? 900 : 400) + 120 * (noise(seed, 7, i) - 0.5)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

// --- the data set ------------------------------------------------------------------------------------

function buildDemo(seed: number): DemoParts {
  const user = DEMO_USER.username;
  const org = DEMO_ORG.slug;
  const plant = DEMO_PROJECTS.plant;
  const shipping = DEMO_PROJECTS.shipping;
  const yearStartUs = usOf(DEMO_YEAR.start);
  const tripStartUs = usOf(DEMO_TRIP.start);
  const tripEndUs = usOf(DEMO_TRIP.end);
  const tripCount = (tripEndUs - tripStartUs) / (QUARTER_HOUR * 1_000_000);

  // Year-long series: streamer 0 of each plant device, local ids from 1.
  const series: Series[] = yearSeries(seed).map(({ slug, input, raw }) => ({
    slug,
    options: {
      startUs: yearStartUs,
      intervalSeconds: QUARTER_HOUR,
      count: DEMO_YEAR.count,
      raw,
      input: mdo(input),
      firstStreamerLocalId: 1,
    },
  }));

  // The trip: one streamer; local ids 1 (start), then the three series, then the end, then events.
  const trip = tripSeries(seed);
  const tripInputs = [
    { slug: DEMO_STREAMS.pressure, raw: trip.pressure, input: IN_PASCALS },
    { slug: DEMO_STREAMS.humidity, raw: trip.humidity, input: IN_CENTI_PERCENT },
    { slug: DEMO_STREAMS.temperature, raw: trip.temperature, input: IN_CENTI_CELSIUS },
  ];
  tripInputs.forEach(({ slug, raw, input }, k) => {
    series.push({
      slug,
      options: {
        startUs: tripStartUs,
        intervalSeconds: QUARTER_HOUR,
        count: tripCount,
        raw,
        input: mdo(input),
        firstStreamerLocalId: 2 + k * tripCount,
      },
    });
  });
  const endLocalId = 2 + 3 * tripCount;

  // Shock events at seeded times during the trip, each with a waveform.
  const shocks: NonNullable<FixtureData['events']> = [];
  const eventData: Record<string, unknown> = {};
  const axes = ['x', 'y', 'z'] as const;
  let maxPeak = { peak: -1, timestamp: '', deltaV: 0 };
  for (let k = 0; k < DEMO_TRIP.shockCount; k++) {
    const id = k + 1;
    const at =
      tripStartUs +
      Math.floor((((k + noise(seed, 8, k)) / DEMO_TRIP.shockCount) * (tripEndUs - tripStartUs)) / 1e6) * 1e6;
    const axis = axes[Math.floor(noise(seed, 9, k) * 3)] ?? 'z';
    const peak = round(1.5 + 8 * noise(seed, 10, k) ** 2, 2);
    const duration = 10 + Math.floor(40 * noise(seed, 11, k));
    const deltaV = round(peak * duration * 0.0193, 2);
    const waveform = (a: string) =>
      Array.from({ length: 64 }, (_, j) => {
        const envelope = Math.exp(-(((j - 20) / 8) ** 2));
        const main = a === axis ? peak : peak * 0.3;
        return round(
          main * envelope * Math.cos(j / 2) +
            0.05 * (noise(seed, 12 + axes.indexOf(a as 'x'), k * 64 + j) - 0.5),
          3,
        );
      });
    const acceleration = { x: waveform('x'), y: waveform('y'), z: waveform('z') };
    // The waveform's largest magnitude on the event's axis is the peak.
    acceleration[axis][20] = peak;
    const timestamp = iso(at);
    shocks.push({
      id,
      stream: DEMO_STREAMS.shocks,
      timestamp,
      device_timestamp: Math.floor((at - tripStartUs) / 1e6),
      streamer_local_id: endLocalId + id,
      extra_data: { peak, axis, duration, delta_v: deltaV },
      ext: 'json',
      status: 'cln',
    });
    eventData[String(id)] = { acceleration_data: acceleration, sample_rate_hz: 3200, axis, peak };
    if (peak > maxPeak.peak) {
      maxPeak = { peak, timestamp, deltaV };
    }
  }

  // The trip summary, from the trip's own readings.
  const values = (k: number) => {
    const { raw, input } = tripInputs[k] as (typeof tripInputs)[number];
    return Array.from({ length: tripCount }, (_, i) => storedValue(raw(i), mdo(input)));
  };
  const [pressure, humidity, temperature] = [values(0), values(1), values(2)];
  const stats = (label: string, unit: string, v: number[]) => ({
    [`Max ${label} (${unit})`]: round(Math.max(...v), 2),
    [`Min ${label} (${unit})`]: round(Math.min(...v), 2),
    [`Median ${label} (${unit})`]: round(median(v), 2),
  });
  const summaryId = DEMO_TRIP.shockCount + 1;
  const summary: NonNullable<FixtureData['events']>[number] = {
    id: summaryId,
    stream: DEMO_STREAMS.tripSummary,
    timestamp: iso(tripEndUs + 60_000_000),
    streamer_local_id: endLocalId + summaryId,
    extra_data: {
      Device: DEMO_TRIP.device,
      'START (UTC)': DEMO_TRIP.start,
      'END (UTC)': DEMO_TRIP.end,
      'Duration (Days)': round((tripEndUs - tripStartUs) / 86_400e6, 2),
      'Event Count': DEMO_TRIP.shockCount,
      'Max Peak (G)': maxPeak.peak,
      'TimeStamp(MaxPeak) (UTC)': maxPeak.timestamp,
      'DeltaV at Max Peak (in/s)': maxPeak.deltaV,
      ...stats('Temp', 'C', temperature),
      ...stats('Humidity', '% RH', humidity),
      ...stats('Pressure', 'Mbar', pressure),
    },
    ext: 'json',
    status: 'cln',
  };

  // Monthly reports of each plant device's streamer 0, and one after the trip.
  const reports: NonNullable<FixtureData['reports']> = [];
  const plantDevices = [
    DEMO_DEVICES.mainInflow,
    DEMO_DEVICES.coolingTower,
    DEMO_DEVICES.irrigation,
    DEMO_DEVICES.boilerRoom,
  ];
  plantDevices.forEach((device, n) => {
    let first = 1;
    for (let month = 0; month < 12; month++) {
      const endUs = Date.UTC(2025, month + 1, 1) * MS;
      const last = (endUs - yearStartUs) / (QUARTER_HOUR * 1_000_000);
      const sentUs = endUs + (10 + n) * 60_000_000;
      reports.push({
        id: uuidLike(seed, n * 16 + month),
        streamer: `t--${device.slice(3)}--0000`,
        original_first_id: first,
        original_last_id: last,
        actual_first_id: first,
        actual_last_id: last,
        sent_timestamp: formatDrf(sentUs),
        device_sent_timestamp: Math.floor((sentUs - yearStartUs) / 1e6),
        incremental_id: month + 1,
        time_epsilon: 1,
        created_on: formatDrf(sentUs + 2_000_000),
        created_by: user,
      });
      first = last + 1;
    }
  });
  const tripLastId = endLocalId + summaryId;
  const tripUploadUs = tripEndUs + 2 * 3600e6;
  reports.push({
    id: uuidLike(seed, 200),
    streamer: `t--${DEMO_DEVICES.pallet17.slice(3)}--0000`,
    original_first_id: 1,
    original_last_id: tripLastId,
    actual_first_id: 1,
    actual_last_id: tripLastId,
    sent_timestamp: formatDrf(tripUploadUs),
    device_sent_timestamp: Math.floor((tripUploadUs - tripStartUs) / 1e6),
    incremental_id: 1,
    time_epsilon: 1,
    created_on: formatDrf(tripUploadUs + 3_000_000),
    created_by: user,
  });

  const device = (
    slug: string,
    label: string,
    project: { id: string },
    sg: string,
    template: string,
    extra: { lat: number; lon: number; external_id?: string },
  ) => ({
    slug,
    label,
    active: true,
    external_id: extra.external_id ?? '',
    sg,
    template,
    org,
    project: project.id,
    lat: extra.lat,
    lon: extra.lon,
    created_on: CREATED,
    claimed_by: user,
    claimed_on: '2024-12-02T10:00:00Z',
  });

  const stream = (
    slug: string,
    label: string,
    varType: string | null,
    input: InputUnit | null,
    output: Unit | null,
    dataType: Schema<'Stream'>['data_type'] = 'D0',
  ) => ({
    slug,
    data_label: label,
    var_name: label,
    var_type: varType,
    data_type: dataType,
    input_unit: input,
    output_unit: output,
    org,
    created_on: CREATED,
  });

  const fixture: FixtureData = {
    users: {
      [DEMO_USER.email]: { password: DEMO_USER.password, username: DEMO_USER.username, name: DEMO_USER.name },
    },
    orgs: [
      {
        slug: org,
        name: DEMO_ORG.name,
        // A vendor too: it may own sensor graphs, device templates and OTA scripts.
        is_vendor: true,
        about: 'A demo deployment of the local IOTile Cloud',
        created_on: CREATED,
        created_by: user,
        // The demo user made the org, so it is its owner (as `POST /org/` makes the creator).
        members: [{ user, role: 'a0', created_on: CREATED }],
      },
    ],
    projects: [
      {
        id: plant.id,
        slug: plant.slug,
        name: plant.name,
        org,
        about: 'Water use of the plant',
        created_on: CREATED,
        created_by: user,
      },
      {
        id: shipping.id,
        slug: shipping.slug,
        name: shipping.name,
        org,
        about: 'POD-1M loggers on pallets',
        created_on: CREATED,
        created_by: user,
      },
    ],
    api_keys: [{ key: DEMO_API_KEY, org, name: 'Demo machine-to-machine key' }],
    sgs: [
      {
        slug: 'water-meter-v1-1-0',
        name: 'Water Meter',
        major_version: 1,
        minor_version: 1,
        app_tag: 1027,
        app_major_version: 1,
        org: 'arch-systems',
      },
      {
        slug: 'temperature-v1-0-0',
        name: 'Temperature',
        major_version: 1,
        app_tag: 1028,
        app_major_version: 1,
        org: 'arch-systems',
      },
      {
        slug: 'shipping-v1-1-0',
        name: 'Shipping',
        major_version: 1,
        minor_version: 1,
        app_tag: 2049,
        app_major_version: 1,
        org: 'arch-systems',
      },
    ],
    dts: [
      {
        slug: 'water-meter-hw-v2-0-0',
        external_sku: 'Water Meter',
        family: 'water',
        version: 'v2.0.0',
        os_tag: 1024,
        org: 'arch-systems',
      },
      {
        slug: 'pod-1m-v1-0-0',
        external_sku: 'POD-1M',
        family: 'pod',
        version: 'v1.0.0',
        os_tag: 2048,
        org: 'arch-systems',
      },
    ],
    vartypes: [
      {
        slug: 'water-meter-volume',
        name: 'Water Meter Volume',
        stream_data_type: 'D0',
        storage_units_full: 'Liters',
        available_input_units: [IN_GALLONS, IN_LITRES],
        available_output_units: [OUT_GALLONS, OUT_CUBIC_METRES, OUT_LITRES],
      },
      {
        slug: 'temp',
        name: 'Temperature',
        stream_data_type: 'D0',
        storage_units_full: 'Celsius',
        available_input_units: [IN_CENTI_CELSIUS],
        available_output_units: [OUT_CELSIUS, OUT_FAHRENHEIT],
      },
      {
        slug: 'pressure',
        name: 'Pressure',
        stream_data_type: 'D0',
        storage_units_full: 'Millibars',
        available_input_units: [IN_PASCALS],
        available_output_units: [OUT_MBAR],
      },
      {
        slug: 'humidity',
        name: 'Relative Humidity',
        stream_data_type: 'D0',
        storage_units_full: 'Relative Humidity',
        available_input_units: [IN_CENTI_PERCENT],
        available_output_units: [OUT_PERCENT],
      },
    ],
    devices: [
      device(DEMO_DEVICES.mainInflow, 'Main inflow', plant, 'water-meter-v1-1-0', 'water-meter-hw-v2-0-0', {
        lat: 37.77493,
        lon: -122.41942,
        external_id: 'WM-0001',
      }),
      device(
        DEMO_DEVICES.coolingTower,
        'Cooling tower',
        plant,
        'water-meter-v1-1-0',
        'water-meter-hw-v2-0-0',
        { lat: 37.77512, lon: -122.41893, external_id: 'WM-0002' },
      ),
      device(DEMO_DEVICES.irrigation, 'Irrigation', plant, 'water-meter-v1-1-0', 'water-meter-hw-v2-0-0', {
        lat: 37.77455,
        lon: -122.41996,
        external_id: 'WM-0003',
      }),
      device(DEMO_DEVICES.boilerRoom, 'Boiler room', plant, 'temperature-v1-0-0', 'water-meter-hw-v2-0-0', {
        lat: 37.77501,
        lon: -122.41921,
      }),
      device(DEMO_DEVICES.pallet17, 'Pallet 17', shipping, 'shipping-v1-1-0', 'pod-1m-v1-0-0', {
        lat: 37.80436,
        lon: -122.27111,
        external_id: 'POD-17',
      }),
      device(DEMO_DEVICES.pallet18, 'Pallet 18', shipping, 'shipping-v1-1-0', 'pod-1m-v1-0-0', {
        lat: 37.80436,
        lon: -122.27111,
        external_id: 'POD-18',
      }),
    ],
    streams: [
      stream(DEMO_STREAMS.mainInflowVolume, 'Volume', 'water-meter-volume', IN_GALLONS, OUT_GALLONS),
      stream(DEMO_STREAMS.coolingTowerVolume, 'Volume', 'water-meter-volume', IN_LITRES, OUT_CUBIC_METRES),
      stream(DEMO_STREAMS.irrigationVolume, 'Volume', 'water-meter-volume', IN_GALLONS, OUT_LITRES),
      stream(DEMO_STREAMS.boilerTemperature, 'Temperature', 'temp', IN_CENTI_CELSIUS, OUT_FAHRENHEIT),
      stream(DEMO_STREAMS.tripStart, 'Trip Start', null, null, null),
      stream(DEMO_STREAMS.tripEnd, 'Trip End', null, null, null),
      stream(DEMO_STREAMS.tripSummary, 'Trip Summary', null, null, null, 'E0'),
      stream(DEMO_STREAMS.shocks, 'Shock', null, null, null, 'E0'),
      stream(DEMO_STREAMS.pressure, 'Pressure', 'pressure', IN_PASCALS, OUT_MBAR),
      stream(DEMO_STREAMS.humidity, 'Humidity', 'humidity', IN_CENTI_PERCENT, OUT_PERCENT),
      stream(DEMO_STREAMS.temperature, 'Temperature', 'temp', IN_CENTI_CELSIUS, OUT_CELSIUS),
      // Pallet 18 is between trips: its streams exist, with no data yet.
      stream(
        DEMO_STREAMS.temperature.replace('0b01', '0b02'),
        'Temperature',
        'temp',
        IN_CENTI_CELSIUS,
        OUT_CELSIUS,
      ),
      stream(DEMO_STREAMS.shocks.replace('0b01', '0b02'), 'Shock', null, null, null, 'E0'),
    ],
    streamers: [
      ...plantDevices.flatMap((d) => [
        {
          slug: `t--${d.slice(3)}--0000`,
          selector: 0xd7ff,
          last_id: DEMO_YEAR.count,
          last_reboot_ts: DEMO_YEAR.start,
        },
        { slug: `t--${d.slice(3)}--0001`, selector: 0x5fff, last_id: 0 },
      ]),
      {
        slug: `t--${DEMO_DEVICES.pallet17.slice(3)}--0000`,
        selector: 0xd7ff,
        last_id: tripLastId,
        last_reboot_ts: DEMO_TRIP.start,
      },
      { slug: `t--${DEMO_DEVICES.pallet18.slice(3)}--0000`, selector: 0xd7ff, last_id: 0 },
    ],
    reports,
    fleets: [
      {
        slug: DEMO_FLEET,
        name: 'Plant devices',
        org,
        description: 'Everything that reports from the plant',
        created_on: CREATED,
        created_by: user,
        members: plantDevices.map((d) => ({
          device: d,
          always_on: d !== DEMO_DEVICES.irrigation,
          is_access_point: d === DEMO_DEVICES.mainInflow,
        })),
      },
    ],
    properties: [
      { name: 'Site', value: 'Building A', type: 'str', target: DEMO_DEVICES.mainInflow },
      { name: 'Pipe Diameter (in)', value: 4, type: 'int', target: DEMO_DEVICES.mainInflow },
      { name: 'Billing Meter', value: true, type: 'bool', target: DEMO_DEVICES.mainInflow },
      { name: 'Site', value: 'Roof', type: 'str', target: DEMO_DEVICES.coolingTower },
      { name: 'Zone', value: 'North lawn', type: 'str', target: DEMO_DEVICES.irrigation },
      { name: 'Carrier', value: 'Northwind Freight', type: 'str', target: DEMO_DEVICES.pallet17 },
      { name: 'Shipment', value: 'PO-20251103-17', type: 'str', target: DEMO_DEVICES.pallet17 },
      { name: 'Region', value: 'West', type: 'str', target: plant.slug },
    ],
    notes: [
      {
        target: DEMO_DEVICES.mainInflow,
        timestamp: '2025-03-14T09:30:00Z',
        note: 'Meter recalibrated after the annual inspection.',
        created_by: user,
      },
      {
        target: DEMO_DEVICES.irrigation,
        timestamp: '2025-04-01T05:00:00Z',
        note: 'Irrigation season started.',
        created_by: user,
      },
      {
        target: DEMO_DEVICES.irrigation,
        timestamp: '2025-10-31T21:00:00Z',
        note: 'Irrigation season ended.',
        created_by: user,
      },
      {
        target: DEMO_TRIP.device,
        timestamp: DEMO_TRIP.start,
        note: 'Trip started at dock 4.',
        type: 'si',
        created_by: user,
      },
      {
        target: DEMO_TRIP.device,
        timestamp: '2025-11-05T22:30:00Z',
        note: 'Temperature excursion while waiting on the tarmac.',
        created_by: user,
      },
      {
        target: DEMO_TRIP.device,
        timestamp: DEMO_TRIP.end,
        note: 'Delivered.',
        type: 'si',
        created_by: user,
      },
    ],
    events: [...shocks, summary],
    event_data: eventData,
    data: {
      [DEMO_STREAMS.tripStart]: [
        {
          type: 'Num',
          timestamp: DEMO_TRIP.start,
          int_value: 1,
          value: 1,
          streamer_local_id: 1,
          status: 'cln',
        },
      ],
      [DEMO_STREAMS.tripEnd]: [
        {
          type: 'Num',
          timestamp: DEMO_TRIP.end,
          int_value: 1,
          value: 1,
          streamer_local_id: endLocalId,
          status: 'cln',
        },
      ],
    },
  };
  // The variables of the demo's streams (one per project and local id), as `/variable/` serves them.
  fixture.variables = variablesOfStreams(fixture.streams ?? [], fixture.projects ?? [], CREATED);
  return { fixture, series };
}

/** A stable UUID-shaped id from the seed and a number (report ids). */
function uuidLike(seed: number, n: number): string {
  const hex = (k: number) =>
    Math.floor(noise(seed, 100 + k, n) * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex(0)}${hex(1)}-${hex(2)}-4${hex(3).slice(1)}-a${hex(4).slice(1)}-${hex(5)}${hex(6)}${hex(7)}`;
}

function pointsOf(options: SeriesOptions): FixturePoint[] {
  const source = new SeriesSource(options, 0);
  return Array.from({ length: source.length }, (_, i) => {
    const p = source.pointAt(i);
    return {
      type: p.type,
      timestamp: iso(p.timestamp),
      int_value: p.intValue,
      value: p.value,
      streamer_local_id: p.streamerLocalId,
      status: p.status,
    };
  });
}

/**
 * The demo data set as a fixture (for `addData`, or to read): the same objects and readings that
 * `new MockIOTileCloud({ demo: true })` serves, with the long series written out as points (about 141,000
 * of them; the mock itself computes them only when asked).
 */
export function demoFixture(options: DemoOptions = {}): FixtureData {
  const { fixture, series } = buildDemo(options.seed ?? DEMO_SEED);
  const data = { ...fixture.data };
  for (const { slug, options: o } of series) {
    data[slug] = pointsOf(o);
  }
  return { ...fixture, data };
}

/** Loads the demo into a store: the fixture, and the long series as readings computed when served. */
export function loadDemo(store: Store, options: DemoOptions = {}): void {
  const { fixture, series } = buildDemo(options.seed ?? DEMO_SEED);
  addFixture(store, fixture);
  for (const { slug, options: o } of series) {
    store.streamData.set(slug, new SeriesSource(o, store.nextId('data', o.count)));
  }
}

/**
 * The Python `get-pod1m-trip-data.py`: everything a POD-1M uploaded about its last trip. The trip runs
 * from the last point of the device's `0e00` (trip start) stream to the last point of its `0e01` (trip
 * end) stream. In between: the trip summary event (`5a07`), pressure, humidity and temperature every 15
 * minutes (`5021`, `5022`, `5023`, read through `/stream/{slug}/data/` for their output units), shock
 * events (`5020`), and the waveform of the strongest shock.
 *
 *   IOTILE_PASSWORD=... tsx src/pod1m-trip.ts --email you@example.com d--0b01
 */
import type { Api } from '@iotile/client';
import { HttpNotFoundError } from '@iotile/client/errors';
import { IOTileDeviceSlug, IOTileProjectSlug, IOTileStreamSlug } from '@iotile/gid';
import { StreamData } from '@iotile/stream';

import { type Connection, isMain, type Log, printLine, runFromCommandLine, withApi } from './session.js';

/** The POD-1M's trip variables, as in the Python example. */
export const TRIP_VARS = {
  TRIP_START: '0e00',
  TRIP_END: '0e01',
  TRIP_SUMMARY: '5a07',
  SHOCK_EVENTS: '5020',
  PRESSURE: '5021',
  HUMIDITY: '5022',
  TEMPERATURE: '5023',
} as const;

interface Shock {
  id: number;
  timestamp: string;
  peak: number;
}

export interface TripResult {
  device: { slug: string; label: string };
  start: string;
  end: string;
  summary: Record<string, unknown> | null;
  pressure: number;
  humidity: number;
  temperature: number;
  shocks: number;
  maxPeak: (Shock & { samples: { x: number; y: number; z: number } }) | null;
}

/** The trip of `deviceSlug` (any slug form: `d--0b01`, `0b01`, ...); null when the device has no trip. */
export async function main(
  connection: Connection,
  deviceSlug: string,
  log: Log = printLine,
): Promise<TripResult | null> {
  const device = new IOTileDeviceSlug(deviceSlug); // a malformed slug throws here, before any request
  return withApi(connection, (api) => readTrip(api, device, log));
}

async function readTrip(api: Api, deviceSlug: IOTileDeviceSlug, log: Log): Promise<TripResult | null> {
  let device: Awaited<ReturnType<typeof getDevice>>;
  try {
    device = await getDevice(api, deviceSlug);
  } catch (error) {
    if (error instanceof HttpNotFoundError) {
      throw new Error(`Device not found: ${deviceSlug}`);
    }
    throw error;
  }
  if (!device.project) {
    throw new Error(`Device ${device.slug} is not claimed by a project`);
  }
  const project = await api.get('/project/{id}/', { params: { path: { id: device.project } } });
  const stream = (variable: string) =>
    IOTileStreamSlug.fromParts(new IOTileProjectSlug(project.slug), deviceSlug, variable).toString();

  const last = async (kind: 'data' | 'event', slug: string) => {
    const query = { filter: slug, lastn: 1 };
    const page =
      kind === 'data'
        ? await api.get('/data/', { params: { query } })
        : await api.get('/event/', { params: { query } });
    return page.count > 0 ? (page.results[0] ?? null) : null;
  };

  const startPoint = await last('data', stream(TRIP_VARS.TRIP_START));
  const endPoint = await last('data', stream(TRIP_VARS.TRIP_END));
  if (!startPoint || !endPoint) {
    log(`${device.label} (${device.slug}) has no finished trip`);
    return null;
  }
  const [start, end] = [startPoint.timestamp, endPoint.timestamp];
  log('--------------------------------------------------------------------------');
  log(`Processing Trip: ${device.label} (${device.slug})`);
  log(`Processing Trip from ${start} to ${end}`);
  log('--------------------------------------------------------------------------');

  const summaryEvent = await last('event', stream(TRIP_VARS.TRIP_SUMMARY));
  const summary = (summaryEvent && 'extra_data' in summaryEvent ? summaryEvent.extra_data : null) ?? null;
  for (const [key, value] of Object.entries(summary ?? {})) {
    log(`--> ${key}: ${String(value)}`);
  }

  // Environmental data: the stream API gives the values in their output units.
  const range = async (variable: string) => {
    const data = new StreamData(stream(variable), api);
    await data.initializeFromServer({ start, end });
    return data.data;
  };
  const pressure = await range(TRIP_VARS.PRESSURE);
  const humidity = await range(TRIP_VARS.HUMIDITY);
  const temperature = await range(TRIP_VARS.TEMPERATURE);
  log(`Got ${pressure.length} pressure data records`);
  log(`Got ${humidity.length} relative humidity data records`);
  log(`Got ${temperature.length} temperature data records`);

  const shocks: Shock[] = [];
  for await (const event of api.paginate('/event/', {
    params: { query: { filter: stream(TRIP_VARS.SHOCK_EVENTS), start, end } },
  })) {
    const peak = event.extra_data?.peak;
    shocks.push({ id: event.id, timestamp: event.timestamp, peak: typeof peak === 'number' ? peak : 0 });
  }
  log(`Got ${shocks.length} shock event records`);

  // The strongest shock, and its waveform (the event's raw data).
  let maxPeak: TripResult['maxPeak'] = null;
  const strongest = shocks.reduce<Shock | null>(
    (best, s) => (best === null || s.peak > best.peak ? s : best),
    null,
  );
  if (strongest) {
    const waveform = (await api.get('/event/{id}/data/', { params: { path: { id: strongest.id } } })) as {
      acceleration_data?: { x?: unknown[]; y?: unknown[]; z?: unknown[] };
    };
    const samples = {
      x: waveform.acceleration_data?.x?.length ?? 0,
      y: waveform.acceleration_data?.y?.length ?? 0,
      z: waveform.acceleration_data?.z?.length ?? 0,
    };
    log(`Got max peak waveform with ${samples.x} x, ${samples.y} y and ${samples.z} z points`);
    maxPeak = { ...strongest, samples };
  }
  return {
    device: { slug: device.slug, label: device.label },
    start,
    end,
    summary,
    pressure: pressure.length,
    humidity: humidity.length,
    temperature: temperature.length,
    shocks: shocks.length,
    maxPeak,
  };
}

function getDevice(api: Api, slug: IOTileDeviceSlug) {
  return api.get('/device/{slug}/', { params: { path: { slug: slug.toString() } } });
}

if (isMain(import.meta.url)) {
  await runFromCommandLine('pod1m-trip [options] <device-slug>', { min: 1, max: 1 }, (connection, [device]) =>
    main(connection, device as string),
  );
}

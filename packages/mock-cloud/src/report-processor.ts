/**
 * What the server (upload view plus its report worker) does with an accepted streamer report, done at once
 * instead of asynchronously: find the device (404 unknown, 400 unclaimed), get or create the streamer,
 * store the report record, turn readings and events newer than the streamer's acknowledgement into stream
 * data and events, and move the acknowledgement (`last_id`) forward.
 */
import { randomUUID } from 'node:crypto';

import { MdoError, MdoHelper, type MdoUnit } from '@iotile/mdo';

import { notFound, validationList } from './http.js';
import type { DataPoint } from './points.js';
import type { FlexibleReport, SignedListReport } from './reports.js';
import { deviceSlug, streamerSlug, streamSlug } from './slugs.js';
import type { Obj, Store, UserRecord } from './store.js';
import { formatDrf, parseIsoDateTime } from './timestamps.js';

/** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the range of Python's datetime (end excluded). */
const MIN_TIME_US = -62_135_596_800e6;
const END_TIME_US = 253_402_300_800e6;

/** Everything about a report that processing needs, whichever format it came in. */
export interface ReportSummary {
  deviceId: number;
  streamerIndex: number;
  selector: number;
  deviceSentTimestamp: number;
  incrementalId: number | null;
  lowestId: number;
  highestId: number;
  data: Array<{
    stream: number;
    localId: number;
    deviceTs: number | null;
    timestamp: string | null;
    value: number;
  }>;
  events: Array<{
    stream: number;
    localId: number;
    deviceTs: number | null;
    timestamp: string | null;
    extraData: Record<string, unknown> | null;
    data: unknown;
  }>;
}

export function summariseSignedList(r: SignedListReport): ReportSummary {
  return {
    deviceId: r.header.deviceId,
    streamerIndex: r.header.streamerIndex,
    selector: r.header.streamerSelector,
    deviceSentTimestamp: r.header.sentTimestamp,
    incrementalId: r.header.reportId,
    lowestId: r.lowestId,
    highestId: r.highestId,
    data: r.readings.map((x) => ({
      stream: x.stream,
      localId: x.readingId,
      deviceTs: x.timestamp,
      timestamp: null,
      value: x.value,
    })),
    events: [],
  };
}

export function summariseFlexible(r: FlexibleReport): ReportSummary {
  return {
    deviceId: r.device,
    streamerIndex: r.streamerIndex,
    selector: r.streamerSelector,
    deviceSentTimestamp: r.deviceSentTimestamp,
    incrementalId: r.incrementalId,
    lowestId: r.lowestId,
    highestId: r.highestId,
    data: r.data.map((x) => ({
      stream: x.stream,
      localId: x.streamerLocalId,
      deviceTs: x.deviceTimestamp,
      timestamp: x.timestamp,
      value: x.value,
    })),
    events: r.events.map((x) => ({
      stream: x.stream,
      localId: x.streamerLocalId,
      deviceTs: x.deviceTimestamp,
      timestamp: x.timestamp,
      extraData: x.extraData,
      data: x.data,
    })),
  };
}

/**
 * The stream's input unit as an MDO conversion (the worker stores `o + value * m / d`), or null when it
 * has none, or one a fixture gave with factors MDO cannot use (then the raw value is stored).
 */
function inputMdo(unit: unknown): MdoHelper | null {
  if (unit === null || typeof unit !== 'object') {
    return null;
  }
  try {
    return MdoHelper.fromUnit(unit as MdoUnit);
  } catch (err) {
    if (err instanceof MdoError) {
      return null;
    }
    throw err;
  }
}

/** `force_to_utc`: an ISO string without offset or `Z` is UTC. */
export function utcMicros(text: string): number | null {
  const trimmed = text.trim();
  const hasZone = /(Z|z|[+-]\d{2}(:?\d{2})?)$/.test(trimmed) && /T|\s/.test(trimmed);
  return parseIsoDateTime(hasZone ? trimmed : `${trimmed}Z`);
}

export interface ProcessedReport {
  /** The report record's id. */
  id: string;
  /** What the upload answers: the number of readings and events in the report. */
  count: number;
}

/**
 * Applies a report. `receivedUs` is the upload's `?timestamp=` (the time the gateway received it); a
 * reading's time is `received - device_sent_timestamp + reading uptime`. `nowUs` is the server clock
 * (the record's `created_on`).
 */
export function processReport(
  store: Store,
  report: ReportSummary,
  receivedUs: number,
  user: UserRecord,
  raw: Uint8Array,
  nowUs: number,
): ProcessedReport {
  const devSlug = deviceSlug(report.deviceId);
  const device = store.devices.get(devSlug);
  if (!device) {
    throw notFound();
  }
  const projectId = device.project as string | null | undefined;
  const project = projectId ? store.projects.get(String(projectId).toLowerCase()) : undefined;
  if (!projectId || !project) {
    throw validationList(`Device ${devSlug} has not been claimed. Yet, it is uploading a report`);
  }

  const baseUs = receivedUs - report.deviceSentTimestamp * 1_000_000;
  // Every time the report gives is checked before anything is stored (a bad report changes nothing).
  const timeOf = (item: { timestamp: string | null; deviceTs: number | null }, where: string): number => {
    const utc = item.timestamp === null ? null : utcMicros(item.timestamp);
    const us = utc ?? baseUs + (item.deviceTs ?? 0) * 1_000_000;
    if (!(us >= MIN_TIME_US && us < END_TIME_US)) {
      const received = formatDrf(receivedUs);
      throw validationList(
        `${where}: the time ${item.timestamp ?? `received ${received} - sent ${report.deviceSentTimestamp} s + ${item.deviceTs ?? 0} s`} is outside years 1 to 9999`,
      );
    }
    return us;
  };
  const dataTimes = report.data.map((d, i) => timeOf(d, `data[${i}]`));
  const eventTimes = report.events.map((e, i) => timeOf(e, `events[${i}]`));

  const tSlug = streamerSlug(report.deviceId, report.streamerIndex);
  let streamerObj = store.streamers.get(tSlug);
  if (!streamerObj) {
    const sg = store.sgs.get(String(device.sg ?? ''));
    streamerObj = {
      id: store.nextId('streamer'),
      slug: tSlug,
      device: devSlug,
      process_engine_ver:
        typeof sg?.report_processing_engine_ver === 'number' ? sg.report_processing_engine_ver : 2,
      index: report.streamerIndex,
      last_id: 0,
      last_reboot_ts: null,
      selector: report.selector,
    };
    store.streamers.set(tSlug, streamerObj);
  } else if (!streamerObj.selector) {
    streamerObj.selector = report.selector;
  }
  const lastId = typeof streamerObj.last_id === 'number' ? streamerObj.last_id : 0;
  const projectSlug = String(project.slug ?? '');

  const allIds = [...report.data.map((d) => d.localId), ...report.events.map((e) => e.localId)];
  const fresh = report.data
    .map((d, i) => ({ ...d, us: dataTimes[i] as number }))
    .filter((d) => d.localId > lastId);
  const freshEvents = report.events
    .map((e, i) => ({ ...e, us: eventTimes[i] as number }))
    .filter((e) => e.localId > lastId);

  const byStream = new Map<string, DataPoint[]>();
  const firstId = store.nextId('data', fresh.length);
  fresh.forEach((d, i) => {
    const slug = streamSlug(projectSlug, devSlug, d.stream);
    const stream = store.streams.get(slug);
    const value = inputMdo(stream?.input_unit)?.compute(d.value) ?? d.value;
    const point: DataPoint = {
      id: firstId + i,
      timestamp: d.us,
      type: 'Num',
      intValue: d.value,
      value,
      streamerLocalId: d.localId,
      deviceTimestamp: d.deviceTs,
      dirtyTs: false,
      status: 'cln',
    };
    const list = byStream.get(slug) ?? [];
    list.push(point);
    byStream.set(slug, list);
  });
  for (const [slug, points] of byStream) {
    store.appendPoints(slug, points);
  }
  for (const e of freshEvents) {
    const id = store.nextId('event');
    store.events.set(id, {
      id,
      stream: streamSlug(projectSlug, devSlug, e.stream),
      timestamp: formatDrf(e.us),
      device_timestamp: e.deviceTs,
      streamer_local_id: e.localId,
      extra_data: e.extraData,
      has_raw_data: e.data !== undefined && e.data !== null,
      ext: 'json',
      status: 'cln',
    });
    if (e.data !== undefined && e.data !== null) {
      store.eventData.set(id, e.data);
    }
  }

  const count = fresh.length + freshEvents.length;
  const record: Obj = {
    id: randomUUID(),
    original_first_id: report.lowestId,
    original_last_id: report.highestId,
    actual_first_id: count > 0 ? Math.min(...allIds) : 0,
    actual_last_id: count > 0 ? Math.max(...allIds) : 0,
    streamer: tSlug,
    sent_timestamp: formatDrf(receivedUs),
    device_sent_timestamp: report.deviceSentTimestamp,
    incremental_id: report.incrementalId,
    time_epsilon: 1,
    created_on: formatDrf(nowUs),
    created_by: user.slug,
  };
  store.reports.set(record.id as string, record);
  store.rawReportFiles.set(record.id as string, raw);
  if (count > 0) {
    streamerObj.last_id = Math.max(lastId, record.actual_last_id as number);
    streamerObj.last_reboot_ts = formatDrf(Math.min(Math.max(baseUs, MIN_TIME_US), END_TIME_US - 1e6));
  }
  return { id: record.id as string, count: report.data.length + report.events.length };
}

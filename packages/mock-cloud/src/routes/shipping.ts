/**
 * `/shipping/` (`apps/verticals/shipping`): POD-1M shipping trips.
 *
 * - `trip/{slug}/`: a device slug reads its active trip, a data-block slug an archived one: the trip's
 *   start and end (the `0e00`/`0e01` points, or the first and last shock or temperature reading), clipped
 *   by the data mask, and the streams to read. Access to the object's org (403).
 * - `trip/{slug}/setup/`: an inactive (`N0`) device becomes active (`can_modify_device`).
 * - `trip/{slug}/archive/`: an active (`N1`) device is archived into a new data block
 *   (`can_manage_org_and_projects`); the device then goes back to `N0`.
 * - `org/quality/summary/{org_slug}/`: the org's archived trips with a trip summary (JSON or CSV).
 * - `project/status/{project_slug}/`: the trip status of every device of a project.
 *
 * The server reads the reports' settings from config attributes; the mock uses the server's defaults.
 */

import { hasOrgAccess, hasOrgPermission, orgOfDevice } from '../access.js';
import type { Schema } from '../api-types.js';
import { detail, json, type MockRequest, notFound, text, validationList } from '../http.js';
import type { DataPoint } from '../points.js';
import { archiveDevice, createBlock } from '../resources/archive.js';
import { dataMask, streamFor, VAR } from '../resources/device-data.js';
import { accessDenied, checkedBody, deviceBusy, isBusy, nowIso, userOf } from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { dataPoint, device, drfTime, projectBySlug, slugFields } from '../serializers.js';
import { blockSlug, deviceSlug, parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { formatSecondsZ, parseIsoDateTime } from '../timestamps.js';

const SHOCKS = 0x5020;
const PRESSURE = 0x5021;
const HUMIDITY = 0x5022;
const TEMPERATURE = 0x5023;

interface TripObject {
  kind: 'device' | 'block';
  obj: Obj;
  org: string | null;
}

/** A device slug names a device (active trip); anything else is read as a block slug (archived trip). */
function tripObject(env: Env, text: string | undefined): TripObject {
  const d = tryParse(() => deviceSlug(text ?? ''));
  if (d && (text ?? '').toLowerCase().startsWith('d--')) {
    const found = env.store.devices.get(d);
    if (!found) {
      throw notFound();
    }
    return { kind: 'device', obj: found, org: orgOfDevice(env, found) };
  }
  const b = tryParse(() => blockSlug(text ?? ''));
  const found = b ? env.store.datablocks.get(b) : undefined;
  if (!found) {
    throw notFound();
  }
  return { kind: 'block', obj: found, org: typeof found.org === 'string' ? found.org : null };
}

/** `get_object(permission)`: the object if the user has the permission (or, without one, access). */
function tripOf(req: MockRequest, env: Env, permission?: string): TripObject {
  const trip = tripObject(env, req.params.slug);
  const user = userOf(req);
  const allowed = permission
    ? trip.org !== null && hasOrgPermission(env, user, trip.org, permission)
    : hasOrgAccess(env, user, trip.org);
  if (!allowed) {
    throw accessDenied();
  }
  return trip;
}

/** The points of a stream (empty when it has none). */
function pointsOf(env: Env, slug: string | null): DataPoint[] {
  const source = slug ? env.store.pointsOf(slug) : null;
  return source ? Array.from({ length: source.length }, (_, i) => source.pointAt(i)) : [];
}

/** Event timestamps (µs) of a stream, without the error events, in time order. */
function eventTimes(env: Env, slug: string | null): number[] {
  const times: number[] = [];
  for (const e of env.store.events.values()) {
    const extra = e.extra_data as Obj | null | undefined;
    if (slug !== null && e.stream === slug && !(extra && typeof extra === 'object' && 'error' in extra)) {
      const t = parseIsoDateTime(String(e.timestamp));
      if (t !== null) {
        times.push(t);
      }
    }
  }
  return times.sort((a, b) => a - b);
}

const utc = (us: number | null): string | null =>
  us === null ? null : formatSecondsZ(Math.floor(us / 1e6) * 1e6);

function dateRange(env: Env, o: Obj): Schema<'ShippingTripDateRange'> {
  const startSlug = streamFor(env, o, VAR.tripStart);
  const endSlug = streamFor(env, o, VAR.tripEnd);
  let originalStart: number | null = null;
  let originalEnd: number | null = null;
  let actualStart: number | null = null;
  let actualEnd: number | null = null;
  let startData: Schema<'DataPoint'> | null = null;
  let endData: Schema<'DataPoint'> | null = null;
  const tripPoints = [
    ...pointsOf(env, startSlug).map((p) => ({ p, slug: startSlug as string })),
    ...pointsOf(env, endSlug).map((p) => ({ p, slug: endSlug as string })),
  ].sort((a, b) => a.p.streamerLocalId - b.p.streamerLocalId || a.p.timestamp - b.p.timestamp);
  for (const { p, slug } of tripPoints) {
    if (slug === startSlug) {
      originalStart = actualStart = p.timestamp;
      startData = dataPoint(p, slugFields(slug));
    } else {
      originalEnd = actualEnd = p.timestamp;
      endData = dataPoint(p, slugFields(slug));
    }
  }
  const shocks = eventTimes(env, streamFor(env, o, SHOCKS));
  const temps = pointsOf(env, streamFor(env, o, TEMPERATURE)).map((p) => p.timestamp);
  if (originalStart === null) {
    const first = [shocks[0], temps[0]].filter((t): t is number => t !== undefined);
    if (first.length > 0) {
      originalStart = actualStart = Math.min(...first);
    }
  }
  if (originalStart !== null && originalEnd !== null && originalEnd < originalStart) {
    // The end of a previous trip.
    originalEnd = null;
  }
  if (originalEnd === null) {
    const last = [shocks[shocks.length - 1], temps[temps.length - 1]].filter(
      (t): t is number => t !== undefined,
    );
    if (last.length > 0) {
      originalEnd = Math.max(...last);
      // The /data/ and /event/ `end` is exclusive: one second more.
      actualEnd = originalEnd + 1_000_000;
    }
  }
  let masked = false;
  const mask = dataMask(env, o);
  if (mask?.start) {
    const t = parseIsoDateTime(mask.start);
    if (t !== null && (originalStart === null || t > originalStart)) {
      actualStart = t;
      masked = true;
    }
  }
  if (mask?.end) {
    const t = parseIsoDateTime(mask.end);
    if (t !== null && (originalEnd === null || t < originalEnd)) {
      actualEnd = t;
      masked = true;
    }
  }
  return {
    original_start: utc(originalStart),
    original_end: utc(originalEnd),
    actual_start: utc(actualStart),
    actual_end: utc(actualEnd),
    start_data: startData,
    end_data: endData,
    masked,
  };
}

function tripStreams(env: Env, o: Obj): Schema<'ShippingTripStream'>[] {
  const slug = (lid: number) => streamFor(env, o, lid) ?? '';
  return [
    { type: 'event', label: 'Shocks', stream: slug(SHOCKS) },
    { type: 'data', label: 'Pressure', stream: slug(PRESSURE) },
    { type: 'data', label: 'Relative Humidity', stream: slug(HUMIDITY) },
    { type: 'data', label: 'Temperature', stream: slug(TEMPERATURE) },
    { type: 'event', label: 'Summary', stream: slug(VAR.tripSummary) },
  ];
}

function trip(env: Env, t: TripObject): Schema<'ShippingTrip'> {
  const o = t.obj;
  const mask = dataMask(env, o);
  if (t.kind === 'block') {
    return {
      slug: String(o.slug),
      org: t.org,
      state: 'A',
      label: String(o.title ?? ''),
      trip_date_range: dateRange(env, o),
      data_mask: mask,
      streams: tripStreams(env, o),
    };
  }
  const view = device(o, env.store);
  const project = typeof o.project === 'string' ? env.store.projects.get(o.project.toLowerCase()) : undefined;
  return {
    slug: view.slug,
    label: view.label,
    org: view.org,
    project: typeof project?.slug === 'string' ? project.slug : null,
    state: view.state,
    trip_date_range: dateRange(env, o),
    data_mask: mask,
    streams: tripStreams(env, o),
  };
}

const STATE_LABELS: Record<string, string> = {
  N0: 'Normal - Inactive',
  N1: 'Normal - Active',
  B0: 'Busy - Resetting',
  B1: 'Busy - Archiving',
};

/** `display_formatted_ts`: `YYYY-MM-DD HH:MM:SS`. */
const display = (us: number): string => (utc(us) as string).replace('T', ' ').replace('Z', '');

/** `TripProjectStatusReport.analyze`. */
function projectStatus(env: Env, p: Obj) {
  const config = {
    properties: [
      { label: 'Ship From', key: 'from' },
      { label: 'Ship To', key: 'to' },
    ],
    show_external_id: false,
  };
  const devices = [...env.store.devices.values()].filter(
    (d) => String(d.project ?? '').toLowerCase() === String(p.id),
  );
  const results = devices.map((d) => {
    const view = device(d, env.store);
    const slug = view.slug;
    const properties: Record<string, unknown> = {};
    for (const item of config.properties) {
      for (const prop of env.store.properties.values()) {
        if (prop.target === slug && prop.name === item.label) {
          properties[item.key] = prop.value;
        }
      }
    }
    const inProject = (lid: number) => streamFor(env, d, lid);
    const tripEnd = pointsOf(env, inProject(VAR.tripEnd)).length > 0;
    const midTrip = pointsOf(env, inProject(VAR.midTripUpload)).length > 0;
    let stateLabel = STATE_LABELS[view.state] ?? view.state;
    let lastUpdate: number | null = null;
    let hasUpdate = false;
    let hasSummary = false;
    const events = (lid: number) =>
      [...env.store.events.values()]
        .filter((e) => e.stream === inProject(lid))
        .map((e) => parseIsoDateTime(String(e.timestamp)))
        .filter((t): t is number => t !== null);
    for (const t of events(VAR.tripUpdate)) {
      if (hasUpdate && lastUpdate !== null && lastUpdate > t) {
        continue;
      }
      stateLabel = 'Normal - Active (Update)';
      hasUpdate = true;
      lastUpdate = t;
    }
    for (const t of events(VAR.tripSummary)) {
      if (hasSummary && lastUpdate !== null && lastUpdate > t) {
        continue;
      }
      stateLabel = !tripEnd && midTrip ? 'Normal - Active (Update)' : 'Normal - Trip Ended';
      hasSummary = true;
      lastUpdate = t;
    }
    return {
      slug,
      label: view.label,
      state_label: stateLabel,
      state_id: view.state,
      last_update: lastUpdate === null ? '' : display(lastUpdate),
      properties,
      ...(view.external_id ? { external_id: view.external_id } : {}),
    };
  });
  return { id: String(p.id), name: String(p.name ?? ''), slug: String(p.slug), config, results };
}

const SUMMARY_KEYS = [
  'Device',
  'START (UTC)',
  'END (UTC)',
  'Duration (Days)',
  'Event Count',
  'First event at (UTC)',
  'Last event at (UTC)',
  'Max Humidity (% RH)',
  'Min Humidity (% RH)',
  'Median Humidity (% RH)',
  'Max Pressure (Mbar)',
  'Min Pressure (Mbar)',
  'Median Pressure (Mbar)',
  'Max Temp (C)',
  'Min Temp (C)',
  'Median Temp (C)',
  'Above 30C',
  'Below 17C',
  'Max Peak (G)',
  'TimeStamp(MaxPeak) (UTC)',
  'DeltaV at Max Peak (in/s)',
  'MaxDeltaV (in/s)',
  'TimeStamp(MaxDeltaV) (UTC)',
  'Peak at MaxDeltaV (G)',
];

/** `TripOrgQualityReport.analyze`: the org's blocks with a trip summary event. */
function orgQuality(env: Env, o: Obj) {
  const config = { summary_keys: SUMMARY_KEYS, property_keys: [] as string[] };
  const results = [];
  for (const b of env.store.datablocks.values()) {
    if (b.org !== o.slug) {
      continue;
    }
    let summary: Obj | null = null;
    let when: number | null = null;
    const stream = streamFor(env, b, VAR.tripSummary);
    for (const e of env.store.events.values()) {
      const parts = tryParse(() => parseStreamSlug(String(e.stream)));
      const t = parseIsoDateTime(String(e.timestamp));
      if (parts && e.stream === stream && t !== null && (when === null || t >= when)) {
        summary = (e.extra_data as Obj | null) ?? {};
        when = t;
      }
    }
    if (summary === null || Object.keys(summary).length === 0 || when === null) {
      continue;
    }
    const properties: Record<string, unknown> = {};
    for (const key of config.property_keys) {
      for (const p of env.store.properties.values()) {
        if (p.target === b.slug && p.name === key) {
          properties[key] = p.value;
        }
      }
    }
    results.push({
      slug: String(b.slug),
      label: String(b.title ?? ''),
      summary_date: display(when),
      data: { summary, properties },
    });
  }
  return {
    id: String(o.id ?? ''),
    name: String(o.name ?? o.slug),
    slug: String(o.slug),
    config,
    count: results.length,
    results,
  };
}

/** Python's `csv.DictWriter` quoting: a field with a comma, a quote or a line break is quoted. */
function csvField(v: unknown): string {
  const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function qualityCsv(report: ReturnType<typeof orgQuality>): string {
  const columns = ['Device ID', 'Label', ...report.config.property_keys, ...report.config.summary_keys];
  const known = new Set(columns);
  const lines = [columns.map(csvField).join(',')];
  for (const item of report.results) {
    const row: Record<string, unknown> = { 'Device ID': item.slug, Label: item.label };
    for (const [k, v] of [...Object.entries(item.data.summary), ...Object.entries(item.data.properties)]) {
      if (known.has(k)) {
        row[k] = v;
      }
    }
    lines.push(columns.map((c) => csvField(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function shippingRoutes(router: Router): void {
  router.add('/shipping/trip/{slug}/', {
    GET: (req, env) => json(200, trip(env, tripOf(req, env))),
  });

  router.add('/shipping/trip/{slug}/setup/', {
    POST: (req, env) => {
      const t = tripOf(req, env, 'can_modify_device');
      if (t.kind !== 'device') {
        throw notFound();
      }
      const d = t.obj;
      if (isBusy(d)) {
        throw deviceBusy();
      }
      if (device(d, env.store).state !== 'N0') {
        throw validationList('Device must be in Inactive State before it can be setup for a trip');
      }
      // The label comes from the sensor graph's `defaultActiveDeviceName` config attribute when there is
      // one; otherwise it stays (a device without a label gets `Device <slug>`).
      d.label = typeof d.label === 'string' && d.label !== '' ? d.label : `Device ${String(d.slug)}`;
      d.state = 'N1';
      d.active = true;
      return json(202, device(d, env.store));
    },
  });

  router.add('/shipping/trip/{slug}/archive/', {
    POST: async (req, env) => {
      const t = tripOf(req, env, 'can_manage_org_and_projects');
      if (t.kind !== 'device') {
        throw notFound();
      }
      const d = t.obj;
      if (isBusy(d)) {
        throw deviceBusy();
      }
      if (device(d, env.store).state !== 'N1') {
        throw validationList('Device must be in Active State before it can be archived');
      }
      const values = await checkedBody(req, 'ShippingTripArchiveRequest');
      const user = userOf(req);
      const block = createBlock(env, d, {
        title: String(values.title),
        description: typeof values.description === 'string' ? values.description : '',
        org: t.org,
        createdBy: user.slug,
      });
      block.sg = d.sg ?? null;
      const label = typeof d.label === 'string' && d.label !== '' ? d.label : `Device ${String(d.slug)}`;
      d.state = 'B0';
      const pid = archiveDevice(env, block, d, { device: { label, state: 'N0' } });
      return json(201, {
        id: Number(block.id),
        slug: String(block.slug),
        title: String(block.title),
        description: String(block.description),
        device: String(d.slug),
        block: Number(block.block),
        org: String(block.org ?? ''),
        created_on: drfTime(String(block.created_on ?? nowIso(env))),
        pid,
      });
    },
  });

  router.add('/shipping/org/quality/summary/{org_slug}/', {
    GET: (req, env) => {
      const o = env.store.orgs.get(req.params.org_slug ?? '');
      if (!o) {
        throw notFound();
      }
      if (!hasOrgPermission(env, userOf(req), String(o.slug), 'can_manage_org_and_projects')) {
        throw accessDenied();
      }
      const report = orgQuality(env, o);
      const format = req.query.get('format');
      const accept = String(req.headers.accept ?? '');
      if (
        format === 'csv' ||
        (format === null && /(^|,)\s*text\/csv/.test(accept) && !/application\/json/.test(accept))
      ) {
        return text(200, 'text/csv; charset=utf-8', qualityCsv(report));
      }
      if (format !== null && format !== 'json') {
        throw detail(404, 'Not found.');
      }
      return json(200, report);
    },
  });

  router.add('/shipping/project/status/{project_slug}/', {
    GET: (req, env) => {
      const slug = req.params.project_slug ?? '';
      // The server's route only matches `[pP]--XXXX-XXXX`; the lookup is exact.
      const p = /^[pP]--[0-9a-fA-F]{4}-[0-9a-fA-F]{4}$/.test(slug)
        ? projectBySlug(env.store, slug)
        : undefined;
      if (!p) {
        throw notFound();
      }
      const org = typeof p.org === 'string' ? p.org : null;
      if (org === null || !hasOrgPermission(env, userOf(req), org, 'can_read_device_properties')) {
        throw accessDenied();
      }
      return json(200, projectStatus(env, p));
    },
  });
}

/**
 * What the server's background jobs do to a device's data (reset, trim, unclaim, archive), run at once:
 * the server runs them the same way when it has no worker queue (`USE_WORKER` off), and then reports the
 * job id `pid:000000`. Also the data mask (`/device/{slug}/mask/`, `/datablock/{slug}/mask/`), which the server
 * keeps as an event on the object's `5a09` system stream, and the notes the jobs leave.
 */

import { hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { fieldErrors, forbidden, JSON_TYPE, json, type MockRequest, noContent, type Reply } from '../http.js';
import { ArraySource, type DataPoint } from '../points.js';
import type { Env } from '../router.js';
import { parseStreamSlug, projectSlug, streamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { formatSecondsZ, parseIsoDateTime } from '../timestamps.js';
import { checkedBody, deviceBusy, isBusy, nowIso, userOf } from './shared.js';

/**
 * The job id the server reports when it runs a job before answering (no worker queue): an `ActionPID`
 * of `000000`, which renders as `pid:000000`.
 */
export const INLINE_PID = 'pid:000000';

/** System variables the jobs use. */
export const VAR = {
  tripStart: 0x0e00,
  tripEnd: 0x0e01,
  tripRecord: 0x0e02,
  tripSummary: 0x5a07,
  tripUpdate: 0x5a08,
  dataMask: 0x5a09,
  midTripUpload: 0x5a0c,
  reboot: 0x5c00,
  osTagVersion: 0x5c08,
  appTagVersion: 0x5c09,
} as const;

/** Streams `trim` never touches (reboots, versions, trip start/end/record). */
const TRIM_EXCLUDED = new Set<number>([
  VAR.reboot,
  VAR.osTagVersion,
  VAR.appTagVersion,
  VAR.tripStart,
  VAR.tripEnd,
  VAR.tripRecord,
]);

/** The project slug of a device (`p--0000-0000` when unclaimed). */
export function projectSlugOfDevice(env: Env, device: Obj): string | null {
  const id = typeof device.project === 'string' ? device.project.toLowerCase() : null;
  const p = id ? env.store.projects.get(id) : undefined;
  return typeof p?.slug === 'string' ? p.slug : null;
}

/**
 * `get_stream_slug_for(variable)`: a device's streams are in its project (none when unclaimed); a data
 * block's are in project `p--0000-0000`, with the block's id as the device part.
 */
export function streamFor(env: Env, target: Obj, lid: number): string | null {
  const slug = String(target.slug);
  if (slug.startsWith('b--')) {
    return streamSlug(projectSlug(0), `d--${slug.slice(3)}`, lid);
  }
  const project = projectSlugOfDevice(env, target);
  return project ? streamSlug(project, slug, lid) : null;
}

/** The device (or block: `d--<block>-<device>`) part of a stream slug, or null. */
function deviceOfStream(slug: string): string | null {
  return tryParse(() => parseStreamSlug(slug))?.device ?? null;
}

/** The stream slugs of a device that hold anything: records, data or events (blocks' streams excluded). */
export function deviceStreams(env: Env, deviceSlugText: string): Set<string> {
  const out = new Set<string>();
  const consider = (slug: string) => {
    if (deviceOfStream(slug) === deviceSlugText) {
      out.add(slug);
    }
  };
  for (const slug of env.store.streams.keys()) {
    consider(slug);
  }
  for (const slug of env.store.slugsWithData()) {
    consider(slug);
  }
  for (const e of env.store.events.values()) {
    consider(String(e.stream));
  }
  return out;
}

/** Keeps the points of a stream that pass `keep`; returns how many were dropped. */
export function keepPoints(env: Env, slug: string, keep: (p: DataPoint) => boolean): number {
  const source = env.store.pointsOf(slug);
  if (!source || source.length === 0) {
    return 0;
  }
  const kept: DataPoint[] = [];
  for (let i = 0; i < source.length; i++) {
    const p = source.pointAt(i);
    if (keep(p)) {
      kept.push(p);
    }
  }
  // Set even when empty, so a stream-folder file does not come back.
  env.store.streamData.set(slug, new ArraySource(kept));
  return source.length - kept.length;
}

/** Deletes the events that match; returns how many. */
export function dropEvents(env: Env, drop: (e: Obj) => boolean): number {
  let n = 0;
  for (const [id, e] of env.store.events) {
    if (drop(e)) {
      env.store.events.delete(id);
      env.store.eventData.delete(id);
      n += 1;
    }
  }
  return n;
}

/** Adds a note (`StreamNote`), as the server's jobs and actions log what they did. */
export function addNote(env: Env, target: string, note: string, author: string, type = 'ui'): void {
  const id = env.store.nextId('note');
  env.store.notes.set(id, { id, target, timestamp: nowIso(env), note, type, created_by: author });
}

/** The event holding an object's data mask (the last one of its `5a09` stream), or undefined. */
export function maskEvent(env: Env, target: Obj): Obj | undefined {
  const stream = streamFor(env, target, VAR.dataMask);
  let last: Obj | undefined;
  for (const e of env.store.events.values()) {
    if (stream !== null && e.stream === stream && (!last || Number(e.id) > Number(last.id))) {
      last = e;
    }
  }
  return last;
}

/** The mask as `{start, end}` (`YYYY-MM-DDTHH:MM:SSZ` strings or null), or null when none is set. */
export function dataMask(env: Env, target: Obj): Schema<'DataMask'> | null {
  const extra = maskEvent(env, target)?.extra_data as Obj | undefined;
  if (!extra) {
    return null;
  }
  const bound = (v: unknown) => (typeof v === 'string' ? v : null);
  return { start: bound(extra.start), end: bound(extra.end) };
}

/** `DeviceDataTrimSerializer` / `DeviceDataMaskSerializer`: one bound at least, start not after end. */
export async function readRange(req: MockRequest): Promise<{ start: number | null; end: number | null }> {
  const values = await checkedBody(req, 'DataMaskRequest');
  const start = typeof values.start === 'string' ? parseIsoDateTime(values.start) : null;
  const end = typeof values.end === 'string' ? parseIsoDateTime(values.end) : null;
  if (start === null && end === null) {
    throw fieldErrors({ non_field_errors: ['At least one of start/end should be defined'] });
  }
  if (start !== null && end !== null && start > end) {
    throw fieldErrors({ non_field_errors: ['Start is after end'] });
  }
  return { start, end };
}

const utc = (us: number | null): string | null =>
  us === null ? null : formatSecondsZ(Math.floor(us / 1e6) * 1e6);

/** `mask_api_helper` GET: the mask, `{start: null, end: null}` when none is set. */
export function maskGet(env: Env, target: Obj): Reply<200, Schema<'DataMask'>> {
  return json(200, dataMask(env, target) ?? { start: null, end: null });
}

/** Mask writes need `can_reset_device` in the object's org (an object without one cannot be written). */
function checkMaskWrite(req: MockRequest, env: Env, orgSlug: string | null): void {
  if (orgSlug === null || !hasOrgPermission(env, userOf(req), orgSlug, 'can_reset_device')) {
    throw forbidden();
  }
}

/** `mask_api_helper` PATCH: sets the mask (202, the stored `extra_data`) and leaves a note. */
export async function maskSet(
  req: MockRequest,
  env: Env,
  target: Obj,
  orgSlug: string | null,
): Promise<Reply<202, Schema<'DataMaskEvent'>>> {
  checkMaskWrite(req, env, orgSlug);
  const range = await readRange(req);
  if (isBusy(target)) {
    throw deviceBusy();
  }
  const extra = { start: utc(range.start), end: utc(range.end), events: [], data: [] };
  const existing = maskEvent(env, target);
  const stream = streamFor(env, target, VAR.dataMask);
  if (existing) {
    Object.assign(existing, { timestamp: nowIso(env), extra_data: extra });
  } else if (stream !== null) {
    const id = env.store.nextId('event');
    env.store.events.set(id, { id, stream, timestamp: nowIso(env), status: 'cln', extra_data: extra });
  }
  let note = 'Data mask set (';
  note += extra.start ? ` start: ${extra.start}` : '';
  note += extra.end ? ` end: ${extra.end}` : '';
  addNote(env, String(target.slug), `${note} )`, userOf(req).username);
  return json(202, extra);
}

/** `mask_api_helper` DELETE: clears the mask (a note when there was one); 204. */
export function maskClear(
  req: MockRequest,
  env: Env,
  target: Obj,
  orgSlug: string | null,
): Reply<204, undefined> {
  checkMaskWrite(req, env, orgSlug);
  const stream = streamFor(env, target, VAR.dataMask);
  if (stream !== null && dropEvents(env, (e) => e.stream === stream) > 0) {
    addNote(env, String(target.slug), 'Data mask cleared', userOf(req).username);
  }
  // As the server's `Response({}, status=204)`: no body, a JSON content type.
  return { ...noContent(), headers: { 'content-type': JSON_TYPE } };
}

/** `DeviceDataTrimAction`: deletes the device's data and events before `start` and after `end`. */
export function trimDevice(
  env: Env,
  device: Obj,
  start: number | null,
  end: number | null,
  author: string,
): void {
  const slug = String(device.slug);
  const project = projectSlugOfDevice(env, device);
  const logs: string[] = [];
  const streams = [...env.store.streams.keys()].filter((s) => {
    const parts = tryParse(() => parseStreamSlug(s));
    return (
      parts !== null && parts.device === slug && parts.project === project && !TRIM_EXCLUDED.has(parts.lid)
    );
  });
  const inStreams = new Set(streams);
  const startText = utc(start);
  const endText = utc(end);
  for (const [bound, when, outside] of [
    [start, 'before', (t: number) => start !== null && t < start],
    [end, 'after', (t: number) => end !== null && t > end],
  ] as const) {
    if (bound === null) {
      continue;
    }
    let data = 0;
    for (const s of streams) {
      data += keepPoints(env, s, (p) => !outside(p.timestamp));
    }
    const events = dropEvents(env, (e) => {
      const t = parseIsoDateTime(String(e.timestamp));
      return inStreams.has(String(e.stream)) && t !== null && outside(t);
    });
    const text = when === 'before' ? startText : endText;
    if (data > 0) {
      logs.push(`${data} data row(s) ${when} ${text} deleted`);
    }
    if (events > 0) {
      logs.push(`${events} event row(s) ${when} ${text} deleted`);
    }
  }
  let note = 'Device data trim task executed (';
  note += startText ? ` start: ${startText}` : '';
  note += endText ? ` end: ${endText}` : '';
  note += ' )';
  for (const log of logs) {
    note += `\n- ${log}`;
  }
  addNote(env, slug, note, author);
}

/** Deletes everything a device's data holds (`DeviceDataResetAction`), then returns it to `N1`. */
export function resetDevice(
  env: Env,
  device: Obj,
  options: { full: boolean; includeProperties: boolean; includeNotesAndLocations: boolean },
  ownerName: string,
): void {
  const slug = String(device.slug);
  const streams = deviceStreams(env, slug);
  if (options.includeProperties) {
    for (const [id, p] of env.store.properties) {
      if (p.target === slug && p.is_system !== true) {
        env.store.properties.delete(id);
      }
    }
  }
  // Data and events of the device's streams (all of them: `full`), and its data mask.
  for (const s of streams) {
    keepPoints(env, s, () => false);
  }
  dropEvents(env, (e) => streams.has(String(e.stream)));
  if (options.includeNotesAndLocations) {
    for (const [id, n] of env.store.notes) {
      if ((n.target === slug || streams.has(String(n.target))) && (n.type ?? 'ui') === 'ui') {
        env.store.notes.delete(id);
      }
    }
    deleteLocations(env, slug);
  }
  for (const [key, t] of env.store.streamers) {
    if (String(t.slug).slice(3, 22) === slug.slice(3)) {
      for (const [id, r] of env.store.reports) {
        if (r.streamer === t.slug) {
          env.store.reports.delete(id);
        }
      }
      if (options.full) {
        env.store.streamers.delete(key);
      }
    }
  }
  for (const [id, r] of env.store.generatedReports) {
    if (r.source_ref === slug) {
      env.store.generatedReports.delete(id);
    }
  }
  addNote(env, slug, 'Device data was cleared', ownerName, 'si');
  device.state = 'N1';
  device.active = true;
}

/** The store table of locations (`/location/`), by id. */
export const LOCATIONS = 'locations';

export function deleteLocations(env: Env, target: string): void {
  const table = env.store.table<number>(LOCATIONS);
  for (const [id, l] of table) {
    if (l.target === target) {
      table.delete(id);
    }
  }
}

/** `device_unclaim`: forgets the device's org-side state; with `clean_streams`, its streams and data too. */
export function unclaimDevice(env: Env, device: Obj, label: string, cleanStreams: boolean): void {
  const slug = String(device.slug);
  const streams = deviceStreams(env, slug);
  if (cleanStreams) {
    for (const [id, n] of env.store.notes) {
      if (streams.has(String(n.target)) && (n.type ?? 'ui') === 'ui') {
        env.store.notes.delete(id);
      }
    }
    for (const s of streams) {
      env.store.streams.delete(s);
    }
  }
  for (const [key, t] of env.store.streamers) {
    if (String(t.slug).slice(3, 22) === slug.slice(3)) {
      for (const [id, r] of env.store.reports) {
        if (r.streamer === t.slug) {
          env.store.reports.delete(id);
        }
      }
      if (cleanStreams) {
        env.store.streamers.delete(key);
      }
    }
  }
  for (const [id, p] of env.store.properties) {
    if (p.target === slug) {
      env.store.properties.delete(id);
    }
  }
  for (const [id, n] of env.store.notes) {
    if (n.target === slug && (n.type ?? 'ui') === 'ui') {
      env.store.notes.delete(id);
    }
  }
  deleteLocations(env, slug);
  for (const [id, r] of env.store.generatedReports) {
    if (r.source_ref === slug) {
      env.store.generatedReports.delete(id);
    }
  }
  Object.assign(device, {
    project: null,
    org: null,
    lat: null,
    lon: null,
    label,
    claimed_on: null,
    claimed_by: null,
  });
  if (cleanStreams) {
    for (const s of streams) {
      keepPoints(env, s, () => false);
    }
    dropEvents(env, (e) => streams.has(String(e.stream)));
  }
}

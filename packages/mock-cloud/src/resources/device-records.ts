/**
 * Records kept beside devices, which the device routes show and fixtures can hold (each a store table
 * with a fixture section, see `table-sections.ts`):
 *
 * - `device_keys`: stored device keys (`DeviceKey`: `slug`, `type`, `secret`, `downloadable`), what
 *   `/device/{slug}/key/?type=` hands out when `downloadable`; keyed by `<slug>:<type>` (unique together).
 * - `device_versions`: OS and app version attributes (`DeviceVersionAttribute`); `/device/{slug}/versions/`
 *   shows the latest of each type.
 * - `filter_logs`: stream-filter log entries (`uuid`, `target_slug` a stream slug, `timestamp`, `src`,
 *   `dst`, `triggers`); the server reads them from DynamoDB, `/device/{slug}/filterlog/` shows those of
 *   the device's streams.
 * - `locations`: device locations (`/location/`), by id.
 *
 * A device's health-check settings and upload status (`/device/{slug}/status/`, `health/`) are its
 * `status` object in the `devices` section.
 */
import type { Schema } from '../api-types.js';
import type { Env } from '../router.js';
import { drfTime } from '../serializers.js';
import { deviceSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import type { TableSection } from '../table-sections.js';
import { LOCATIONS } from './device-data.js';

import { DEVICE_VERSIONS } from './ota.js';

export const FILTER_LOGS = 'filter_logs';
export { LOCATIONS };

export const DEVICE_RECORD_SECTIONS: Readonly<Record<string, TableSection>> = {
  filter_logs: {
    table: FILTER_LOGS,
    key: (item) =>
      typeof item.uuid === 'string' && typeof item.target_slug === 'string'
        ? item.uuid
        : { error: 'needs "uuid" and "target_slug" strings' },
  },
  locations: { table: LOCATIONS, idKind: LOCATIONS, key: 'id' },
};

/** `DeviceVersionAttributeReadOnlySerializer`. */
export function deviceVersion(v: Obj): Schema<'DeviceVersion'> {
  const n = (x: unknown) => (typeof x === 'number' ? x : 0);
  return {
    type: v.type === 'app' ? 'app' : 'os',
    tag: n(v.tag),
    version: typeof v.version === 'string' ? v.version : `v${n(v.major_version)}.${n(v.minor_version)}`,
    streamer_local_id: n(v.streamer_local_id),
    updated_ts: drfTime(v.updated_ts ?? null),
  };
}

/** The latest version attribute of each type of a device (`current_device_version_qs`). */
export function currentVersions(env: Env, slug: string): Schema<'DeviceVersion'>[] {
  const latest = new Map<string, Obj>();
  for (const v of env.store.table<number>(DEVICE_VERSIONS).values()) {
    if (tryParse(() => deviceSlug(String(v.device))) !== slug) {
      continue;
    }
    const type = v.type === 'app' ? 'app' : 'os';
    const seen = latest.get(type);
    if (!seen || String(v.updated_ts ?? '') > String(seen.updated_ts ?? '')) {
      latest.set(type, v);
    }
  }
  return [...latest.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => deviceVersion(v));
}

/** `DeviceStatus`: a device's health-check settings and upload status, with the server's defaults. */
export function deviceStatus(env: Env, device: Obj): Obj {
  let status = device.status as Obj | undefined;
  if (!status || typeof status !== 'object') {
    status = {};
    device.status = status;
  }
  status.last_known_id ??= 1;
  status.last_report_ts ??= null;
  status.health_check_enabled ??= false;
  status.health_check_period ??= 7200;
  status.last_known_state ??= 'UNK';
  status.notification_recipients ??= [];
  void env;
  return status;
}

/** `DeviceStatus.alert`: disabled, unknown (no upload yet), failing (no upload within the period), or OK. */
function alert(env: Env, s: Obj): Schema<'DeviceStatus'>['alert'] {
  if (s.health_check_enabled !== true) {
    return 'DSBL';
  }
  const last = typeof s.last_report_ts === 'string' ? Date.parse(s.last_report_ts) : Number.NaN;
  if (Number.isNaN(last)) {
    return 'UNK';
  }
  return env.now() - last / 1000 > Number(s.health_check_period) ? 'FAIL' : 'OK';
}

/** `DeviceStatusReadOnlySerializer`. */
export function deviceStatusView(env: Env, device: Obj): Schema<'DeviceStatus'> {
  const s = deviceStatus(env, device);
  return {
    alert: alert(env, s),
    last_report_ts: drfTime(s.last_report_ts),
    last_known_id: Number(s.last_known_id),
    last_known_state: s.last_known_state as Schema<'DeviceStatus'>['last_known_state'],
    health_check_enabled: s.health_check_enabled === true,
    health_check_period: Number(s.health_check_period),
    notification_recipients: [...(s.notification_recipients as string[])],
  };
}

/** The filter-log entries of a device's streams. */
export function filterLogs(env: Env, streams: ReadonlySet<string>): Schema<'DeviceFilterLogs'> {
  const rows = [...env.store.table(FILTER_LOGS).values()]
    .filter((l) => streams.has(String(l.target_slug)))
    .map((l) => ({
      uuid: String(l.uuid),
      target_slug: String(l.target_slug),
      timestamp: typeof l.timestamp === 'string' ? l.timestamp : null,
      src: typeof l.src === 'string' ? l.src : null,
      dst: typeof l.dst === 'string' ? l.dst : null,
      triggers: Array.isArray(l.triggers) ? l.triggers : null,
    }));
  return { device_filter_logs: rows };
}

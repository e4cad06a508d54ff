/**
 * `/device/` (`apps/physicaldevice/api_views.py`): devices and their actions.
 *
 * - The list holds the active devices of the user's orgs (`all=1`: inactive too); staff see every device
 *   with `?staff=1`. Ordered by id, Large pages, with the server's filters.
 * - An item is found by slug (short forms, and `b--` block slugs name their device); an unknown device is
 *   a 404, one the user cannot access a **403** (the view checks access after the lookup).
 * - POST: staff with `?staff=1` only (403 `{"error"}` for others); with a `project` the device is claimed.
 *   PUT/PATCH need `can_modify_device`. DELETE: staff with `?staff=1` only.
 * - Actions: `claimable/`, `claim/`, `{slug}/unclaim/`, `extra/`, `properties/`, `new_property/`, `sg/`,
 *   `template/`, `versions/`, `streamers/`, `status/`, `health/`, `key/`, `mask/`, `reset/`, `trim/`,
 *   `upgrade/`, `filterlog/`. Jobs (unclaim, reset, trim) run before the answer, as on a server without
 *   a worker queue.
 */

import { hasDeviceAccess, hasOrgPermission, inUserOrgs, orgOfDevice, staffAll } from '../access.js';
import type { ErrorBody, Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  forbidden,
  HttpError,
  json,
  type MockRequest,
  noContent,
  notFound,
  readObject,
} from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import {
  deviceStreams,
  INLINE_PID,
  maskClear,
  maskGet,
  maskSet,
  readRange,
  resetDevice,
  trimDevice,
  unclaimDevice,
} from '../resources/device-data.js';
import { findDeviceKey } from '../resources/device-keys.js';
import { currentVersions, deviceStatus, deviceStatusView, filterLogs } from '../resources/device-records.js';
import {
  accountSlug,
  checkedBody,
  checkReadProperties,
  deviceBusy,
  isBusy,
  newProperty,
  nowIso,
  propertiesOf,
  restricted,
  userOf,
} from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { device, deviceTemplate, projectBySlug, sensorGraph, streamer } from '../serializers.js';
import {
  deviceSlug,
  isUuid,
  parseStreamSlug,
  projectSlug,
  type StreamSlugParts,
  streamSlug,
  tryParse,
} from '../slugs.js';
import type { Obj } from '../store.js';
import { boolParam } from './params.js';

/** A project filter value: UUID or `p--` slug (any short form); null when it names no project. */
export function projectIdOf(env: Env, value: string): string | null {
  if (isUuid(value)) {
    return value.toLowerCase();
  }
  const slug = tryParse(() => projectSlug(value));
  const found = slug ? projectBySlug(env.store, slug) : undefined;
  return found ? String(found.id).toLowerCase() : null;
}

/**
 * `APIDeviceViewSet.get_object`: `d--` and `b--` slugs name the device (the block part is dropped), short
 * forms are padded; 404 when unknown, 403 without access.
 */
export function deviceOf(req: MockRequest, env: Env, text: string | undefined): Obj {
  const m = /^([dDbB])--(.+)$/.exec(text ?? '');
  let slug: string | null = text ?? '';
  if (m?.[2]) {
    const groups = m[2].split('-');
    slug = tryParse(() => deviceSlug((groups.length === 4 ? groups.slice(1) : groups).join('-')));
  }
  const found = slug ? env.store.devices.get(slug) : undefined;
  if (!found) {
    throw notFound();
  }
  if (!hasDeviceAccess(env, userOf(req), found)) {
    throw forbidden();
  }
  return found;
}

/** The org whose permissions govern a device (null: none, as for an unclaimed device). */
const orgOf = (env: Env, d: Obj): string | null => orgOfDevice(env, d);

function list(req: MockRequest, env: Env) {
  const q = req.query;
  const user = userOf(req);
  let devices = [...env.store.devices.values()];
  if (!staffAll(req)) {
    devices = devices.filter((d) => inUserOrgs(env, user, orgOf(env, d)));
    if (q.get('all') !== '1') {
      devices = devices.filter((d) => d.active !== false);
    }
  }
  const projectFilter = q.get('project');
  if (projectFilter) {
    const id = projectIdOf(env, projectFilter);
    devices = devices.filter((d) => id !== null && String(d.project ?? '').toLowerCase() === id);
  }
  for (const [key, field, known] of [
    ['dt', 'template', env.store.dts],
    ['sg', 'sg', env.store.sgs],
  ] as const) {
    const v = q.get(key);
    if (v) {
      if (!known.has(v) && !devices.some((d) => d[field] === v)) {
        throw notFound();
      }
      devices = devices.filter((d) => d[field] === v);
    }
  }
  const externalId = q.get('external_id');
  if (externalId) {
    devices = devices.filter((d) => d.external_id === externalId);
  }
  if (boolParam(req, 'claimed') !== null) {
    devices = devices.filter((d) => d.project !== null && d.project !== undefined);
  }
  const orgSlug = q.get('org__slug');
  if (orgSlug) {
    devices = devices.filter((d) => orgOf(env, d) === orgSlug);
  }
  // The server matches device slugs against the targets of project properties: never a device.
  if (q.get('property')) {
    devices = [];
  }
  const rows = devices.map((d) => device(d, env.store)).sort((a, b) => Number(a.id) - Number(b.id));
  return json(200, paginate(req, rows, LARGE));
}

/** A decimal field (max 9 digits, 6 decimal places) as the server stores it, or an error. */
function decimal(v: unknown): { ok: true; value: string | null } | { ok: false } {
  if (v === null || v === '') {
    return { ok: true, value: null };
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && Math.abs(n) < 1000 ? { ok: true, value: n.toFixed(6) } : { ok: false };
}

/** Checks of a device body beyond field types: known sensor graph, template, project and claimer. */
function deviceFieldErrors(env: Env, values: Obj, out: Obj): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const key of ['lat', 'lon'] as const) {
    if (key in values) {
      const d = decimal(values[key]);
      if (d.ok) {
        out[key] = d.value;
      } else {
        errors[key] = ['A valid number is required.'];
      }
    }
  }
  if (typeof values.sg === 'string' && !env.store.sgs.has(values.sg)) {
    errors.sg = [`Object with slug=${values.sg} does not exist.`];
  }
  if (typeof values.template === 'string' && !env.store.dts.has(values.template)) {
    errors.template = [`Object with slug=${values.template} does not exist.`];
  }
  if (
    typeof values.project === 'string' &&
    isUuid(values.project) &&
    !env.store.projects.has(values.project.toLowerCase())
  ) {
    errors.project = [`Invalid pk "${values.project}" - object does not exist.`];
  }
  if (
    typeof values.claimed_by === 'string' &&
    ![...env.store.users.values()].some((u) => u.slug === values.claimed_by)
  ) {
    errors.claimed_by = [`Object with slug=${values.claimed_by} does not exist.`];
  }
  return errors;
}

function update(mode: 'update' | 'partial') {
  return async (req: MockRequest, env: Env) => {
    const found = deviceOf(req, env, req.params.slug);
    const body = await readObject(req);
    const decimals: Obj = {};
    const related = deviceFieldErrors(env, body, decimals);
    const out: Obj = {
      ...validateBody(body, REQUEST_SCHEMAS.DevicePatch as RequestSchema, mode, related),
      ...decimals,
    };
    const user = userOf(req);
    const org = orgOf(env, found);
    if (!user.isStaff && org !== null && !hasOrgPermission(env, user, org, 'can_modify_device')) {
      throw detail(403, 'User is not allowed to modify device');
    }
    // The state is stored (its default derives from `active` only until then).
    found.state = device(found, env.store).state;
    if ('state' in out && !('active' in out)) {
      out.active = out.state !== 'N0';
    }
    if ('project' in out) {
      out.org = out.project === null ? null : orgOfProjectId(env, out.project);
    }
    Object.assign(found, out);
    return json(200, device(found, env.store));
  };
}

function orgOfProjectId(env: Env, id: unknown): string | null {
  const p = typeof id === 'string' ? env.store.projects.get(id.toLowerCase()) : undefined;
  return typeof p?.org === 'string' ? p.org : null;
}

/** Streams a claim creates from the sensor graph's variable templates (`create_streams_from_sensorgraph`). */
function createStreams(env: Env, d: Obj, projectSlugText: string): void {
  const sg = typeof d.sg === 'string' ? env.store.sgs.get(d.sg) : undefined;
  const templates = Array.isArray(sg?.variable_templates) ? (sg.variable_templates as Obj[]) : [];
  for (const t of templates) {
    const lid = Number.parseInt(String(t.lid_hex ?? ''), 16);
    if (!Number.isInteger(lid) || lid <= 0 || lid > 0xffff) {
      continue;
    }
    const slug = streamSlug(projectSlugText, String(d.slug), lid);
    if (!env.store.streams.has(slug)) {
      env.store.streams.set(slug, {
        slug,
        data_label: typeof t.label === 'string' ? t.label : '',
        var_name: typeof t.label === 'string' ? t.label : '',
        var_type: t.var_type ?? null,
        org: orgOfProjectId(env, d.project),
        created_on: nowIso(env),
      });
    }
  }
}

/** `device_claim`: the device joins the project (and its org), claimed now by `claimer`. */
export function claimDevice(env: Env, d: Obj, project: Obj, claimer: string): void {
  Object.assign(d, {
    project: String(project.id),
    org: typeof project.org === 'string' ? project.org : null,
    claimed_on: nowIso(env),
    claimed_by: claimer,
  });
  createStreams(env, d, String(project.slug));
}

function nextDeviceId(env: Env): number {
  let max = 0;
  for (const d of env.store.devices.values()) {
    const id = tryParse(() => Number.parseInt(deviceSlug(String(d.slug)).slice(3).replace(/-/g, ''), 16));
    if (id !== null && id > max) {
      max = id;
    }
  }
  return max + 1;
}

async function create(req: MockRequest, env: Env) {
  if (!staffAll(req)) {
    throw restricted(403);
  }
  const body = await readObject(req);
  const decimals: Obj = {};
  const related = deviceFieldErrors(env, body, decimals);
  const out: Obj = {
    ...validateBody(body, REQUEST_SCHEMAS.DeviceCreateRequest as RequestSchema, 'create', related),
    ...decimals,
  };

  const user = userOf(req);
  const id = nextDeviceId(env);
  const slug = deviceSlug(id);
  const { project, claimed_by, ...fields } = out;
  const d: Obj = {
    id,
    slug,
    label: '',
    active: true,
    external_id: '',
    sg: null,
    project: null,
    org: null,
    lat: null,
    lon: null,
    state: 'N1',
    created_on: nowIso(env),
    created_by: user.username,
    claimed_by: typeof claimed_by === 'string' ? claimed_by : null,
    claimed_on: null,
    ...fields,
  };
  env.store.devices.set(slug, d);
  if (typeof project === 'string') {
    const p = env.store.projects.get(project.toLowerCase()) as Obj;
    claimDevice(env, d, p, user.slug);
  }
  return json(201, device(d, env.store));
}

/**
 * Data and event counts per stream (only streams that have some) of the streams `mine` accepts: a
 * device's, or a data block's.
 */
export function streamCounts(
  env: Env,
  mine: (parts: StreamSlugParts) => boolean,
): Record<string, Schema<'DeviceStreamCount'>> {
  const counts: Record<string, Schema<'DeviceStreamCount'>> = {};
  const bump = (stream: string, key: 'data_cnt' | 'event_cnt', n: number) => {
    if (n <= 0) {
      return;
    }
    const entry = counts[stream];
    if (entry) {
      entry[key] = (entry[key] ?? 0) + n;
    } else {
      // The server's key order: the first count, then has_streamid (a later count comes after it).
      counts[stream] = { [key]: n, has_streamid: env.store.streams.has(stream) };
    }
  };
  for (const stream of env.store.slugsWithData()) {
    const parts = tryParse(() => parseStreamSlug(stream));
    if (parts && mine(parts)) {
      bump(stream, 'data_cnt', env.store.pointsOf(stream)?.length ?? 0);
    }
  }
  for (const ev of env.store.events.values()) {
    const parts = tryParse(() => parseStreamSlug(String(ev.stream)));
    if (parts && mine(parts)) {
      bump(parts.slug, 'event_cnt', 1);
    }
  }
  return counts;
}

/** `claim/`: the device must be unclaimed; the project is a `p--` slug or a UUID. */
async function claim(req: MockRequest, env: Env) {
  const values = await checkedBody(req, 'DeviceClaimRequest');
  const given = String(values.device);
  const d = env.store.devices.get(given);
  if (!d) {
    throw notFound();
  }
  if (d.project !== null && d.project !== undefined) {
    throw detail(400, 'Device is not claimable');
  }
  const projectText = String(values.project);
  const parts = projectText.split('--');
  let p: Obj | undefined;
  if (parts.length === 2 && (parts[0] === 'p' || parts[0] === 'P')) {
    p = projectBySlug(env.store, projectText);
  } else if (isUuid(projectText)) {
    p = env.store.projects.get(projectText.toLowerCase());
  } else {
    throw detail(400, 'Project is not a Valid Slug or UUID');
  }
  if (!p) {
    throw notFound();
  }
  const user = userOf(req);
  if (!user.isStaff && !hasOrgPermission(env, user, p.org as string | null, 'can_claim_devices')) {
    throw detail(403, 'No claim permissions');
  }
  claimDevice(env, d, p, user.slug);
  return json(202, {
    claimed: true as const,
    device: given,
    project: String(p.slug),
    project_id: String(p.id),
  });
}

async function unclaim(req: MockRequest, env: Env) {
  const values = await checkedBody(req, 'DeviceUnclaimRequest');
  const d = deviceOf(req, env, req.params.slug);
  if (isBusy(d)) {
    throw deviceBusy();
  }
  const user = userOf(req);
  const org = orgOfProjectId(env, d.project);
  if (!user.isStaff && org !== null && !hasOrgPermission(env, user, org, 'can_claim_devices')) {
    throw detail(403, 'No unclaim permissions');
  }
  const slug = String(d.slug);
  const short = slug.slice(-4);
  const given = typeof values.label === 'string' ? values.label : 'Device ({id})';
  unclaimDevice(env, d, given.replaceAll('{id}', short), values.clean_streams === true);
  return json(202, { unclaimed: slug, msg: `Unclaimed task was scheduled for ${slug}` });
}

/** `{"msg": ...}`: the key view's own error body (`DeviceKeyMessage`). */
const keyMessage = (status: 400 | 403, msg: string): HttpError =>
  new HttpError(status, { msg } as unknown as ErrorBody);

/** `key/?type=`: `a-jwt` makes a device token; other types hand out a stored downloadable key. */
function key(req: MockRequest, env: Env) {
  const type = (req.query.get('type') ?? '').toUpperCase();
  if (type === '') {
    throw keyMessage(400, 'No type specified');
  }
  const d = deviceOf(req, env, req.params.slug);
  const slug = String(d.slug);
  if (d.active !== false && type === 'A-JWT' && typeof d.claimed_by === 'string' && d.claimed_by !== '') {
    if (typeof d.project === 'string') {
      return json(200, {
        key: env.auth.issueDeviceToken(slug, accountSlug(env, d.claimed_by), d.project.toLowerCase()),
      });
    }
  }
  const stored = findDeviceKey(env.store, slug, type);
  if (stored?.downloadable !== true) {
    throw keyMessage(403, 'No key available');
  }
  return json(200, { key: String(stored.secret) });
}

export function deviceRoutes(router: Router): void {
  // Before `/device/{slug}/`, whose pattern would take `claim` and `claimable` as slugs.
  router.add('/device/claimable/', {
    POST: async (req, env) => {
      const values = await checkedBody(req, 'DeviceClaimableRequest');
      const results = (values.slugs as unknown[])
        .map(String)
        .filter((slug) => env.store.devices.has(slug))
        .map((slug) => {
          const d = env.store.devices.get(slug) as Obj;
          return { slug, claimable: d.project === null || d.project === undefined };
        });
      return json(202, { count: results.length, results });
    },
  });
  router.add('/device/claim/', { POST: claim });
  router.add('/device/', { GET: list, POST: create });
  router.add('/device/{slug}/', {
    GET: (req, env) => json(200, device(deviceOf(req, env, req.params.slug), env.store)),
    PATCH: update('partial'),
    PUT: update('update'),
    DELETE: (req, env) => {
      if (!staffAll(req)) {
        throw restricted(403);
      }
      const d = deviceOf(req, env, req.params.slug);
      env.store.devices.delete(String(d.slug));
      return noContent();
    },
  });
  router.add('/device/{slug}/extra/', {
    GET: (req, env) => {
      const d = device(deviceOf(req, env, req.params.slug), env.store);
      return json(200, {
        id: d.id,
        slug: d.slug,
        project: d.project,
        label: d.label,
        active: d.active,
        created_on: d.created_on,
        claimed_by: d.claimed_by,
        claimed_on: d.claimed_on,
        stream_counts: streamCounts(env, (parts) => parts.device === d.slug && !parts.isBlock),
      });
    },
  });
  router.add('/device/{slug}/properties/', {
    GET: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      checkReadProperties(env, userOf(req), orgOf(env, d));
      return json(200, propertiesOf(env, String(d.slug)));
    },
  });
  router.add('/device/{slug}/new_property/', {
    POST: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      return newProperty(req, env, String(d.slug), orgOf(env, d));
    },
  });
  router.add('/device/{slug}/unclaim/', { POST: unclaim });
  router.add('/device/{slug}/upgrade/', {
    POST: async (req, env) => {
      const values = await checkedBody(req, 'DeviceUpgradeRequest');
      deviceOf(req, env, req.params.slug);
      const slug = req.params.slug ?? '';
      // The server only e-mails its staff about it; nothing is stored.
      return json(202, { slug, msg: `Device ${slug} firmware upgraded to ${String(values.firmware)}` });
    },
  });
  router.add('/device/{slug}/sg/', {
    GET: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      const sg = typeof d.sg === 'string' ? env.store.sgs.get(d.sg) : undefined;
      if (!sg) {
        throw notFound();
      }
      return json(200, sensorGraph(sg));
    },
  });
  router.add('/device/{slug}/template/', {
    GET: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      const t = typeof d.template === 'string' ? env.store.dts.get(d.template) : undefined;
      if (!t) {
        throw notFound();
      }
      return json(200, deviceTemplate(t));
    },
  });
  router.add('/device/{slug}/versions/', {
    GET: (req, env) => json(200, currentVersions(env, String(deviceOf(req, env, req.params.slug).slug))),
  });
  router.add('/device/{slug}/streamers/', {
    GET: (req, env) => {
      const slug = String(deviceOf(req, env, req.params.slug).slug);
      const rows = [...env.store.streamers.values()].map(streamer).filter((s) => s.device === slug);
      return json(200, rows);
    },
  });
  router.add('/device/{slug}/status/', {
    GET: (req, env) => json(200, deviceStatusView(env, deviceOf(req, env, req.params.slug))),
  });
  router.add('/device/{slug}/health/', {
    GET: (req, env) => json(200, deviceStatusView(env, deviceOf(req, env, req.params.slug))),
    PATCH: async (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      const values = await checkedBody(req, 'DeviceHealthSettings', 'partial');
      const status = deviceStatus(env, d);
      Object.assign(status, values);
      return json(200, {
        health_check_enabled: status.health_check_enabled === true,
        health_check_period: Number(status.health_check_period),
        notification_recipients: [...(status.notification_recipients as string[])],
      });
    },
  });
  router.add('/device/{slug}/key/', { GET: key });
  router.add('/device/{slug}/mask/', {
    GET: (req, env) => maskGet(env, deviceOf(req, env, req.params.slug)),
    PATCH: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      return maskSet(req, env, d, orgOf(env, d));
    },
    DELETE: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      return maskClear(req, env, d, orgOf(env, d));
    },
  });
  router.add('/device/{slug}/reset/', {
    POST: async (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      const org = orgOf(env, d);
      const user = userOf(req);
      if (org === null || !hasOrgPermission(env, user, org, 'can_reset_device')) {
        throw forbidden();
      }
      const values = await checkedBody(req, 'DeviceResetRequest');
      if (isBusy(d)) {
        throw deviceBusy();
      }
      resetDevice(
        env,
        d,
        {
          full: values.full !== false,
          includeProperties: values.include_properties !== false,
          includeNotesAndLocations: values.include_notes_and_locations !== false,
        },
        user.username,
      );
      return json(202, { reset: 'scheduled' as const, pid: INLINE_PID });
    },
  });
  router.add('/device/{slug}/trim/', {
    POST: async (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      const org = orgOf(env, d);
      const user = userOf(req);
      if (org === null || !hasOrgPermission(env, user, org, 'can_modify_device')) {
        throw forbidden();
      }
      const range = await readRange(req);
      if (isBusy(d)) {
        throw deviceBusy();
      }
      trimDevice(env, d, range.start, range.end, user.username);
      return json(202, { trim: 'scheduled' as const });
    },
  });
  router.add('/device/{slug}/filterlog/', {
    GET: (req, env) => {
      const d = deviceOf(req, env, req.params.slug);
      return json(200, filterLogs(env, deviceStreams(env, String(d.slug))));
    },
  });
}

/**
 * `/location/` (`apps/devicelocation/api_views.py`): GPS locations of devices, data blocks and streams.
 *
 * - GET needs `target` (400 without it); a target whose org does not grant `can_read_device_locations`
 *   (or that does not exist) gives an empty page. `start`/`end`/`timestamp` filter, `mask=1` clips to the
 *   target's data mask. Large pages, in timestamp order.
 * - POST takes one location or an array (all for one target, else 400); the user needs access to the
 *   target (403). A device target also gets the last location as its `lat`/`lon`.
 * - Items: an integer id (else 400); `can_read_device_locations` in the target's org (403).
 */

import { hasOrgAccess, hasOrgPermission, orgOfDevice } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  fieldErrors,
  forbidden,
  json,
  type MockRequest,
  notFound,
  readData,
  validationList,
} from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { dataMask, LOCATIONS } from '../resources/device-data.js';
import { accountSlug, userOf } from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { drfTime, projectBySlug } from '../serializers.js';
import { parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import { isoParam } from './params.js';

interface Target {
  kind: 'device' | 'datablock' | 'stream' | 'project' | 'fleet';
  obj: Obj;
  org: string | null;
}

/** `get_object_by_slug` for the objects that have an org. */
function targetOf(env: Env, slug: string): Target | null {
  const s = env.store;
  const orgOf = (o: Obj | undefined): string | null => (typeof o?.org === 'string' ? o.org : null);
  let found: Target | null = null;
  if (slug.startsWith('d--')) {
    const d = s.devices.get(slug);
    found = d ? { kind: 'device', obj: d, org: orgOfDevice(env, d) } : null;
  } else if (slug.startsWith('b--')) {
    const b = s.datablocks.get(slug);
    found = b ? { kind: 'datablock', obj: b, org: orgOf(b) } : null;
  } else if (slug.startsWith('s--')) {
    const st = s.streams.get(slug);
    const parts = tryParse(() => parseStreamSlug(slug));
    const project = parts ? projectBySlug(s, parts.project) : undefined;
    found = st ? { kind: 'stream', obj: st, org: orgOf(st) ?? orgOf(project) } : null;
  } else if (slug.startsWith('p--')) {
    const p = projectBySlug(s, slug);
    found = p ? { kind: 'project', obj: p, org: orgOf(p) } : null;
  } else if (slug.startsWith('g--')) {
    const f = s.fleets.get(slug);
    found = f ? { kind: 'fleet', obj: f, org: orgOf(f) } : null;
  }
  return found;
}

function decimal6(v: unknown): string {
  const n = typeof v === 'number' ? v : Number(v ?? 0);
  return (Number.isFinite(n) ? n : 0).toFixed(6);
}

export function location(l: Obj, env: Env): Schema<'Location'> {
  return {
    id: Number(l.id),
    timestamp: drfTime(String(l.timestamp)),
    target: String(l.target),
    lat: decimal6(l.lat),
    lon: decimal6(l.lon),
    user: l.user === null || l.user === undefined ? null : accountSlug(env, l.user),
  };
}

const table = (env: Env) => env.store.table<number>(LOCATIONS);

/** A location's latitude or longitude: `max_digits=9, decimal_places=6`. */
function coordinateErrors(values: Obj): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const key of ['lat', 'lon'] as const) {
    if (key in values) {
      const n = Number(values[key]);
      if (values[key] === '' || !Number.isFinite(n)) {
        errors[key] = ['A valid number is required.'];
      } else if (Math.abs(n) >= 1000) {
        errors[key] = ['Ensure that there are no more than 9 digits in total.'];
      }
    }
  }
  return errors;
}

function locationOf(req: MockRequest, env: Env): Obj {
  const raw = req.params.id ?? '';
  if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw validationList('Location ID must be a integer');
  }
  const found = table(env).get(Number.parseInt(raw, 10));
  if (!found) {
    throw notFound();
  }
  const user = userOf(req);
  if (user.isStaff) {
    return found;
  }
  const target = targetOf(env, String(found.target));
  if (!target || !hasOrgPermission(env, user, target.org, 'can_read_device_locations')) {
    throw forbidden();
  }
  return found;
}

function list(req: MockRequest, env: Env) {
  const value = req.query.get('target');
  if (!value) {
    throw fieldErrors({ target: ['This field is required.'] });
  }
  const start = isoParam(req, 'start');
  const end = isoParam(req, 'end');
  const exact = isoParam(req, 'timestamp');
  const target = targetOf(env, value);
  let rows: Obj[] = [];
  if (target && hasOrgPermission(env, userOf(req), target.org, 'can_read_device_locations')) {
    rows = [...table(env).values()].filter((l) => l.target === value);
    let from = start;
    let to = end;
    if (req.query.get('mask') === '1' && target.kind !== 'project' && target.kind !== 'fleet') {
      const mask = dataMask(env, target.obj);
      const maskStart = mask?.start ? parseIsoDateTime(mask.start) : null;
      const maskEnd = mask?.end ? parseIsoDateTime(mask.end) : null;
      from = maskStart !== null && (from === null || maskStart > from) ? maskStart : from;
      to = maskEnd !== null && (to === null || maskEnd < to) ? maskEnd : to;
    }
    rows = rows.filter((l) => {
      const t = parseIsoDateTime(String(l.timestamp)) ?? 0;
      return (from === null || t >= from) && (to === null || t < to) && (exact === null || t === exact);
    });
    rows.sort(
      (a, b) => (parseIsoDateTime(String(a.timestamp)) ?? 0) - (parseIsoDateTime(String(b.timestamp)) ?? 0),
    );
  }
  return json(
    200,
    paginate(
      req,
      rows.map((l) => location(l, env)),
      LARGE,
    ),
  );
}

/** Checks a target for a new location: it must exist and the user must have access (403). */
function checkTarget(req: MockRequest, env: Env, slug: string): Target {
  const target = targetOf(env, slug);
  if (!target || !hasOrgAccess(env, userOf(req), target.org)) {
    throw forbidden();
  }
  return target;
}

async function create(req: MockRequest, env: Env) {
  const data = await readData(req);
  const schema = REQUEST_SCHEMAS.LocationCreate as RequestSchema;
  const items = Array.isArray(data) ? data : [data];
  const errors: Array<Record<string, string[]>> = [];
  const values = items.map((item) => {
    try {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
      }
      const v = validateBody(item as Obj, schema, 'create', coordinateErrors(item as Obj));
      errors.push({});
      return v;
    } catch (err) {
      errors.push((err as { body: Record<string, string[]> }).body ?? {});
      return null;
    }
  });
  if (errors.some((e) => Object.keys(e).length > 0)) {
    throw fieldErrors(Array.isArray(data) ? (errors as never) : (errors[0] as Record<string, string[]>));
  }
  const user = userOf(req);
  const make = (v: Obj): Obj => {
    const id = env.store.nextId(LOCATIONS);
    const l: Obj = {
      id,
      timestamp: v.timestamp,
      target: v.target,
      lat: v.lat ?? 0,
      lon: v.lon ?? 0,
      user: user.username,
    };
    table(env).set(id, l);
    return l;
  };
  const moveDevice = (target: Target, l: Obj) => {
    if (target.kind === 'device') {
      target.obj.lat = decimal6(l.lat);
      target.obj.lon = decimal6(l.lon);
    }
  };
  if (Array.isArray(data)) {
    const targets = new Set(values.map((v) => String(v?.target)));
    if (targets.size !== 1) {
      throw validationList('Found more than one target. All entries must be for same target.');
    }
    const target = checkTarget(req, env, [...targets][0] as string);
    const made = values.map((v) => make(v as Obj));
    const last = made[made.length - 1] as Obj;
    moveDevice(target, last);
    return json(201, { count: made.length, last: location(last, env) });
  }
  const v = values[0] as Obj;
  const target = checkTarget(req, env, String(v.target));
  const l = make(v);
  moveDevice(target, l);
  return json(201, location(l, env));
}

function update(mode: 'update' | 'partial') {
  return async (req: MockRequest, env: Env) => {
    const l = locationOf(req, env);
    const body = await readData(req);
    if (Array.isArray(body)) {
      throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
    }
    const schema = REQUEST_SCHEMAS[mode === 'update' ? 'LocationCreate' : 'LocationPatch'] as RequestSchema;
    Object.assign(l, validateBody(body, schema, mode, coordinateErrors(body)));
    return json(200, location(l, env));
  };
}

export function locationRoutes(router: Router): void {
  router.add('/location/', { GET: list, POST: create });
  router.add('/location/{id}/', {
    GET: (req, env) => json(200, location(locationOf(req, env), env)),
    PUT: update('update'),
    PATCH: update('partial'),
    DELETE: (req, env) => {
      const l = locationOf(req, env);
      table(env).delete(Number(l.id));
      return { status: 204 as const, headers: {}, body: null };
    },
  });
}

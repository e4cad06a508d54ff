/**
 * What the data group's views share: the objects a slug names (the server's `get_object_by_slug`), the org
 * each belongs to, list scoping (`?staff=1`), and the 500 the server answers where its code fails.
 */
import { hasOrgAccess, isScoped, membership, orgOfDevice, orgOfProject } from '../access.js';
import { HttpError, type MockRequest } from '../http.js';
import type { Env } from '../router.js';
import { projectBySlug } from '../serializers.js';
import { blockSlug, deviceSlug, parseStreamSlug, projectSlug, tryParse } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';

/** The authenticated user (the routes of this group all need one). */
export function userOf(req: MockRequest): UserRecord {
  return req.user as UserRecord;
}

/**
 * Where the server's own code fails (an attribute of a missing object, a database integrity error): Django
 * answers 500. The mock answers the same status, with the reason in a DRF-shaped body.
 */
export function serverError(reason: string): HttpError {
  return new HttpError(500, { detail: `Internal server error: ${reason}` });
}

/**
 * Whether a list shows an object of `org`: staff with `?staff=1` see everything; others see the objects of
 * orgs they are active members of (with `permission`, when the view asks for one). An org without recorded
 * members is open to everyone (see `access.ts`).
 */
export function listed(env: Env, req: MockRequest, org: unknown, permission?: string): boolean {
  const user = userOf(req);
  if (user.isStaff && (req.query.get('staff') ?? '') !== '' && req.query.get('staff') !== '0') {
    return true;
  }
  if (typeof org !== 'string' || !isScoped(env, org)) {
    return true;
  }
  const member = membership(env, user, org);
  return member !== null && (permission === undefined || member.permissions[permission] === true);
}

/** The org of the project a `p--` slug names, or null. */
export function orgOfProjectSlug(env: Env, slug: string): string | null {
  const project = projectBySlug(env.store, slug);
  return typeof project?.org === 'string' ? project.org : null;
}

/** The org of a stream (its record's, else its project's, else its device's). */
export function orgOfStream(env: Env, streamSlug: string): string | null {
  const stored = env.store.streams.get(streamSlug);
  if (typeof stored?.org === 'string') {
    return stored.org;
  }
  const parts = tryParse(() => parseStreamSlug(streamSlug));
  if (!parts) {
    return null;
  }
  const device = env.store.devices.get(parts.device);
  return orgOfProjectSlug(env, parts.project) ?? (device ? orgOfDevice(env, device) : null);
}

export interface Target {
  readonly kind: 'project' | 'device' | 'datablock' | 'stream';
  readonly slug: string;
  readonly obj: Obj;
  readonly org: string | null;
}

/** The project, device, data block or stream a slug names (the server's `get_object_by_slug`), or null. */
export function targetOf(env: Env, slug: string): Target | null {
  const prefix = slug.slice(0, 3).toLowerCase();
  if (prefix === 'p--') {
    const normal = tryParse(() => projectSlug(slug));
    const obj = normal ? projectBySlug(env.store, normal) : undefined;
    return obj && normal
      ? { kind: 'project', slug: normal, obj, org: typeof obj.org === 'string' ? obj.org : null }
      : null;
  }
  if (prefix === 'd--') {
    const normal = tryParse(() => deviceSlug(slug));
    const obj = normal ? env.store.devices.get(normal) : undefined;
    return obj && normal ? { kind: 'device', slug: normal, obj, org: orgOfDevice(env, obj) } : null;
  }
  if (prefix === 'b--') {
    const normal = tryParse(() => blockSlug(slug));
    const obj = normal ? env.store.datablocks.get(normal) : undefined;
    if (!obj || !normal) {
      return null;
    }
    const device = env.store.devices.get(`d--0000-${normal.slice(8)}`);
    const org = typeof obj.org === 'string' ? obj.org : device ? orgOfDevice(env, device) : null;
    return { kind: 'datablock', slug: normal, obj, org };
  }
  if (prefix === 's--') {
    const normal = tryParse(() => parseStreamSlug(slug))?.slug;
    const obj = normal ? env.store.streams.get(normal) : undefined;
    return obj && normal ? { kind: 'stream', slug: normal, obj, org: orgOfStream(env, normal) } : null;
  }
  return null;
}

/** `has_access` of a target: staff, or access to its org. */
export function canAccess(env: Env, user: UserRecord, target: Target): boolean {
  return hasOrgAccess(env, user, target.org);
}

export { orgOfDevice, orgOfProject };

/** A variable type by slug: the store's, else the stream folder's. */
export function findVarType(env: Env, slug: string): Obj | undefined {
  const stored = env.store.vartypes.get(slug);
  if (stored) {
    return stored;
  }
  const fromFolder = env.store.folder?.varType(slug);
  return fromFolder ? { slug, ...fromFolder } : undefined;
}

/** An input or output unit by slug, among the units of the variable types (what the unit fields accept). */
export function findUnit(env: Env, kind: 'input_unit' | 'output_unit', slug: string): Obj | undefined {
  const key = kind === 'input_unit' ? 'available_input_units' : 'available_output_units';
  const types = [...env.store.vartypes.values()];
  for (const s of env.store.folder?.varTypeSlugs() ?? []) {
    const v = env.store.folder?.varType(s);
    if (v) {
      types.push(v);
    }
  }
  for (const t of types) {
    const units = t[key];
    if (Array.isArray(units)) {
      const unit = units.find((u) => u !== null && typeof u === 'object' && (u as Obj).slug === slug);
      if (unit) {
        return unit as Obj;
      }
    }
  }
  return undefined;
}

/** The name Python gives the type of a JSON value (DRF's messages name it). */
function pythonType(v: unknown): string {
  if (v === null) {
    return 'NoneType';
  }
  if (Array.isArray(v)) {
    return 'list';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? 'int' : 'float';
  }
  return { string: 'str', boolean: 'bool' }[typeof v as 'string' | 'boolean'] ?? 'dict';
}

/**
 * DRF's `ListSerializer` validation of an array body: every item is checked with `check` (which throws
 * the item's 400); when any fails, the 400 lists one error object per item (`{}` for a valid one).
 */
export function validateMany(items: readonly unknown[], check: (item: Obj) => Obj): Obj[] {
  const values: Obj[] = [];
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        const kind = pythonType(item);
        throw new HttpError(400, {
          non_field_errors: [`Invalid data. Expected a dictionary, but got ${kind}.`],
        });
      }
      values.push(check(item as Obj));
      errors.push({});
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 400) {
        throw err;
      }
      errors.push(err.body);
    }
  }
  if (errors.some((e) => e !== null && typeof e === 'object' && Object.keys(e).length > 0)) {
    throw new HttpError(400, errors as never);
  }
  return values;
}

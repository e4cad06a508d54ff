/**
 * Small pieces the org-group resources share (accounts, orgs, projects, devices, data blocks, fleets,
 * locations, shipping): the server's recurring refusals, the clock as ISO text, light accounts, and the
 * `new_property` / `properties` actions every property-holding object has.
 */

import { hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { detail, forbidden, HttpError, json, type MockRequest, readObject } from '../http.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env } from '../router.js';
import { account, targetProperty } from '../serializers.js';
import { slugify } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';

/** The authenticated user (routes registered with auth `required`). */
export function userOf(req: MockRequest): UserRecord {
  return req.user as UserRecord;
}

/** The mock's clock as an ISO-8601 UTC string (what `auto_now_add` stores). */
export function nowIso(env: Env): string {
  return new Date(Math.floor(env.now() * 1000)).toISOString();
}

/** `{"error": "Restricted Access. Contact Arch"}`, the staff-only refusal of several views. */
export function restricted(status: 400 | 403): HttpError {
  return new HttpError(status, { error: 'Restricted Access. Contact Arch' });
}

/** `PermissionDenied('Access Denied due to lack of sufficient permissions')`. */
export function accessDenied(): HttpError {
  return detail(403, 'Access Denied due to lack of sufficient permissions');
}

/** `PermissionDenied('Device is busy. Operation cannot be completed at this time')`. */
export function deviceBusy(): HttpError {
  return detail(403, 'Device is busy. Operation cannot be completed at this time');
}

export const isBusy = (device: Obj): boolean => String(device.state ?? 'N1').startsWith('B');

/** The request body checked against a spec request schema (DRF's field errors on 400). */
export async function checkedBody(
  req: MockRequest,
  schema: keyof typeof REQUEST_SCHEMAS,
  mode: 'create' | 'update' | 'partial' = 'create',
): Promise<Obj> {
  return validateBody(await readObject(req), REQUEST_SCHEMAS[schema] as RequestSchema, mode);
}

/** The account a username (or account slug) names. */
export function accountOf(env: Env, name: unknown): UserRecord | undefined {
  if (typeof name !== 'string') {
    return undefined;
  }
  const byName = env.store.userByUsername(name);
  if (byName) {
    return byName;
  }
  for (const user of env.store.users.values()) {
    if (user.slug === name) {
      return user;
    }
  }
  return undefined;
}

/** The account slug the API shows for a stored username (the username's slug when no account has it). */
export function accountSlug(env: Env, name: unknown): string {
  const found = accountOf(env, name);
  return found ? found.slug : typeof name === 'string' ? slugify(name) : '';
}

/** `AccountReadOnlyLightSerializer`. */
export function accountLight(env: Env, name: string): Schema<'AccountLight'> {
  const found = accountOf(env, name);
  const full = found ? account(found) : null;
  return {
    email: full?.email ?? '',
    username: full?.username ?? name,
    slug: full?.slug ?? slugify(name),
    name: full?.name ?? '',
    tagline: full?.tagline ?? '',
    avatar: { tiny: full?.avatar.tiny ?? '', thumbnail: full?.avatar.thumbnail ?? '' },
  };
}

/** The properties of a target slug (`/device/{slug}/properties/`, ...), in id order. */
export function propertiesOf(env: Env, target: string): Schema<'TargetProperty'>[] {
  return [...env.store.properties.values()]
    .filter((p) => p.target === target)
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map(targetProperty);
}

/**
 * `GeneralPropertyMixin.new_property`: checks `can_modify_device_properties` in the object's org (403),
 * then the body (400: field errors, or a bare string when not exactly one of the three values is given),
 * then creates the property or replaces the value of the one with the same name (201).
 */
export async function newProperty(req: MockRequest, env: Env, target: string, orgSlug: string | null) {
  const user = userOf(req);
  if (orgSlug !== null && !hasOrgPermission(env, user, orgSlug, 'can_modify_device_properties')) {
    throw detail(403, 'User has no access to create/modify properties');
  }
  const values = await checkedBody(req, 'NewPropertyRequest');
  const given = (['int_value', 'str_value', 'bool_value'] as const).filter((k) => k in values);
  if (given.length !== 1) {
    throw new HttpError(400, 'Only one of int_value,str_value,bool_value can be used');
  }
  const key = given[0] as 'int_value' | 'str_value' | 'bool_value';
  const type = key === 'int_value' ? 'int' : key === 'str_value' ? 'str' : 'bool';
  const existing = [...env.store.properties.values()].find(
    (p) => p.target === target && p.name === values.name,
  );
  let prop: Obj;
  if (existing) {
    // The server sets the new value (and type) and keeps `is_system`.
    Object.assign(existing, { value: values[key], type, created_by: user.username });
    prop = existing;
  } else {
    const id = env.store.nextId('property');
    prop = {
      id,
      name: values.name,
      value: values[key],
      type,
      is_system: values.is_system === true,
      target,
      created_by: user.username,
    };
    env.store.properties.set(id, prop);
  }
  return json(201, targetProperty(prop));
}

/** The permission `GeneralPropertyMixin.properties` asks for (403 without it). */
export function checkReadProperties(env: Env, user: UserRecord, orgSlug: string | null): void {
  if (orgSlug !== null && !hasOrgPermission(env, user, orgSlug, 'can_read_device_properties')) {
    throw detail(403, 'User has no access to read properties');
  }
}

export { forbidden };

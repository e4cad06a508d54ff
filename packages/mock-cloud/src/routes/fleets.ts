/**
 * `/fleet/` (`apps/fleet/api_views.py`), through the CRUD engine: groups of devices of an org.
 *
 * - The list and items are the fleets of the user's orgs (staff: all with `?staff=`); filters `org`,
 *   `device` (unknown: 404) and `is_network`.
 * - POST needs `can_manage_ota` in the org; `(org, name)` is unique. PUT/PATCH/DELETE check nothing more
 *   than the queryset, as on the server.
 * - `devices/` lists the members; `register/` and `deregister/` need `can_manage_ota` and access to the
 *   device.
 */
import { hasDeviceAccess, hasOrgPermission, inUserOrgs } from '../access.js';
import { addResource } from '../crud.js';
import { fieldErrors, forbidden, HttpError, json, type MockRequest, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { checkedBody, nowIso, userOf } from '../resources/shared.js';
import type { Env, Router } from '../router.js';
import { fleet, fleetMember } from '../serializers.js';
import { deviceSlug, fleetSlug, tryParse } from '../slugs.js';
import type { FleetMember, Obj } from '../store.js';
import { boolParam } from './params.js';

const inQueryset = (req: MockRequest, env: Env, f: Obj): boolean =>
  (userOf(req).isStaff && Boolean(req.query.get('staff'))) ||
  inUserOrgs(env, userOf(req), typeof f.org === 'string' ? f.org : null);

function fleetOf(req: MockRequest, env: Env, text: string | undefined): Obj {
  const slug = tryParse(() => fleetSlug(text ?? ''));
  const found = slug ? env.store.fleets.get(slug) : undefined;
  if (!found || !inQueryset(req, env, found)) {
    throw notFound();
  }
  return found;
}

function orgField(env: Env, value: unknown): string {
  const slug = String(value);
  if (!env.store.orgs.has(slug)) {
    throw fieldErrors({ org: [`Object with slug=${slug} does not exist.`] });
  }
  return slug;
}

/** `unique_together = (org, name)`. */
function checkUnique(env: Env, org: unknown, name: unknown, self: Obj | null): void {
  for (const f of env.store.fleets.values()) {
    if (f !== self && f.org === org && f.name === name) {
      throw fieldErrors({ non_field_errors: ['The fields org, name must make a unique set.'] });
    }
  }
}

function fleetId(f: Obj): number {
  return typeof f.id === 'number' ? f.id : Number.parseInt(String(f.slug).slice(3).replace(/-/g, ''), 16);
}

function members(env: Env, f: Obj): Map<string, FleetMember> {
  const slug = String(f.slug);
  let map = env.store.fleetMembers.get(slug);
  if (!map) {
    map = new Map();
    env.store.fleetMembers.set(slug, map);
  }
  return map;
}

/** `register`/`deregister`: the fleet, the permission, the body, then access to the device. */
async function membership(req: MockRequest, env: Env) {
  const f = fleetOf(req, env, req.params.slug);
  const user = userOf(req);
  if (!hasOrgPermission(env, user, typeof f.org === 'string' ? f.org : null, 'can_manage_ota')) {
    throw forbidden();
  }
  // The view checks both with `FleetMembershipSerializer` (its flags default to false).
  const values = await checkedBody(req, 'FleetDeviceRequest');
  const d = env.store.devices.get(String(values.device));
  if (!d) {
    throw fieldErrors({ device: [`Object with slug=${String(values.device)} does not exist.`] });
  }
  if (!user.isStaff && !hasDeviceAccess(env, user, d)) {
    throw new HttpError(403, { error: 'User has no access to Device' });
  }
  const member: FleetMember = {
    device: String(d.slug),
    alwaysOn: values.always_on === true,
    isAccessPoint: values.is_access_point === true,
  };
  return { f, member };
}

export function fleetRoutes(router: Router): void {
  addResource(router, {
    list: '/fleet/',
    item: '/fleet/{slug}/',
    table: (env) => env.store.fleets,
    lookup: (text) => tryParse(() => fleetSlug(text)),
    page: STANDARD,
    order: (a, b) =>
      String(a.org ?? '').localeCompare(String(b.org ?? '')) ||
      String(a.name ?? '').localeCompare(String(b.name ?? '')),
    filters: {
      org: (f, value, env) => {
        if (!env.store.orgs.has(value)) {
          throw notFound();
        }
        return f.org === value;
      },
      device: (f, value, env) => {
        const slug = tryParse(() => deviceSlug(value));
        if (!slug || !env.store.devices.has(slug)) {
          throw notFound();
        }
        return env.store.fleetMembers.get(String(f.slug))?.has(slug) === true;
      },
      is_network: (f, _value, _env, req) => {
        const wanted = boolParam(req, 'is_network');
        return wanted === null || fleet(f).is_network === wanted;
      },
    },
    visible: (f, _user, env, req) => inQueryset(req, env, f),
    write: 'authenticated',
    fieldChecks: (body, env): Record<string, string[]> =>
      typeof body.org === 'string' && !env.store.orgs.has(body.org)
        ? { org: [`Object with slug=${body.org} does not exist.`] }
        : {},
    schemas: { create: 'FleetCreateRequest', update: 'FleetCreateRequest', partial: 'FleetPatch' },
    create: (values, req, env) => {
      const org = orgField(env, values.org);
      checkUnique(env, org, values.name, null);
      const user = userOf(req);
      if (!hasOrgPermission(env, user, org, 'can_manage_ota')) {
        throw forbidden();
      }
      let id = 0;
      for (const f of env.store.fleets.values()) {
        id = Math.max(id, fleetId(f));
      }
      const slug = fleetSlug(id + 1);
      env.store.fleetMembers.set(slug, new Map());
      const obj: Obj = {
        id: id + 1,
        name: values.name,
        slug,
        org,
        description: typeof values.description === 'string' ? values.description : '',
        created_on: nowIso(env),
        created_by: user.slug,
        is_network: values.is_network === true,
      };
      return { key: slug, obj };
    },
    update: (obj, values, _req, env) => {
      if ('org' in values) {
        values.org = orgField(env, values.org);
      }
      checkUnique(env, values.org ?? obj.org, values.name ?? obj.name, obj);
      Object.assign(obj, values);
    },
    destroy: (obj, key, _req, env) => {
      env.store.fleets.delete(String(key));
      env.store.fleetMembers.delete(String(obj.slug));
    },
    serialize: (f) => fleet(f),
  });

  router.add('/fleet/{slug}/devices/', {
    GET: (req, env) => {
      const f = fleetOf(req, env, req.params.slug);
      return json(200, paginate(req, [...members(env, f).values()].map(fleetMember), STANDARD));
    },
  });
  router.add('/fleet/{slug}/register/', {
    POST: async (req, env) => {
      const { f, member } = await membership(req, env);
      const map = members(env, f);
      if (map.has(member.device)) {
        throw new HttpError(400, { error: `Device ${member.device} already exists in fleet` });
      }
      map.set(member.device, member);
      return json(201, fleetMember(member));
    },
  });
  router.add('/fleet/{slug}/deregister/', {
    POST: async (req, env) => {
      const { f, member } = await membership(req, env);
      const map = members(env, f);
      if (!map.delete(member.device)) {
        throw new HttpError(400, { error: 'Device not found' });
      }
      return json(202, fleetMember(member));
    },
  });
}

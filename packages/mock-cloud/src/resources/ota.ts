/**
 * `/ota/...` (`apps/devicescript`, `apps/ota`): over-the-air updates.
 *
 * - Scripts (`/ota/script/`): staff list and write them; other users get an empty list and find released
 *   ones by slug. Slugs are `z--` gids given in order. The S3 upload handshake (`uploadurl/`,
 *   `uploadsuccess/`) answers as the server does without S3 (see `s3.ts`).
 * - Deployment requests (`/ota/request/`): listed only with a `fleet`, `org` or `scope` filter (released, not
 *   completed ones), or all for staff with `?staff=1`; created by members with `can_manage_ota`; readable
 *   and writable by anyone with access; `devices/` lists the devices its fleet or org and its selection
 *   criteria reach.
 * - Deployment actions (`/ota/action/`): listed only with a `request` or `device` filter; posted by
 *   whoever has access to the request and the device; changed or deleted only by staff with `?staff=1`.
 * - Device version attributes (`/ota/version/`): the version history of the devices a user can access;
 *   written only by staff with `?staff=1`.
 * - `/ota/device/{slug}/`: a device's released deployments, actions and current versions.
 */

import { hasOrgAccess, hasOrgPermission, orgOfDevice } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource, listed, type Resource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  errorBody,
  fieldErrors,
  forbidden,
  HttpError,
  json,
  type MockRequest,
  noContent,
  notFound,
  readObject,
} from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { device as deviceView, otaAction, otaDeviceAction, otaRequest, otaScript } from '../serializers.js';
import { deviceSlug, tryParse } from '../slugs.js';
import { FIXED_TIME, type Obj, type UserRecord } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import {
  byKeys,
  checkFields,
  freshId,
  isVendor,
  noSuchPk,
  noSuchSlug,
  notUniqueTogether,
  nowDrf,
  semver,
  staffOne,
} from './catalog-shared.js';
import {
  createS3File,
  presignedPost,
  S3FILE_BUCKET,
  S3FILE_INCOMING,
  s3File,
  signedUrl,
  uploadUuid,
} from './s3.js';

export const DEVICE_VERSIONS = 'device-versions';

const restricted = (): HttpError => errorBody(403, 'Restricted Access. Contact Arch');

const userOf = (req: MockRequest): UserRecord => req.user as UserRecord;

/** Staff who asked for everything with `?staff=1`. */
const staffAll = (req: MockRequest): boolean => userOf(req).isStaff && staffOne(req);

// --- access (the models' `has_access` / `has_write_access`) ---------------------------------------------

function fleetAccess(env: Env, user: UserRecord, slug: unknown): boolean {
  const fleet = env.store.fleets.get(String(slug));
  return user.isStaff || (fleet !== undefined && hasOrgAccess(env, user, fleet.org as string | null));
}

/** `DeploymentRequest.has_access`. */
function requestAccess(env: Env, user: UserRecord, r: Obj): boolean {
  if (user.isStaff) {
    return true;
  }
  if (typeof r.fleet === 'string' && r.fleet !== '') {
    return fleetAccess(env, user, r.fleet);
  }
  if (typeof r.org === 'string') {
    return isVendor(env, r.org) || hasOrgAccess(env, user, r.org);
  }
  return r.created_by === user.id;
}

/** `DeploymentRequest.has_write_access`. */
function requestWriteAccess(env: Env, user: UserRecord, r: Obj): boolean {
  if (user.isStaff) {
    return true;
  }
  if (typeof r.fleet === 'string' && r.fleet !== '') {
    const org = env.store.fleets.get(r.fleet)?.org;
    return hasOrgPermission(env, user, org as string | null, 'can_manage_ota');
  }
  if (typeof r.org === 'string') {
    return hasOrgPermission(env, user, r.org, 'can_manage_ota');
  }
  return r.created_by === user.id;
}

/** `Device.has_access`. */
function deviceAccess(env: Env, user: UserRecord, d: Obj): boolean {
  return user.isStaff || hasOrgAccess(env, user, orgOfDevice(env, d));
}

/** A device by the slug a body or filter gives (short forms work). */
function deviceBySlug(env: Env, text: unknown): Obj | undefined {
  const slug = typeof text === 'string' ? tryParse(() => deviceSlug(text)) : null;
  return slug === null ? undefined : env.store.devices.get(slug);
}

// --- device versions ------------------------------------------------------------------------------------------

export function deviceVersionAttribute(v: Obj): Schema<'DeviceVersionAttribute'> {
  return {
    device: String(v.device),
    type: v.type === 'app' ? 'app' : 'os',
    tag: Number(v.tag ?? 0),
    version: `v${Number(v.major_version ?? 0)}.${Number(v.minor_version ?? 0)}`,
    streamer_local_id: Number(v.streamer_local_id ?? 1),
    updated_ts: typeof v.updated_ts === 'string' ? v.updated_ts : null,
    created_on: String(v.created_on ?? FIXED_TIME),
  };
}

function deviceVersion(v: Obj): Schema<'DeviceVersion'> {
  const { device: _device, created_on: _created, ...rest } = deviceVersionAttribute(v);
  return rest;
}

/** `updated_ts` descending as Postgres sorts it: nulls first. */
function newestFirst(a: Obj, b: Obj): number {
  const ta =
    typeof a.updated_ts === 'string' ? (parseIsoDateTime(a.updated_ts) ?? 0) : Number.POSITIVE_INFINITY;
  const tb =
    typeof b.updated_ts === 'string' ? (parseIsoDateTime(b.updated_ts) ?? 0) : Number.POSITIVE_INFINITY;
  return ta === tb ? 0 : ta > tb ? -1 : 1;
}

/** `order_by('type', '-updated_ts').distinct('type')`: the newest attribute of each type. */
function latestByType(rows: Obj[]): Obj[] {
  const out = new Map<string, Obj>();
  for (const v of [...rows].sort(newestFirst)) {
    const type = String(v.type);
    if (!out.has(type)) {
      out.set(type, v);
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}

/** A device's current versions: its newest attribute of each type (plus those a fixture gave its OTA info). */
function currentVersions(env: Env, slug: string): Schema<'DeviceVersion'>[] {
  const rows = [...env.store.table<number>(DEVICE_VERSIONS).values()].filter((v) => v.device === slug);
  const given = env.store.otaDevices.get(slug)?.versions;
  return [
    ...(Array.isArray(given) ? (given as Schema<'DeviceVersion'>[]) : []),
    ...latestByType(rows).map(deviceVersion),
  ];
}

// --- scripts ----------------------------------------------------------------------------------------------------

/** A script's version parts: the stored parts, or those of its `version` text (quick-add and fixtures). */
function scriptParts(s: Obj): Obj {
  if (['major_version', 'minor_version', 'patch_version'].some((k) => typeof s[k] === 'number')) {
    return s;
  }
  const [major = 0, minor = 0, patch = 0] =
    typeof s.version === 'string' ? s.version.replace(/^v/, '').split('.').map(Number) : [];
  return { ...s, major_version: major, minor_version: minor, patch_version: patch };
}

export function otaScriptView(s: Obj): Schema<'OtaScript'> {
  return { ...otaScript(s), version: semver(scriptParts(s)) };
}

/** `DeviceScriptFileSerializer`: the script's name and version, and its file's signed URL and key. */
function scriptFile(env: Env, s: Obj): Schema<'OtaScriptFile'> {
  const parts = scriptParts(s);
  const file = (s.file ?? null) as Obj | null;
  const key = file && typeof file.key === 'string' ? file.key : null;
  return {
    name: String(file?.name ?? s.name ?? ''),
    url: file && typeof file.url === 'string' ? file.url : key ? signedUrl(env, key) : null,
    key,
    major_version: Number(parts.major_version),
    minor_version: Number(parts.minor_version),
    patch_version: Number(parts.patch_version),
  };
}

function gidOf(s: Obj): number {
  return typeof s.gid === 'number' ? s.gid : Number.parseInt(String(s.slug).slice(3).replace(/-/g, ''), 16);
}

function checkedScript(env: Env, values: Obj, self: Obj | null): void {
  const unique = ['org', 'name', 'major_version', 'minor_version', 'patch_version'] as const;
  const next = scriptParts({ major_version: 0, minor_version: 0, patch_version: 0, ...self, ...values });
  for (const other of env.store.otaScripts.values()) {
    const parts = scriptParts(other);
    if (other !== self && unique.every((k) => (parts[k] ?? null) === (next[k] ?? null))) {
      throw notUniqueTogether(unique);
    }
  }
}

/** `DeviceScriptFilter.version`: `x`, `x.y` or `x.y.z` (a part that is not an integer is a 500). */
function versionMatches(s: Obj, value: string): boolean {
  const parts = scriptParts(s);
  return value.split('.').every((piece, i) => {
    if (i > 2) {
      return true;
    }
    if (!/^\s*[+-]?\d+\s*$/.test(piece)) {
      throw new Error(`invalid literal for int() with base 10: '${piece}'`);
    }
    const key = ['major_version', 'minor_version', 'patch_version'][i] as string;
    return Number(parts[key]) === Number.parseInt(piece, 10);
  });
}

const UPLOAD_URL = REQUEST_SCHEMAS.S3UploadUrlRequest as RequestSchema;
const UPLOAD_SUCCESS = REQUEST_SCHEMAS.S3UploadSuccessRequest as RequestSchema;

function scriptRoutes(router: Router): void {
  const scripts: Resource<'/ota/script/', '/ota/script/{slug}/'> = {
    list: '/ota/script/',
    item: '/ota/script/{slug}/',
    table: (env) => env.store.otaScripts,
    page: STANDARD,
    order: byKeys('org', 'name', 'gid'),
    // Staff see every script; others none in lists, and released ones by slug.
    visible: (s, user, _env, req) => user.isStaff || (req.params.slug !== undefined && s.released === true),
    filters: { version: (s, value) => versionMatches(s, value) },
    write: 'staff',
    fieldChecks: (data, env) => checkFields(data, { org: [(v) => isVendor(env, v), noSuchSlug] }),
    schemas: { create: 'OtaScriptWrite', update: 'OtaScriptWrite', partial: 'OtaScriptPatch' },
    create: (values, req, env) => {
      checkedScript(env, values, null);
      let gid = 0;
      for (const s of env.store.otaScripts.values()) {
        gid = Math.max(gid, gidOf(s));
      }
      gid += 1;
      const hex = gid.toString(16).padStart(8, '0');
      const slug = `z--${hex.slice(0, 4)}-${hex.slice(4)}`;
      const obj: Obj = {
        gid,
        slug,
        major_version: 0,
        minor_version: 0,
        patch_version: 0,
        released: false,
        ...values,
        released_on: null,
        file: null,
        created_on: nowDrf(env),
        created_by: req.user?.id,
      };
      return { key: slug, obj };
    },
    update: (obj, values, _req, env) => {
      checkedScript(env, values, obj);
      Object.assign(obj, scriptParts(obj), values);
      delete obj.version;
    },
    destroy: (obj, key, _req, env) => {
      env.store.otaScripts.delete(String(key));
      // Its deployment requests (and their actions) go with it (`on_delete=CASCADE`).
      for (const r of [...env.store.deployments.values()]) {
        if (r.script === obj.slug) {
          deleteRequest(env, r);
        }
      }
    },
    serialize: (s) => otaScriptView(s),
  };
  addResource(router, scripts, {
    list: {
      GET: (req, env) => {
        // `org` is a multiple-choice filter: every value must be an org.
        const orgs = req.query.getAll('org').filter(Boolean);
        for (const org of orgs) {
          if (!env.store.orgs.has(org)) {
            throw fieldErrors({
              org: [`Select a valid choice. ${org} is not one of the available choices.`],
            });
          }
        }
        const rows = listed(scripts as never, req, env).filter(
          (s) => orgs.length === 0 || orgs.includes(String(s.org)),
        );
        return json(200, paginate(req, rows.map(otaScriptView), STANDARD));
      },
    },
  });

  /** `get_object` for the actions: the script as the user may see it, then `can_manage_ota` in its org. */
  const uploadTarget = (req: MockRequest, env: Env): Obj => {
    const script = env.store.otaScripts.get(req.params.slug ?? '');
    if (!script) {
      throw notFound();
    }
    if (!hasOrgPermission(env, userOf(req), script.org as string | null, 'can_manage_ota')) {
      throw forbidden();
    }
    return script;
  };

  router.add('/ota/script/{slug}/file/', {
    GET: (req, env) => {
      const script = env.store.otaScripts.get(req.params.slug ?? '');
      if (!script || !(userOf(req).isStaff || script.released === true)) {
        throw notFound();
      }
      return json(200, scriptFile(env, script));
    },
  });
  router.add('/ota/script/{slug}/uploadurl/', {
    POST: async (req, env) => {
      if (!userOf(req).isStaff) {
        throw forbidden();
      }
      const { name } = validateBody(await readObject(req), UPLOAD_URL, 'create');
      uploadTarget(req, env);
      const id = uploadUuid();
      const key = `${S3FILE_INCOMING}/script/${id}/${String(name)}`;
      const post = presignedPost(
        env,
        S3FILE_BUCKET,
        key,
        {
          acl: 'private',
          'x-amz-meta-filename': String(name),
          'x-amz-meta-uuid': id,
          'x-amz-meta-type': 'script',
          'Content-Type': 'text/plain',
        },
        1_024_000,
      );
      return json(202, { ...post, uuid: id });
    },
  });
  router.add('/ota/script/{slug}/uploadsuccess/', {
    POST: async (req, env) => {
      if (!userOf(req).isStaff) {
        throw forbidden();
      }
      const { name, uuid } = validateBody(await readObject(req), UPLOAD_SUCCESS, 'create');
      uploadTarget(req, env);
      const key = `${S3FILE_INCOMING}/script/${String(uuid)}/${String(name)}`;
      const file = createS3File(env, String(uuid), String(name), key, userOf(req));
      if (!file) {
        throw new HttpError(400, { detail: 'Illegal or duplicate UUID' });
      }
      // The view assigns the file to `script`, which is not the model's field (`file`): the script
      // keeps its old file, as on the server.
      return json(202, s3File(env, file));
    },
  });
}

// --- deployment requests --------------------------------------------------------------------------------------

function deleteRequest(env: Env, r: Obj): void {
  env.store.deployments.delete(Number(r.id));
  for (const a of [...env.store.otaActions.values()]) {
    if (Number(a.deployment) === Number(r.id)) {
      env.store.otaActions.delete(Number(a.id));
    }
  }
}

/** Released (`released_on` not in the future) and not completed. */
function releasedAndActive(env: Env, r: Obj): boolean {
  if (r.completed_on !== null && r.completed_on !== undefined) {
    return false;
  }
  const released = typeof r.released_on === 'string' ? parseIsoDateTime(r.released_on) : null;
  return released !== null && released / 1_000_000 <= env.now();
}

/** `DeploymentRequestFilter`: `fleet`, then `org`, then `scope`, each narrowing the rows. */
function filterRequests(req: MockRequest, env: Env, rows: Obj[]): Obj[] {
  const user = userOf(req);
  let out = rows;
  const fleet = req.query.get('fleet');
  if (fleet) {
    const slugs = fleet.split(',');
    for (const slug of slugs) {
      if (!env.store.fleets.has(slug)) {
        throw notFound();
      }
      if (!fleetAccess(env, user, slug)) {
        throw forbidden();
      }
    }
    out = out.filter((r) => slugs.includes(String(r.fleet)));
  }
  const org = req.query.get('org');
  if (org) {
    const slugs = org.split(',');
    for (const slug of slugs) {
      if (!env.store.orgs.has(slug)) {
        throw notFound();
      }
      if (!(isVendor(env, slug) || hasOrgAccess(env, user, slug))) {
        throw forbidden();
      }
    }
    out = out.filter((r) => slugs.includes(String(r.org)));
  }
  const scope = req.query.get('scope');
  if (scope) {
    const noFleet = (r: Obj) => r.fleet === null || r.fleet === undefined || r.fleet === '';
    if (scope === 'global') {
      out = out.filter((r) => noFleet(r) && isVendor(env, r.org));
    } else if (scope.startsWith('g')) {
      const f = env.store.fleets.get(scope);
      if (!f) {
        // `o.has_access` on the missing fleet: an AttributeError, Django's 500.
        throw new Error("'NoneType' object has no attribute 'has_access'");
      }
      out = fleetAccess(env, user, scope)
        ? out.filter((r) => r.fleet === scope || (noFleet(r) && (r.org === f.org || isVendor(env, r.org))))
        : [];
    } else {
      if (!env.store.orgs.has(scope)) {
        throw notFound();
      }
      const orgFleets = new Set(
        [...env.store.fleets.values()].filter((f) => f.org === scope).map((f) => String(f.slug)),
      );
      out = hasOrgAccess(env, user, scope)
        ? out.filter(
            (r) =>
              r.org === scope ||
              (orgFleets.has(String(r.fleet)) && isVendor(env, r.org)) ||
              (noFleet(r) && isVendor(env, r.org)),
          )
        : [];
    }
  }
  return out;
}

/** A selection rule `type:op:value`, or null for one that does not parse (the mock skips those). */
function rulePredicate(rule: string): ((v: Obj) => boolean) | null {
  const parts = rule.split(':');
  if (parts.length !== 3) {
    return null;
  }
  const [type = '', op = '', value = ''] = parts;
  // `_version_tag_type`: `app` rules look for type `sg`, which no version attribute has.
  const prefix = type.split('_')[0];
  const vType = prefix === 'os' ? 'os' : prefix === 'app' ? 'sg' : '';
  if (type === 'os_tag' || type === 'app_tag') {
    return (v) => v.type === vType && String(v.tag) === value;
  }
  if (type === 'os_version' || type === 'app_version') {
    const [major = 0, minor = 0] = value.split('.').map(Number);
    const cmp = (v: Obj) => {
      const vm = Number(v.major_version ?? 0);
      const vn = Number(v.minor_version ?? 0);
      return vm === major ? vn - minor : vm - major;
    };
    const ops: Record<string, (c: number) => boolean> = {
      eq: (c) => c === 0,
      lt: (c) => c < 0,
      lte: (c) => c <= 0,
      gt: (c) => c > 0,
      gte: (c) => c >= 0,
    };
    const test = ops[op];
    return test ? (v) => v.type === vType && test(cmp(v)) : null;
  }
  return null;
}

/** `DeploymentDeviceSelectionHelper.affected_devices_qs`. */
function affectedDevices(env: Env, r: Obj): Obj[] {
  let base: Obj[];
  if (typeof r.fleet === 'string' && r.fleet !== '') {
    const members = env.store.fleetMembers.get(r.fleet);
    base = [...(members?.keys() ?? [])].flatMap((slug) => {
      const d = env.store.devices.get(slug);
      return d ? [d] : [];
    });
  } else if (isVendor(env, r.org)) {
    const templates = new Set(
      [...env.store.dts.values()].filter((t) => t.org === r.org).map((t) => String(t.slug)),
    );
    base = [...env.store.devices.values()].filter(
      (d) => templates.has(String(d.template)) && d.active !== false && typeof d.project === 'string',
    );
  } else {
    base = [...env.store.devices.values()].filter((d) => orgOfDevice(env, d) === r.org);
  }
  const rules = (Array.isArray(r.selection_criteria) ? r.selection_criteria : [])
    .map((c) => rulePredicate(String(c)))
    .filter((p): p is (v: Obj) => boolean => p !== null);
  const versions = [...env.store.table<number>(DEVICE_VERSIONS).values()];
  return base.filter((d) => versions.some((v) => v.device === d.slug && rules.every((rule) => rule(v))));
}

function requestDevice(env: Env, d: Obj): Schema<'OtaRequestDevice'> {
  const view = deviceView(d, env.store);
  return {
    id: view.id,
    slug: view.slug,
    sg: view.sg,
    template: view.template,
    versions: currentVersions(env, view.slug),
  };
}

function requestFieldChecks(data: Obj, env: Env): Record<string, string[]> {
  return checkFields(data, {
    script: [(v) => env.store.otaScripts.has(String(v)), noSuchSlug],
    org: [(v) => env.store.orgs.has(String(v)), noSuchSlug],
    fleet: [(v) => env.store.fleets.has(String(v)), noSuchSlug],
  });
}

/** `get_object` of the request views: any request by id, then `IsMemberOnly` (403 without access). */
function requestFor(req: MockRequest, env: Env): Obj {
  const text = req.params.id ?? '';
  const found = /^\d+$/.test(text) ? env.store.deployments.get(Number(text)) : undefined;
  if (!found) {
    throw notFound();
  }
  if (!requestAccess(env, userOf(req), found)) {
    throw forbidden();
  }
  return found;
}

function requestRoutes(router: Router): void {
  const requests: Resource<'/ota/request/', '/ota/request/{id}/'> = {
    list: '/ota/request/',
    item: '/ota/request/{id}/',
    table: (env) => env.store.deployments,
    lookup: 'id',
    page: STANDARD,
    order: (a, b) => {
      // `ordering = ['completed_on', 'released_on', 'id']`, nulls last as Postgres sorts ascending.
      for (const key of ['completed_on', 'released_on']) {
        const x = typeof a[key] === 'string' ? (a[key] as string) : null;
        const y = typeof b[key] === 'string' ? (b[key] as string) : null;
        if (x !== y) {
          return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        }
      }
      return Number(a.id) - Number(b.id);
    },
    canWrite: (r, user, env) => requestAccess(env, user, r),
    write: 'authenticated',
    fieldChecks: requestFieldChecks,
    schemas: { create: 'OtaRequestCreate', update: 'OtaRequestCreate', partial: 'OtaRequestPatch' },
    create: (values, req, env) => {
      if (!hasOrgPermission(env, userOf(req), String(values.org), 'can_manage_ota')) {
        throw forbidden();
      }
      const id = freshId(env.store, 'deployment', env.store.deployments.values());
      const obj: Obj = {
        id,
        selection_criteria: [],
        fleet: null,
        ...values,
        released_on: null,
        completed_on: null,
        created_on: nowDrf(env),
        created_by: req.user?.id,
      };
      return { key: id, obj };
    },
    update: (obj, values) => {
      Object.assign(obj, values);
    },
    serialize: (r) => otaRequest(r),
  };
  addResource(router, requests, {
    list: {
      GET: (req, env) => {
        let rows: Obj[];
        if (staffAll(req)) {
          rows = [...env.store.deployments.values()];
        } else if (['fleet', 'org', 'scope'].some((k) => req.query.has(k))) {
          rows = [...env.store.deployments.values()].filter((r) => releasedAndActive(env, r));
        } else {
          // Users may not list every deployment: without a filter, nothing.
          rows = [];
        }
        const out = filterRequests(req, env, rows).sort(requests.order);
        return json(200, paginate(req, out.map(otaRequest), STANDARD));
      },
    },
    item: {
      GET: (req, env) => json(200, otaRequest(requestFor(req, env))),
      DELETE: (req, env) => {
        if (staffAll(req)) {
          const found = env.store.deployments.get(Number(req.params.id));
          if (!found || !/^\d+$/.test(req.params.id ?? '')) {
            throw notFound();
          }
          deleteRequest(env, found);
          return noContent();
        }
        const found = requestFor(req, env);
        if (!requestWriteAccess(env, userOf(req), found)) {
          throw restricted();
        }
        deleteRequest(env, found);
        return noContent();
      },
    },
  });
  router.add('/ota/request/{id}/devices/', {
    GET: (req, env) => {
      const r = requestFor(req, env);
      const rows = affectedDevices(env, r)
        .map((d) => requestDevice(env, d))
        .sort((a, b) => a.id - b.id);
      return json(200, paginate(req, rows, STANDARD));
    },
  });
}

// --- deployment actions ---------------------------------------------------------------------------------------

/** `get_object` of the action views: any action by id, then `IsMemberOnly` (its request's access). */
function actionFor(req: MockRequest, env: Env): Obj {
  const text = req.params.id ?? '';
  const found = /^\d+$/.test(text) ? env.store.otaActions.get(Number(text)) : undefined;
  if (!found) {
    throw notFound();
  }
  const request = env.store.deployments.get(Number(found.deployment));
  if (!userOf(req).isStaff && !(request && requestAccess(env, userOf(req), request))) {
    throw forbidden();
  }
  return found;
}

/** The related objects of an action's values: the request (by id) and the device (by slug). */
function actionFieldChecks(data: Obj, env: Env): Record<string, string[]> {
  return checkFields(data, {
    deployment: [(v) => env.store.deployments.has(Number(v)), noSuchPk],
    device: [(v) => deviceBySlug(env, v) !== undefined, noSuchSlug],
  });
}

/** The device's stored slug (a short form sent is the device's full slug). */
function withDeviceSlug(env: Env, values: Obj): Obj {
  return 'device' in values ? { ...values, device: deviceBySlug(env, values.device)?.slug } : values;
}

/** `last_attempt_on` ascending as Postgres sorts it: nulls last. */
function byLastAttempt(a: Obj, b: Obj): number {
  const x = typeof a.last_attempt_on === 'string' ? a.last_attempt_on : null;
  const y = typeof b.last_attempt_on === 'string' ? b.last_attempt_on : null;
  if (x === y) {
    return Number(a.id) - Number(b.id);
  }
  return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
}

function actionRoutes(router: Router): void {
  const actions: Resource<'/ota/action/', '/ota/action/{id}/'> = {
    list: '/ota/action/',
    item: '/ota/action/{id}/',
    table: (env) => env.store.otaActions,
    lookup: 'id',
    page: STANDARD,
    order: byKeys('deployment', 'device', 'created_on', 'id'),
    write: 'authenticated',
    // Creating is open; changing and deleting are for staff with `?staff=1`.
    refuseWrite: (req) => {
      if (req.method !== 'POST' && !staffAll(req)) {
        throw restricted();
      }
    },
    fieldChecks: actionFieldChecks,
    schemas: { create: 'OtaActionCreate', update: 'OtaActionCreate', partial: 'OtaActionPatch' },
    create: (sent, req, env) => {
      const values = withDeviceSlug(env, sent);
      const user = userOf(req);
      const request = env.store.deployments.get(Number(values.deployment)) as Obj;
      if (!requestAccess(env, user, request)) {
        throw forbidden();
      }
      if (!deviceAccess(env, user, env.store.devices.get(String(values.device)) as Obj)) {
        throw forbidden();
      }
      const id = freshId(env.store, 'ota-action', env.store.otaActions.values());
      const obj: Obj = {
        id,
        last_attempt_on: null,
        attempt_successful: false,
        log: null,
        ...values,
        deployment: Number(values.deployment),
        device_confirmation: false,
        created_on: nowDrf(env),
      };
      return { key: id, obj };
    },
    update: (obj, values, _req, env) => {
      Object.assign(obj, withDeviceSlug(env, values));
    },
    serialize: (a) => otaAction(a),
  };
  addResource(router, actions, {
    list: {
      GET: (req, env) => {
        let rows: Obj[];
        if (staffAll(req) || req.query.has('request') || req.query.has('device')) {
          rows = [...env.store.otaActions.values()];
        } else {
          rows = [];
        }
        const user = userOf(req);
        const request = req.query.get('request');
        if (request) {
          const r = /^\d+$/.test(request) ? env.store.deployments.get(Number(request)) : undefined;
          if (!r) {
            throw notFound();
          }
          if (!requestAccess(env, user, r)) {
            throw forbidden();
          }
          rows = rows.filter((a) => Number(a.deployment) === Number(r.id));
        }
        const device = req.query.get('device');
        if (device) {
          const d = env.store.devices.get(device);
          if (!d) {
            throw notFound();
          }
          if (!deviceAccess(env, user, d)) {
            throw forbidden();
          }
          rows = rows.filter((a) => a.device === d.slug);
        }
        return json(200, paginate(req, rows.sort(actions.order).map(otaAction), STANDARD));
      },
    },
    item: {
      GET: (req, env) => json(200, otaAction(actionFor(req, env))),
    },
  });
}

// --- device version attributes --------------------------------------------------------------------------------

function checkedVersion(env: Env, values: Obj, self: Obj | null): void {
  const unique = ['device', 'type', 'tag', 'major_version', 'minor_version', 'streamer_local_id'] as const;
  const next: Obj = { major_version: 0, minor_version: 0, streamer_local_id: 1, ...self, ...values };
  for (const other of env.store.table<number>(DEVICE_VERSIONS).values()) {
    const o: Obj = { major_version: 0, minor_version: 0, streamer_local_id: 1, ...other };
    if (other !== self && unique.every((k) => o[k] === next[k])) {
      throw notUniqueTogether(unique);
    }
  }
}

function versionRoutes(router: Router): void {
  const versions: Resource<'/ota/version/', '/ota/version/{id}/'> = {
    list: '/ota/version/',
    item: '/ota/version/{id}/',
    table: (env) => env.store.table<number>(DEVICE_VERSIONS),
    lookup: 'id',
    page: STANDARD,
    order: byKeys('device', 'type', 'major_version', 'minor_version', 'id'),
    // `user_device_qs`: attributes of the devices the user can access (staff with `?staff=1`: all).
    visible: (v, user, env, req) => {
      if (user.isStaff && staffOne(req)) {
        return true;
      }
      const d = env.store.devices.get(String(v.device));
      return d !== undefined && hasOrgAccess(env, user, orgOfDevice(env, d));
    },
    filters: { type: (v, value) => v.type === value },
    write: 'authenticated',
    refuseWrite: (req) => {
      if (!staffAll(req)) {
        throw restricted();
      }
    },
    patchIsFull: true,
    fieldChecks: (data, env) =>
      checkFields(data, { device: [(v) => env.store.devices.has(String(v)), noSuchSlug] }),
    schemas: { create: 'DeviceVersionAttributeWrite', update: 'DeviceVersionAttributeWrite' },
    create: (values, _req, env) => {
      checkedVersion(env, values, null);
      const id = freshId(env.store, DEVICE_VERSIONS, env.store.table<number>(DEVICE_VERSIONS).values());
      const obj: Obj = {
        id,
        major_version: 0,
        minor_version: 0,
        streamer_local_id: 1,
        updated_ts: null,
        ...values,
        created_on: nowDrf(env),
      };
      return { key: id, obj };
    },
    update: (obj, values, _req, env) => {
      checkedVersion(env, values, obj);
      Object.assign(obj, values);
    },
    serialize: (v) => deviceVersionAttribute(v),
  };
  addResource(router, versions, {
    list: {
      GET: (req, env) => {
        let rows = listed(versions as never, req, env);
        const device = req.query.get('device');
        if (device) {
          const d = env.store.devices.get(device);
          if (!d) {
            throw notFound();
          }
          if (!deviceAccess(env, userOf(req), d)) {
            throw forbidden();
          }
          rows = rows.filter((v) => v.device === d.slug);
        }
        const latest = req.query.get('latest');
        if (latest !== null && /^(true|false|1|0)$/i.test(latest)) {
          // Any valid boolean: the newest attribute of each type.
          rows = latestByType(rows);
        }
        return json(200, paginate(req, rows.map(deviceVersionAttribute), STANDARD));
      },
    },
  });
}

// --- device info --------------------------------------------------------------------------------------------------

/** `device_deployments_qs(released=True)`: its fleets', its org's and vendors' released, active requests. */
function deploymentsFor(env: Env, slug: string, org: string | null): Obj[] {
  const fleets = new Set(
    [...env.store.fleetMembers.entries()].filter(([, members]) => members.has(slug)).map(([f]) => f),
  );
  return [...env.store.deployments.values()]
    .filter((r) => {
      const fleet = typeof r.fleet === 'string' && r.fleet !== '' ? r.fleet : null;
      const applies =
        (fleet !== null && fleets.has(fleet)) ||
        (fleet === null && ((org !== null && r.org === org) || isVendor(env, r.org)));
      return applies && releasedAndActive(env, r);
    })
    .sort((a, b) => Number(a.id) - Number(b.id));
}

function deviceInfoRoutes(router: Router): void {
  router.add('/ota/device/{slug}/', {
    GET: (req, env) => {
      const raw = req.params.slug ?? '';
      // The route only matches the full `d--0000-XXXX-XXXX-XXXX` form.
      if (!/^[dD]--0000-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}$/.test(raw)) {
        throw notFound();
      }
      const slug = deviceSlug(raw);
      const info = env.store.otaDevices.get(slug);
      const dev = env.store.devices.get(slug);
      if (!info && !dev) {
        throw notFound();
      }
      if (dev && (dev.active === false || !deviceAccess(env, userOf(req), dev))) {
        throw forbidden();
      }
      const base = info ?? { slug, template: dev?.template ?? null, sg: dev?.sg ?? null };
      const actions = [...env.store.otaActions.values()].filter((a) => a.device === slug).sort(byLastAttempt);
      return json(200, {
        slug,
        template: typeof base.template === 'string' ? base.template : null,
        sg: typeof base.sg === 'string' ? base.sg : null,
        deployments: deploymentsFor(env, slug, dev ? orgOfDevice(env, dev) : null).map(otaRequest),
        actions: actions.map(otaDeviceAction),
        versions: currentVersions(env, slug),
      } satisfies Schema<'OtaDeviceInfo'>);
    },
  });
}

export function otaRoutes(router: Router): void {
  deviceInfoRoutes(router);
  scriptRoutes(router);
  requestRoutes(router);
  actionRoutes(router);
  versionRoutes(router);
}

/**
 * `/config/name/` and `/config/attr/` (`apps/configattribute`): configuration attributes stored on any
 * object (`^org`, `@user`, `p--`, `d--`, `b--` targets) under a name from the staff-managed list of names.
 *
 * - Names: every user reads them; staff write them. A name starts with `:` and has no spaces.
 * - Attributes: `POST` sets one (an attribute with the same target and name is overwritten, still 201);
 *   reading, listing (`?target=` required) and deleting need access to the target; `PUT`/`PATCH` are
 *   refused with 400 whatever the id. `search/` walks up from the target (device, project, org, then the
 *   requesting user) until it finds the name.
 */

import { hasOrgAccess, orgOfDevice } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  errorBody,
  fieldErrors,
  forbidden,
  json,
  type MockRequest,
  noContent,
  notFound,
  readObject,
  validationList,
} from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { drfTime, projectBySlug } from '../serializers.js';
import { FIXED_TIME, type Obj, type UserRecord } from '../store.js';
import { byKeys, freshId, nowDrf } from './catalog-shared.js';

export const CONFIG_NAMES = 'config-names';
export const CONFIG_ATTRIBUTES = 'config-attributes';

export function configName(n: Obj): Schema<'ConfigAttributeName'> {
  return {
    id: Number(n.id),
    name: String(n.name),
    description: typeof n.description === 'string' ? n.description : null,
    tags: Array.isArray(n.tags) ? n.tags.map(String) : [],
  };
}

export function configAttribute(a: Obj): Schema<'ConfigAttribute'> {
  return {
    id: Number(a.id),
    target: String(a.target),
    name: String(a.name),
    data: a.data ?? null,
    updated_on: drfTime(String(a.updated_on ?? FIXED_TIME)),
  };
}

// --- targets (`get_object_by_slug` and each model's `has_access`) -------------------------------------

interface Target {
  readonly type: 'user' | 'org' | 'datablock' | 'device' | 'project' | 'stream' | 'fleet' | 'other';
  /** `obj_target_slug`: `^org`, `@user`, or the object's slug. */
  readonly slug: string;
  /** The org whose membership gives access, or null. */
  readonly org: string | null;
  /** The account a user target is, for access. */
  readonly user?: UserRecord;
  /** The project a device is in (the next step of `search/`), as its slug. */
  readonly project?: string | null;
}

function userBySlug(env: Env, slug: string): UserRecord | undefined {
  for (const u of env.store.users.values()) {
    if (u.slug === slug) {
      return u;
    }
  }
  return undefined;
}

/** The object a target slug names, or null (an unknown kind of slug, or no such object). */
export function findTarget(env: Env, slug: string): Target | null {
  const rest = slug.slice(1);
  switch (slug[0]) {
    case '@': {
      const user = userBySlug(env, rest);
      return user ? { type: 'user', slug: `@${user.slug}`, org: null, user } : null;
    }
    case '^':
      return env.store.orgs.has(rest) ? { type: 'org', slug: `^${rest}`, org: rest } : null;
    case 'b': {
      const block = env.store.datablocks.get(slug);
      return block
        ? { type: 'datablock', slug, org: typeof block.org === 'string' ? block.org : null }
        : null;
    }
    case 'd': {
      const device = env.store.devices.get(slug);
      if (!device) {
        return null;
      }
      const projectId = typeof device.project === 'string' ? device.project.toLowerCase() : null;
      const project = projectId ? env.store.projects.get(projectId) : undefined;
      return {
        type: 'device',
        slug,
        org: orgOfDevice(env, device),
        project: typeof project?.slug === 'string' ? project.slug : null,
      };
    }
    case 'p': {
      const project = projectBySlug(env.store, slug);
      return project
        ? { type: 'project', slug, org: typeof project.org === 'string' ? project.org : null }
        : null;
    }
    case 'g': {
      const fleet = env.store.fleets.get(slug);
      return fleet ? { type: 'fleet', slug, org: typeof fleet.org === 'string' ? fleet.org : null } : null;
    }
    case 's': {
      const stream = env.store.streams.get(slug);
      if (!stream) {
        return null;
      }
      const project =
        typeof stream.project === 'string' ? projectBySlug(env.store, stream.project) : undefined;
      const org =
        typeof stream.org === 'string' ? stream.org : typeof project?.org === 'string' ? project.org : null;
      return { type: 'stream', slug, org };
    }
    default:
      return null;
  }
}

/** `target.has_access(user)`. */
function canAccess(env: Env, user: UserRecord, target: Target): boolean {
  if (user.isStaff) {
    return true;
  }
  if (target.type === 'user') {
    return target.user?.id === user.id;
  }
  return hasOrgAccess(env, user, target.org);
}

// --- names ------------------------------------------------------------------------------------------------

/** The model's `validate_config_name`, and `unique=True` on `name` (DRF's `UniqueValidator`). */
function nameFieldChecks(data: Obj, env: Env, self: Obj | null): Record<string, string[]> {
  if (typeof data.name !== 'string') {
    return {};
  }
  const name = data.name;
  if (name === '') {
    return { name: ['This field may not be blank.'] };
  }
  if (!name.startsWith(':')) {
    return { name: [`Name must start with ":". Got: ${name}`] };
  }
  if (name.includes(' ')) {
    return { name: [`Name cannot have spaces. Got: ${name}`] };
  }
  for (const other of env.store.table<number>(CONFIG_NAMES).values()) {
    if (other !== self && other.name === name) {
      return { name: ['Configuration Attribute Name with this name already exists.'] };
    }
  }
  return {};
}

function configNameByName(env: Env, name: string): Obj | undefined {
  for (const n of env.store.table<number>(CONFIG_NAMES).values()) {
    if (n.name === name) {
      return n;
    }
  }
  return undefined;
}

function attributesNamed(env: Env, name: string): Obj[] {
  return [...env.store.table<number>(CONFIG_ATTRIBUTES).values()].filter((a) => a.name === name);
}

// --- attributes ---------------------------------------------------------------------------------------------

const ATTRIBUTE_WRITE = REQUEST_SCHEMAS.ConfigAttributeWrite as RequestSchema;
/** The serializer's fields as DRF builds them: `data` is a nullable model field, so it is not required. */
const ATTRIBUTE_CREATE: RequestSchema = {
  required: ['target', 'name'],
  fields: ATTRIBUTE_WRITE.fields,
};

/** `validate_config`: the model validator of `target`. */
function checkTarget(target: string): void {
  if (!['^', '@', 'd', 'p', 'b'].includes(target[0] ?? '')) {
    throw fieldErrors({ target: [`Target must start with ^, @, d, p, or b. Got: ${target}`] });
  }
  if (target.includes(' ')) {
    // The server's message is not an f-string: `{value}` is sent as it is.
    throw fieldErrors({ target: ['Target cannot have spaces. Got: {value}'] });
  }
}

/** Python's `str()` of a JSON value, as the note the server logs shows it. */
function pythonText(v: unknown): string {
  if (v === null || v === undefined) {
    return 'None';
  }
  if (typeof v === 'boolean') {
    return v ? 'True' : 'False';
  }
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v)) {
    return `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : pythonText(x))).join(', ')}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Obj).map(
      ([k, x]) => `'${k}': ${typeof x === 'string' ? `'${x}'` : pythonText(x)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  return String(v);
}

/** `_log_note`: the system note a device attribute change leaves when `log_as_note` is set. */
function logNote(env: Env, attr: Obj, user: UserRecord): void {
  let text = `Attribute ${String(attr.name)} was changed to:`;
  const data = attr.data;
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    for (const [key, value] of Object.entries(data)) {
      text += `\n--> ${key}: ${pythonText(value)}`;
    }
  } else {
    text += `--> ${pythonText(data)}`;
  }
  const id = freshId(env.store, 'note', env.store.notes.values());
  env.store.notes.set(id, {
    id,
    target: attr.target,
    timestamp: nowDrf(env),
    note: text,
    type: 'si',
    created_by: user.username,
  });
}

/** `get_object`: an integer id (else 400), an attribute (else 404) whose target the user can access (else 403). */
function attributeFor(req: MockRequest, env: Env): Obj {
  const text = req.params.id ?? '';
  if (!/^\s*[+-]?\d+\s*$/.test(text)) {
    throw detail(400, 'Bad Request: Expected an integer database ID');
  }
  const attr = env.store.table<number>(CONFIG_ATTRIBUTES).get(Number.parseInt(text, 10));
  if (!attr) {
    throw notFound();
  }
  const target = findTarget(env, String(attr.target));
  if (!target || !canAccess(env, req.user as UserRecord, target)) {
    throw forbidden();
  }
  return attr;
}

/** `get_attribute_by_priority`: the target, then its project, org, and the requesting user. */
function searchUp(env: Env, start: string, name: string, user: UserRecord): Obj | null {
  const attrs = [...env.store.table<number>(CONFIG_ATTRIBUTES).values()];
  const known = configNameByName(env, name) !== undefined;
  let slug: string | null = start;
  const seen = new Set<string>();
  while (slug !== null && !seen.has(slug)) {
    seen.add(slug);
    const target = findTarget(env, slug);
    if (!target) {
      return null;
    }
    const found = known ? attrs.find((a) => a.target === target.slug && a.name === name) : undefined;
    if (found) {
      return found;
    }
    switch (target.type) {
      case 'device':
        slug = target.project ?? null;
        break;
      case 'project':
      case 'datablock':
        slug = target.org ? `^${target.org}` : null;
        break;
      case 'org':
        slug = `@${user.slug}`;
        break;
      default:
        slug = null;
    }
  }
  return null;
}

const REFUSED = 'PUT and PATCH methods are not supported; use POST with the right target';

export function configAttributeRoutes(router: Router): void {
  addResource(
    router,
    {
      list: '/config/name/',
      item: '/config/name/{id}/',
      table: (env) => env.store.table<number>(CONFIG_NAMES),
      lookup: 'id',
      page: STANDARD,
      order: byKeys('name'),
      write: 'staff',
      fieldChecks: (data, env, req) => {
        const text = req.params.id;
        const self = text ? env.store.table<number>(CONFIG_NAMES).get(Number(text)) : undefined;
        return nameFieldChecks(data, env, self ?? null);
      },
      schemas: {
        create: 'ConfigAttributeNameWrite',
        update: 'ConfigAttributeNameWrite',
        partial: 'ConfigAttributeNamePatch',
      },
      create: (values, req, env) => {
        const id = freshId(env.store, CONFIG_NAMES, env.store.table<number>(CONFIG_NAMES).values());
        const obj: Obj = {
          id,
          description: null,
          tags: [],
          ...values,
          created_on: nowDrf(env),
          created_by: req.user?.id,
        };
        return { key: id, obj };
      },
      update: (obj, values, _req, env) => {
        if (typeof values.name === 'string' && values.name !== obj.name) {
          // Attributes refer to their name by key: a renamed name renames them.
          for (const a of attributesNamed(env, String(obj.name))) {
            a.name = values.name;
          }
        }
        Object.assign(obj, values);
      },
      destroy: (obj, key, _req, env) => {
        env.store.table<number>(CONFIG_NAMES).delete(Number(key));
        for (const a of attributesNamed(env, String(obj.name))) {
          env.store.table<number>(CONFIG_ATTRIBUTES).delete(Number(a.id));
        }
      },
      serialize: (n) => configName(n),
    },
    {
      list: {
        // `ConfigAttributeNameFilter`: `name` exact; `name_q` and `tag` start again from every name.
        GET: (req, env) => {
          const all = [...env.store.table<number>(CONFIG_NAMES).values()];
          let rows = all;
          const name = req.query.get('name');
          const nameQ = req.query.get('name_q');
          const tag = req.query.get('tag');
          if (name) {
            rows = rows.filter((n) => n.name === name);
          }
          if (nameQ) {
            rows = all.filter((n) => String(n.name).toLowerCase().includes(nameQ.toLowerCase()));
          }
          if (tag) {
            rows = all.filter((n) => Array.isArray(n.tags) && n.tags.includes(tag));
          }
          return json(200, paginate(req, rows.sort(byKeys('name')).map(configName), STANDARD));
        },
      },
    },
  );

  router.add('/config/attr/', {
    GET: (req, env) => {
      const targetSlug = req.query.get('target');
      if (!targetSlug) {
        throw fieldErrors({ target: ['This field is required.'] });
      }
      const target = findTarget(env, targetSlug);
      let rows: Obj[] = [];
      if (target && canAccess(env, req.user as UserRecord, target)) {
        rows = [...env.store.table<number>(CONFIG_ATTRIBUTES).values()].filter(
          (a) => a.target === targetSlug,
        );
      }
      const nameQ = req.query.get('name_q');
      if (nameQ) {
        rows = rows.filter((a) => String(a.name).toLowerCase().includes(nameQ.toLowerCase()));
      }
      return json(200, paginate(req, rows.sort(byKeys('target', 'name')).map(configAttribute), STANDARD));
    },
    POST: async (req, env) => {
      const user = req.user as UserRecord;
      const values = validateBody(await readObject(req), ATTRIBUTE_CREATE, 'create');
      checkTarget(String(values.target));
      const target = findTarget(env, String(values.target).toLowerCase());
      if (!target || !canAccess(env, user, target)) {
        throw forbidden();
      }
      if (!('data' in values)) {
        throw validationList('Required fields: data, target, name');
      }
      const name = String(values.name);
      if (!configNameByName(env, name)) {
        throw validationList('Most use a valid Configuration Attribute Name');
      }
      const table = env.store.table<number>(CONFIG_ATTRIBUTES);
      let attr = [...table.values()].find((a) => a.target === target.slug && a.name === name);
      if (attr) {
        attr.data = values.data;
        attr.updated_on = nowDrf(env);
      } else {
        const id = freshId(env.store, CONFIG_ATTRIBUTES, table.values());
        attr = {
          id,
          target: target.slug,
          name,
          data: values.data,
          updated_on: nowDrf(env),
          updated_by: user.id,
        };
        table.set(id, attr);
      }
      if (values.log_as_note === true && target.type === 'device') {
        logNote(env, attr, user);
      }
      return json(201, configAttribute(attr));
    },
  });

  router.add('/config/attr/search/', {
    GET: (req, env) => {
      const targetSlug = req.query.get('target');
      const name = req.query.get('name');
      const target = targetSlug && name ? findTarget(env, targetSlug) : null;
      if (!targetSlug || !name || !target) {
        throw errorBody(400, 'Missing target and/or name');
      }
      const user = req.user as UserRecord;
      if (!canAccess(env, user, target)) {
        throw forbidden();
      }
      const found = searchUp(env, targetSlug, name, user);
      if (!found) {
        throw notFound();
      }
      return json(200, configAttribute(found));
    },
  });

  router.add('/config/attr/{id}/', {
    GET: (req, env) => json(200, configAttribute(attributeFor(req, env))),
    PUT: () => {
      throw errorBody(400, REFUSED);
    },
    PATCH: () => {
      throw errorBody(400, REFUSED);
    },
    DELETE: (req, env) => {
      const attr = attributeFor(req, env);
      env.store.table<number>(CONFIG_ATTRIBUTES).delete(Number(attr.id));
      return noContent();
    },
  });
}

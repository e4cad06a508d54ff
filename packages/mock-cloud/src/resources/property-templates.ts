/**
 * `/propertytemplate/`: an org's templates for device properties (`GenericPropertyOrgTemplate`) and
 * their allowed values (`enum/`). A user sees the templates of the orgs they are a member of (staff with
 * `?staff=<anything>`: all; an org that records no members is open to everyone, see `access.ts`); others
 * are a 404. Writes are not checked further (`IsAuthenticated`): any user can create a template for any
 * org and change or delete the ones they see. (org, name) is unique.
 */

import { isScoped, membership } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource, listed, type Resource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { errorBody, json, type MockRequest, noContent, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import type { Obj, UserRecord } from '../store.js';
import {
  byKeys,
  checkFields,
  noSuchSlug,
  notUniqueTogether,
  nowDrf,
  staffSeesAll,
} from './catalog-shared.js';

export const PROPERTY_TEMPLATES = 'property-templates';
export const PROPERTY_TEMPLATE_ENUMS = 'property-template-enums';

const ENUM_VALUE = REQUEST_SCHEMAS.PropertyTemplateEnumValue as RequestSchema;

/** The enum values of a template, in the model's order (template, value). */
export function enumsOf(env: Env, templateId: number): Obj[] {
  return [...env.store.table<number>(PROPERTY_TEMPLATE_ENUMS).values()]
    .filter((e) => Number(e.template) === templateId)
    .sort(byKeys('value'));
}

export function propertyTemplate(t: Obj, env: Env): Schema<'PropertyTemplate'> {
  const type = t.type === 'int' || t.type === 'bool' ? t.type : 'str';
  return {
    id: Number(t.id),
    org: String(t.org ?? ''),
    type,
    name: String(t.name ?? ''),
    default: String(t.default ?? ''),
    enums: enumsOf(env, Number(t.id)).map((e) => String(e.value)),
    extra: (t.extra ?? null) as Schema<'PropertyTemplate'>['extra'],
    created_by: String(t.created_by ?? ''),
  };
}

export function propertyTemplateEnum(e: Obj): Schema<'PropertyTemplateEnum'> {
  return {
    id: Number(e.id),
    org: String(e.org ?? ''),
    value: String(e.value),
    template: Number(e.template),
    created_by: String(e.created_by ?? ''),
  };
}

/** `_user_property_template_qs`: templates of the user's orgs (unless staff asked for all). */
function visible(t: Obj, user: UserRecord, env: Env, req: MockRequest): boolean {
  if (staffSeesAll(req, user)) {
    return true;
  }
  const org = typeof t.org === 'string' ? t.org : null;
  return org !== null && (!isScoped(env, org) || membership(env, user, org) !== null);
}

function checked(env: Env, values: Obj, self: Obj | null): void {
  const next = { ...self, ...values };
  for (const other of env.store.table<number>(PROPERTY_TEMPLATES).values()) {
    if (other !== self && other.org === next.org && other.name === next.name) {
      throw notUniqueTogether(['org', 'name']);
    }
  }
}

export function propertyTemplateRoutes(router: Router): void {
  const resource = {
    table: (env: Env) => env.store.table<number>(PROPERTY_TEMPLATES),
    lookup: 'id' as const,
    page: STANDARD,
    order: byKeys('org', 'name'),
    visible,
    write: 'authenticated' as const,
    fieldChecks: (data: Obj, env: Env) =>
      checkFields(data, { org: [(v) => env.store.orgs.has(String(v)), noSuchSlug] }),
  };
  const templates: Resource<'/propertytemplate/', '/propertytemplate/{id}/'> = {
    ...resource,
    list: '/propertytemplate/',
    item: '/propertytemplate/{id}/',
    filters: {
      org: (t, value) => t.org === value,
      name: (t, value) => t.name === value,
    },
    schemas: {
      create: 'PropertyTemplateWrite',
      update: 'PropertyTemplateWrite',
      partial: 'PropertyTemplatePatch',
    },
    create: (values, req, env) => {
      checked(env, values, null);
      const id = env.store.nextId(PROPERTY_TEMPLATES);
      const obj: Obj = {
        id,
        type: 'str',
        default: '',
        extra: null,
        ...values,
        created_on: nowDrf(env),
        created_by: req.user?.slug ?? '',
      };
      return { key: id, obj };
    },
    update: (obj, values, _req, env) => {
      checked(env, values, obj);
      Object.assign(obj, values);
    },
    destroy: (obj, key, _req, env) => {
      env.store.table<number>(PROPERTY_TEMPLATES).delete(Number(key));
      const enums = env.store.table<number>(PROPERTY_TEMPLATE_ENUMS);
      for (const e of enumsOf(env, Number(obj.id))) {
        enums.delete(Number(e.id));
      }
    },
    serialize: (t, env) => propertyTemplate(t, env),
  };
  addResource(router, templates, {
    list: {
      GET: (req, env) => {
        const org = req.query.get('org');
        // `filter_by_org`: an unknown org is a 404, even when no template would match.
        if (org && !env.store.orgs.has(org)) {
          throw notFound();
        }
        const rows = listed(templates as never, req, env).map((t) => propertyTemplate(t, env));
        return json(200, paginate(req, rows, STANDARD));
      },
    },
  });

  /** `self.get_object()`: the template the path names, as the user sees it. */
  const template = (req: MockRequest, env: Env): Obj => {
    const text = req.params.id ?? '';
    const found = /^\d+$/.test(text)
      ? env.store.table<number>(PROPERTY_TEMPLATES).get(Number(text))
      : undefined;
    if (!found || !visible(found, req.user as UserRecord, env, req)) {
      throw notFound();
    }
    return found;
  };

  router.add('/propertytemplate/{id}/enum/', {
    GET: (req, env) => {
      const t = template(req, env);
      return json(200, paginate(req, enumsOf(env, Number(t.id)).map(propertyTemplateEnum), STANDARD));
    },
    POST: async (req, env) => {
      const t = template(req, env);
      const { value } = validateBody(await readObject(req), ENUM_VALUE, 'create');
      // `get_or_create` on (value, template): an existing value comes back as it is.
      const existing = enumsOf(env, Number(t.id)).find((e) => e.value === value);
      if (existing) {
        return json(201, propertyTemplateEnum(existing));
      }
      const id = env.store.nextId(PROPERTY_TEMPLATE_ENUMS);
      const obj: Obj = {
        id,
        value,
        template: Number(t.id),
        org: t.org,
        created_on: nowDrf(env),
        created_by: req.user?.slug ?? '',
      };
      env.store.table<number>(PROPERTY_TEMPLATE_ENUMS).set(id, obj);
      return json(201, propertyTemplateEnum(obj));
    },
    DELETE: async (req, env) => {
      const t = template(req, env);
      const { value } = validateBody(await readObject(req), ENUM_VALUE, 'create');
      const existing = enumsOf(env, Number(t.id)).find((e) => e.value === value);
      if (!existing) {
        throw errorBody(404, 'Enum Value not found in Property Template');
      }
      env.store.table<number>(PROPERTY_TEMPLATE_ENUMS).delete(Number(existing.id));
      return noContent();
    },
  });
}

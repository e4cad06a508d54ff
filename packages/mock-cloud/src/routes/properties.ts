/**
 * `/property/` (`apps/property`, `APIGenericPropertyViewSet`): name = value properties of projects,
 * devices and data blocks, by integer id.
 *
 * - The list needs `?target=` with a `p--`, `d--` or `b--` slug (406 otherwise), and access to it (403).
 * - An item is found among all properties (404), then needs access to its target (403).
 * - Writes take `{target, name, is_system?}` and exactly one of `int_value`, `str_value`, `bool_value`
 *   (400 `non_field_errors` otherwise, also on PATCH), with (target, name) unique, and answer the write
 *   serializer's `{target, name, is_system, value}`. An update changes only the value: the serializer's
 *   `update` ignores `target`, `name` and `is_system`.
 */
import { hasOrgAccess } from '../access.js';
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { detail, forbidden, HttpError, json, type MockRequest, notFound } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { serverError, targetOf, userOf } from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { property } from '../serializers.js';
import type { Obj } from '../store.js';

const VALUE_FIELDS = ['int_value', 'str_value', 'bool_value'] as const;
const TYPES = { int_value: 'int', str_value: 'str', bool_value: 'bool' } as const;

/** The write serializer's answer. */
function written(p: Obj): Schema<'PropertyWriteResponse'> {
  const { target, name, is_system, value } = property(p);
  return { target, name, is_system, value };
}

/**
 * Whether the user may use a property's target (`obj.has_access`). A stored property whose target the
 * store does not hold (a sparse fixture) counts as open.
 */
function canUse(env: Env, req: MockRequest, target: string): boolean {
  return hasOrgAccess(env, userOf(req), targetOf(env, target)?.org ?? null);
}

/** `validate()`: exactly one value field. */
function checkOneValue(values: Obj): void {
  if (VALUE_FIELDS.filter((k) => k in values).length !== 1) {
    throw new HttpError(400, {
      non_field_errors: ['Only one of int_value, str_value, or bool_value can be used'],
    });
  }
}

/** The model's `unique_together` on (target, name). */
function checkUnique(env: Env, target: unknown, name: unknown, self: Obj | null): void {
  for (const p of env.store.properties.values()) {
    if (p !== self && p.target === target && p.name === name) {
      throw new HttpError(400, { non_field_errors: ['The fields target, name must make a unique set.'] });
    }
  }
}

function setValue(p: Obj, values: Obj): void {
  for (const key of VALUE_FIELDS) {
    if (key in values) {
      p.value = values[key];
      p.type = TYPES[key];
    }
  }
}

export function propertyRoutes(router: Router): void {
  const find = (req: MockRequest, env: Env): Obj => {
    const raw = req.params.id ?? '';
    const found = /^\d+$/.test(raw) ? env.store.properties.get(Number(raw)) : undefined;
    if (!found) {
      throw notFound();
    }
    if (!canUse(env, req, String(found.target))) {
      throw forbidden();
    }
    return found;
  };
  addResource(
    router,
    {
      list: '/property/',
      item: '/property/{id}/',
      table: (env) => env.store.properties,
      lookup: 'id',
      page: STANDARD,
      write: 'authenticated',
      canWrite: (p, user, env) => hasOrgAccess(env, user, targetOf(env, String(p.target))?.org ?? null),
      schemas: { create: 'PropertyWriteRequest', update: 'PropertyWriteRequest', partial: 'PropertyPatch' },
      create: (values, req, env) => {
        checkUnique(env, values.target, values.name, null);
        checkOneValue(values);
        const target = targetOf(env, String(values.target));
        if (!target) {
          // `get_object_by_slug` finds nothing, and the view calls `has_access` on None.
          throw serverError("'NoneType' object has no attribute 'has_access'");
        }
        if (!hasOrgAccess(env, userOf(req), target.org)) {
          throw forbidden();
        }
        const id = env.store.nextId('property');
        const p: Obj = {
          id,
          name: values.name,
          target: values.target,
          is_system: values.is_system === true,
          created_by: userOf(req).username,
        };
        setValue(p, values);
        return { key: id, obj: p };
      },
      update: (p, values, req, env) => {
        if (req.method === 'PUT') {
          checkUnique(env, values.target, values.name, p);
        }
        checkOneValue(values);
        setValue(p, values);
      },
      serialize: (p) => written(p) as never,
    },
    {
      list: {
        GET: (req, env) => {
          const target = req.query.get('target');
          if (!target || !['p', 'd', 'b'].includes(target.split('--')[0] ?? '')) {
            throw detail(406, 'target argument (e.g. target=d--0000-0000-0000-1234) is required');
          }
          const found = targetOf(env, target);
          if (!found || !hasOrgAccess(env, userOf(req), found.org)) {
            throw forbidden();
          }
          const rows = [...env.store.properties.values()]
            .filter((p) => p.target === target)
            .map(property)
            .sort((a, b) => String(a.name).localeCompare(String(b.name)));
          return json(200, paginate(req, rows, STANDARD));
        },
      },
      item: { GET: (req, env) => json(200, property(find(req, env))) },
    },
  );
}

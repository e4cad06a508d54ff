/**
 * `/vartype/`: variable types (`apps/vartype`). Read by any authenticated user or with an org API key;
 * written by staff (`IsStaffOrReadOnly`) through the writable fields `name`, `stream_data_type` and
 * `storage_units_full` (units, decoder and schema are read-only). The slug is `slugify(name)`, made again
 * on every save; names are unique. Objects come from fixtures (`vartypes`), the stream folder's
 * `variable_types/` and the API.
 */
import { addResource } from '../crud.js';
import { STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { varType } from '../serializers.js';
import { slugify } from '../slugs.js';
import type { Obj } from '../store.js';
import { hasApiKey } from './api-keys.js';
import { byKeys, checkFields, nowDrf } from './catalog-shared.js';

/** Stream-folder var types deleted through the API (the folder's files are only read). */
const DELETED_FOLDER_VARTYPES = 'deleted-folder-vartypes';

/** Every var type by slug: the stream folder's, then the store's (which win). */
export function allVarTypes(env: Env): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const deleted = env.store.table(DELETED_FOLDER_VARTYPES);
  for (const slug of env.store.folder?.varTypeSlugs() ?? []) {
    const v = env.store.folder?.varType(slug);
    if (v && !deleted.has(slug)) {
      out.set(slug, { slug, ...v });
    }
  }
  for (const [slug, v] of env.store.vartypes) {
    out.set(slug, v);
  }
  return out;
}

/** DRF's `UniqueValidator` on `name` (the model's `unique=True`); `self` is the slug being updated. */
function nameTaken(env: Env, name: unknown, self: string | undefined): boolean {
  for (const other of allVarTypes(env).values()) {
    if (other.slug !== self && String(other.name ?? other.slug) === name) {
      return true;
    }
  }
  return false;
}

/** `SearchFilter` on `name`: every whitespace- or comma-separated term is a case-insensitive substring. */
function search(v: Obj, value: string): boolean {
  const name = String(v.name ?? v.slug).toLowerCase();
  return value
    .replace(/,/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => name.includes(term.toLowerCase()));
}

export function varTypeRoutes(router: Router): void {
  addResource(router, {
    list: '/vartype/',
    item: '/vartype/{slug}/',
    table: allVarTypes,
    page: STANDARD,
    order: byKeys('slug'),
    filters: {
      created_by: (v, value) => String(v.created_by) === value,
      search,
    },
    write: 'staff',
    readsWith: hasApiKey,
    fieldChecks: (data, env, req) =>
      checkFields(data, {
        name: [
          (v) => !nameTaken(env, v, req.params.slug),
          () => ['Variable Type with this name already exists.'],
        ],
      }),
    schemas: { create: 'VarTypeWrite', update: 'VarTypeWrite', partial: 'VarTypePatch' },
    create: (values, req, env) => {
      const slug = slugify(String(values.name));
      const obj: Obj = {
        name: values.name,
        slug,
        storage_units_full: '',
        stream_data_type: '00',
        ...values,
        available_input_units: [],
        available_output_units: [],
        decoder: null,
        schema: null,
        created_on: nowDrf(env),
        created_by: req.user?.id,
      };
      env.store.vartypes.set(slug, obj);
      return { key: slug, obj };
    },
    update: (obj, values, _req, env) => {
      const old = String(obj.slug);
      const next: Obj = { ...obj, ...values };
      next.slug = slugify(String(next.name ?? old));
      env.store.vartypes.delete(old);
      if (env.store.folder?.varType(old)) {
        env.store.table(DELETED_FOLDER_VARTYPES).set(old, { slug: old });
      }
      Object.assign(obj, next);
      env.store.vartypes.set(String(obj.slug), obj);
    },
    destroy: (obj, _key, _req, env) => {
      const slug = String(obj.slug);
      env.store.vartypes.delete(slug);
      if (env.store.folder?.varType(slug)) {
        env.store.table(DELETED_FOLDER_VARTYPES).set(slug, { slug });
      }
    },
    serialize: (v) => varType(v),
  });
}

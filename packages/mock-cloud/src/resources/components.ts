/**
 * `/component/`: the staff-managed catalogue of hardware components (`apps/component`). Every
 * authenticated user reads it; writes are staff only (`IsStaffOrReadOnly`). The slug is made from the SKU
 * and the version on every save, and (SKU, version) is unique.
 */
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { HttpError } from '../http.js';
import { STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { drfTime, uuidFrom } from '../serializers.js';
import { slugify } from '../slugs.js';
import { FIXED_TIME, type Obj } from '../store.js';

export const COMPONENTS = 'components';

const VERSION = ['major_version', 'minor_version', 'patch_version'] as const;

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** `Component.save()`: the slug of `<sku>-<major>-<minor>-<patch>`. */
export function componentSlug(c: Obj): string {
  return slugify([c.external_sku, ...VERSION.map((k) => num(c[k]))].join('-'));
}

export function component(c: Obj): Schema<'Component'> {
  return {
    id: String(c.id),
    external_sku: String(c.external_sku ?? ''),
    internal_sku: String(c.internal_sku ?? ''),
    slug: String(c.slug),
    type: (c.type ?? 'IOT') as Schema<'Component'>['type'],
    hw_tag: String(c.hw_tag ?? ''),
    hw_name: String(c.hw_name ?? ''),
    version: `v${VERSION.map((k) => num(c[k])).join('.')}`,
    description: String(c.description ?? ''),
    created_on: drfTime(String(c.created_on ?? FIXED_TIME)),
  };
}

/** The model's `unique_together` on (SKU, version), checked as DRF's UniqueTogetherValidator does. */
function checkUnique(env: Env, candidate: Obj, self: Obj | null): void {
  const slug = componentSlug(candidate);
  const other = env.store.table(COMPONENTS).get(slug);
  if (other && other !== self) {
    throw new HttpError(400, {
      non_field_errors: [
        'The fields external_sku, major_version, minor_version, patch_version must make a unique set.',
      ],
    });
  }
}

const bySkuAndVersion = (a: Obj, b: Obj): number =>
  String(a.external_sku).localeCompare(String(b.external_sku)) ||
  num(a.major_version) - num(b.major_version) ||
  num(a.minor_version) - num(b.minor_version) ||
  num(a.patch_version) - num(b.patch_version);

export function componentRoutes(router: Router): void {
  addResource(router, {
    list: '/component/',
    item: '/component/{slug}/',
    table: (env) => env.store.table(COMPONENTS),
    page: STANDARD,
    order: bySkuAndVersion,
    filters: { created_by: (c, value) => String(c.created_by) === value },
    write: 'staff',
    schemas: { create: 'ComponentWrite', update: 'ComponentWrite', partial: 'ComponentPatch' },
    create: (values, req, env) => {
      const obj: Obj = {
        internal_sku: '',
        hw_tag: '',
        hw_name: '',
        description: '',
        ...values,
        created_on: new Date(env.now() * 1000).toISOString(),
        created_by: req.user?.id,
      };
      checkUnique(env, obj, null);
      obj.slug = componentSlug(obj);
      obj.id = uuidFrom(`component:${obj.slug}`);
      return { key: obj.slug as string, obj };
    },
    update: (obj, values, _req, env) => {
      const next = { ...obj, ...values };
      checkUnique(env, next, obj);
      const table = env.store.table(COMPONENTS);
      table.delete(String(obj.slug));
      Object.assign(obj, values, { slug: componentSlug(next) });
      table.set(String(obj.slug), obj);
    },
    serialize: (c) => component(c),
  });
}

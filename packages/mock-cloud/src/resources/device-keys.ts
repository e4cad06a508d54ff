/**
 * Device keys (`apps/deviceauth`): secrets stored per device slug and type (`USR`, `SSH`, `X-API-KEY`,
 * `A-JWT-KEY`, `MQTT`). `POST /key/` uploads one (Django admins, `is_staff`, only); the machine-to-machine
 * API shows the downloadable ones (`/production/device/?keys=1`). Fixtures: `device_keys`.
 */
import type { Schema } from '../api-types.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import type { Obj, Store } from '../store.js';
import { byKeys, freshId, notUniqueTogether, nowDrf } from './catalog-shared.js';

export const DEVICE_KEYS = 'device-keys';

const CREATE = REQUEST_SCHEMAS.DeviceKeyCreate as RequestSchema;

const KEY_TYPES = ['USR', 'SSH', 'X-API-KEY', 'A-JWT-KEY', 'MQTT'] as const;
type KeyType = (typeof KEY_TYPES)[number];

const keyType = (v: unknown): KeyType => (KEY_TYPES.includes(v as KeyType) ? (v as KeyType) : 'USR');

export function deviceKeyStored(k: Obj): Schema<'DeviceKeyStored'> {
  return {
    slug: String(k.slug),
    type: keyType(k.type),
    downloadable: k.downloadable === true,
    secret: String(k.secret ?? ''),
  };
}

/** The keys of a device, in the model's order (slug, type); `downloadable` ones only when asked. */
export function deviceKeysOf(env: Env, slug: string, downloadableOnly = false): Obj[] {
  return [...env.store.table<number>(DEVICE_KEYS).values()]
    .filter((k) => k.slug === slug && (!downloadableOnly || k.downloadable === true))
    .sort(byKeys('slug', 'type'));
}

/** The device's key of one type (`DeviceKey.objects.get(slug=..., type=...)`), if any. */
export function findDeviceKey(store: Store, slug: string, type: string): Obj | undefined {
  const wanted = type.toUpperCase();
  for (const k of store.table<number>(DEVICE_KEYS).values()) {
    if (k.slug === slug && String(k.type).toUpperCase() === wanted) {
      return k;
    }
  }
  return undefined;
}

/** Stores a new key (the `A-JWT-KEY` made on first use of a device token). */
export function addDeviceKey(store: Store, key: Obj): Obj {
  const table = store.table<number>(DEVICE_KEYS);
  const id = freshId(store, DEVICE_KEYS, table.values());
  const stored = { ...key, id };
  table.set(id, stored);
  return stored;
}

/** `DeviceKeySerializer`: `{type, secret}`. */
export function deviceKeySecret(k: Obj): Schema<'DeviceKeySecret'> {
  return { type: keyType(k.type), secret: String(k.secret ?? '') };
}

export function deviceKeyRoutes(router: Router): void {
  addResource(router, {
    list: '/key/',
    table: (env) => env.store.table<number>(DEVICE_KEYS),
    lookup: 'id',
    page: null,
    write: 'staff',
    // The body is checked here, with the slug and blank checks the field types cannot make, so that every
    // field's error comes back at once as DRF reports them.
    create: (data, req, env) => {
      const extra: Record<string, string[]> = {};
      if (typeof data.slug === 'string' && !/^[-a-zA-Z0-9_]+$/.test(data.slug)) {
        extra.slug = ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'];
      }
      if (data.secret === '') {
        extra.secret = ['This field may not be blank.'];
      }
      const values = validateBody(data, CREATE, 'create', extra);
      const type = values.type ?? 'USR';
      if (deviceKeysOf(env, String(values.slug)).some((k) => k.type === type)) {
        throw notUniqueTogether(['slug', 'type']);
      }
      const id = freshId(env.store, DEVICE_KEYS, env.store.table<number>(DEVICE_KEYS).values());
      const obj: Obj = { id, type, ...values, created_on: nowDrf(env), created_by: req.user?.id };
      return { key: id, obj };
    },
    serialize: (k) => deviceKeyStored(k) as never,
  });
}

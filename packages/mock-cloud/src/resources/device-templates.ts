/**
 * `/dt/`: device templates (`apps/devicetemplate`), the IOTile products, with their component slots
 * (`{slug}/slot/`). Read by any user or with an org API key (active ones only; staff with
 * `?staff=<anything>`: all); written by staff. The slug is
 * `slugify('<external_sku>--v<major>-<minor>-<patch>')`, made again on every save; (SKU, version) is
 * unique; `org` must be a vendor org. The version parts are write-only (read back as `version`,
 * `os_version`, `hw_version`).
 */
import { randomUUID } from 'node:crypto';

import type { Schema } from '../api-types.js';
import { notAuthenticated } from '../auth.js';
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { forbidden, json, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import type { Env, Router } from '../router.js';
import { deviceTemplate } from '../serializers.js';
import type { Obj, Store } from '../store.js';
import { hasApiKey, requireUserOrApiKey } from './api-keys.js';
import {
  byKeys,
  checkFields,
  FieldErrors,
  isVendor,
  noSuchSlug,
  notUniqueTogether,
  nowDrf,
  rekey,
  semver,
  staffSeesAll,
  versionedSlug,
} from './catalog-shared.js';
import { COMPONENTS } from './components.js';

const UNIQUE = ['external_sku', 'major_version', 'minor_version', 'patch_version'] as const;
const PARTS = [
  'major_version',
  'minor_version',
  'patch_version',
  'os_major_version',
  'os_minor_version',
  'hw_major_version',
] as const;

const SLOT = REQUEST_SCHEMAS.DeviceSlotWrite as RequestSchema;

/** A slot as stored: its number and component slug (`hw_tag` comes from the component). */
interface Slot {
  number: number;
  component: string;
  hw_tag?: unknown;
}

function slotsOf(t: Obj): Slot[] {
  return Array.isArray(t.slots) ? (t.slots as Slot[]) : [];
}

function slotView(store: Store, slot: Slot): Schema<'DeviceSlot'> {
  const component = store.table(COMPONENTS).get(String(slot.component));
  const hwTag = component ? component.hw_tag : slot.hw_tag;
  return {
    number: Number(slot.number),
    component: String(slot.component),
    hw_tag: hwTag === undefined || hwTag === null ? '' : String(hwTag),
  };
}

/** Whether the object keeps its version as parts (made through the API) rather than as text (fixtures). */
function hasParts(t: Obj): boolean {
  return PARTS.some((k) => typeof t[k] === 'number');
}

/**
 * Fixtures give `version: 'v2.0.0'`, `os_version: 'v1.2'`, `hw_version: 'v1'`; the model keeps parts. Turns
 * the text into parts before an update changes some of them.
 */
function partsFromText(t: Obj): void {
  if (hasParts(t)) {
    return;
  }
  const nums = (text: unknown): number[] =>
    typeof text === 'string' ? text.replace(/^v/, '').split('.').map(Number) : [];
  const [major = 0, minor = 0, patch = 0] = nums(t.version);
  const [osMajor = 0, osMinor = 0] = nums(t.os_version);
  const [hwMajor = 0] = nums(t.hw_version);
  Object.assign(t, {
    major_version: major,
    minor_version: minor,
    patch_version: patch,
    os_major_version: osMajor,
    os_minor_version: osMinor,
    hw_major_version: hwMajor,
  });
}

export function deviceTemplateView(t: Obj, store: Store): Schema<'DeviceTemplate'> {
  const out = deviceTemplate(t);
  if (hasParts(t)) {
    const n = (k: string) => (typeof t[k] === 'number' ? (t[k] as number) : 0);
    out.version = semver(t);
    out.os_version = `v${n('os_major_version')}.${n('os_minor_version')}`;
    out.hw_version = `v${n('hw_major_version')}`;
  }
  out.slots = slotsOf(t)
    .map((slot) => slotView(store, slot))
    .sort((a, b) => a.number - b.number);
  return out;
}

function checked(env: Env, values: Obj, self: Obj | null): string {
  const next = { ...self, ...values };
  for (const other of env.store.dts.values()) {
    const parts = { ...other };
    partsFromText(parts);
    if (other !== self && UNIQUE.every((k) => (parts[k] ?? 0) === (next[k] ?? 0))) {
      throw notUniqueTogether(UNIQUE);
    }
  }
  return versionedSlug(next.external_sku, next);
}

export function deviceTemplateRoutes(router: Router): void {
  addResource(router, {
    list: '/dt/',
    item: '/dt/{slug}/',
    table: (env) => env.store.dts,
    page: STANDARD,
    order: byKeys('external_sku', 'major_version', 'minor_version', 'patch_version', 'slug'),
    // `get_queryset`: active templates (items too); staff with `?staff=` see all.
    visible: (t, user, _env, req) => t.active !== false || staffSeesAll(req, user),
    filters: {
      created_by: (t, value) => String(t.created_by) === value,
      org__slug: (t, value) => t.org === value,
    },
    write: 'staff',
    readsWith: hasApiKey,
    fieldChecks: (data, env) => checkFields(data, { org: [(v) => isVendor(env, v), noSuchSlug] }),
    schemas: { create: 'DeviceTemplateWrite', update: 'DeviceTemplateWrite', partial: 'DeviceTemplatePatch' },
    create: (values, req, env) => {
      const obj: Obj = {
        internal_sku: '',
        family: '',
        os_tag: 0,
        hw_tag: 0,
        ...Object.fromEntries(PARTS.map((k) => [k, 0])),
        ...values,
      };
      const slug = checked(env, obj, null);
      Object.assign(obj, {
        id: randomUUID(),
        slug,
        active: true,
        slots: [],
        created_on: nowDrf(env),
        created_by: req.user?.id,
      });
      return { key: slug, obj };
    },
    update: (obj, values, _req, env) => {
      partsFromText(obj);
      const slug = checked(env, values, obj);
      const old = String(obj.slug);
      Object.assign(obj, values, { slug });
      rekey(env.store.dts, old, obj, slug);
    },
    serialize: (t, env) => deviceTemplateView(t, env.store),
  });

  router.add(
    '/dt/{slug}/slot/',
    {
      GET: (req, env) => {
        requireUserOrApiKey(req, env);
        const t = env.store.dts.get(req.params.slug ?? '');
        if (!t) {
          throw notFound();
        }
        return json(200, paginate(req, deviceTemplateView(t, env.store).slots, STANDARD));
      },
      POST: async (req, env) => {
        const user = req.user;
        if (user === null) {
          throw notAuthenticated();
        }
        if (!user.isStaff) {
          throw forbidden();
        }
        const t = env.store.dts.get(req.params.slug ?? '');
        if (!t) {
          throw notFound();
        }
        const data = await readObject(req);
        if (!('number' in data)) {
          // The view reads `request.data['number']` before any check: a KeyError, Django's 500.
          throw new Error("KeyError: 'number'");
        }
        const values = validateBody(data, SLOT, 'create');
        if (!env.store.table(COMPONENTS).has(String(values.component))) {
          const errors = new FieldErrors();
          errors.add('component', noSuchSlug(values.component));
          errors.throwIfAny();
        }
        const slot: Slot = { number: Number(values.number), component: String(values.component) };
        const slots = slotsOf(t);
        const at = slots.findIndex((s) => Number(s.number) === slot.number);
        if (at >= 0) {
          slots[at] = slot;
          t.slots = slots;
          return json(200, { number: slot.number, component: slot.component });
        }
        t.slots = [...slots, slot];
        return json(201, { number: slot.number, component: slot.component });
      },
    },
    'optional',
  );
}

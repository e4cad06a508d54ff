/**
 * The fixture sections of the tables the CRUD engine serves (`crud.ts`): each names its store table
 * (`store.table(name)`) and how an object's key is found. The fixture loader reads every section listed
 * here, so a resource added to the engine is loadable from fixtures by adding one entry.
 */
import { API_KEYS } from './resources/api-keys.js';
import { versionedSlug } from './resources/catalog-shared.js';
import { COMPONENTS, componentSlug } from './resources/components.js';
import { CONFIG_ATTRIBUTES, CONFIG_NAMES } from './resources/config-attributes.js';
import { DATA_SECTIONS } from './resources/data-tables.js';
import { DEVICE_KEYS } from './resources/device-keys.js';
import { DEVICE_RECORD_SECTIONS } from './resources/device-records.js';
import { DEVICE_VERSIONS } from './resources/ota.js';
import { PROPERTY_TEMPLATE_ENUMS, PROPERTY_TEMPLATES } from './resources/property-templates.js';
import { VARIABLE_TEMPLATES, WIDGET_TEMPLATES } from './resources/sensor-graphs.js';
import { ORG_TEMPLATES, PROJECT_TEMPLATES } from './resources/templates.js';
import { uuidFrom } from './serializers.js';
import { deviceSlug, tryParse } from './slugs.js';
import type { Obj, Store } from './store.js';

export interface TableSection {
  /** The store table (`store.table(table)`), or the store's own map for resources kept there. */
  readonly table: string | ((store: Store) => Map<string | number, Obj>);
  /**
   * The key of an object: `id` (an integer, given from the `idKind` counter when left out), `slug`
   * (required text), or a function returning the key or an error message (it may complete the object,
   * a copy of the fixture's).
   */
  readonly key: 'id' | 'slug' | ((item: Obj) => string | number | { error: string });
  /** The id counter (`store.nextId(kind)`); defaults to the table name (the section name for maps). */
  readonly idKind?: string;
  /** What is wrong with an object (a required field missing, ...), or null. */
  readonly check?: (item: Obj) => string | null;
  /**
   * Completes an object as it is stored: e.g. gives it an integer `id` from its counter when the fixture
   * left it out, or reserves the one it has.
   */
  readonly complete?: (item: Obj, store: Store) => void;
}

const needs =
  (...fields: string[]) =>
  (item: Obj): string | null => {
    const missing = fields.find((f) => typeof item[f] !== 'string' || item[f] === '');
    return missing === undefined ? null : `missing "${missing}" (a string)`;
  };

/** Gives an object an integer id from the `kind` counter, or reserves the one it has. */
const numberedAs =
  (kind: string) =>
  (item: Obj, store: Store): void => {
    if (typeof item.id === 'number') {
      store.reserveId(kind, item.id);
    } else {
      item.id = store.nextId(kind);
    }
  };

/** A template keyed by `slugify('<name>--v<major>-<minor>-<patch>')` unless the fixture gives the slug. */
const versionedTemplate = (table: string): TableSection => ({
  table,
  key: (item) => {
    if (typeof item.name !== 'string') {
      return { error: 'missing "name" (a string)' };
    }
    item.slug ??= versionedSlug(item.name, item);
    return String(item.slug);
  },
  complete: numberedAs(table),
});

/** Fixture section name -> table. */
export const TABLE_SECTIONS: Readonly<Record<string, TableSection>> = {
  components: {
    table: COMPONENTS,
    key: (item) => {
      if (typeof item.external_sku !== 'string') {
        return { error: 'missing "external_sku" (a string)' };
      }
      item.slug ??= componentSlug(item);
      item.id ??= uuidFrom(`component:${item.slug}`);
      return String(item.slug);
    },
  },
  api_keys: {
    table: API_KEYS,
    key: (item) => {
      if (typeof item.key !== 'string' || !/^[^.\s]+\.[^\s]+$/.test(item.key)) {
        return { error: 'missing "key" (a string "<prefix>.<secret>")' };
      }
      if (typeof item.org !== 'string') {
        return { error: 'missing "org" (an org slug)' };
      }
      return item.key;
    },
  },
  org_templates: versionedTemplate(ORG_TEMPLATES),
  project_templates: versionedTemplate(PROJECT_TEMPLATES),
  variable_templates: { table: VARIABLE_TEMPLATES, key: 'id', check: needs('sg') },
  display_widget_templates: { table: WIDGET_TEMPLATES, key: 'id', check: needs('sg') },
  property_templates: {
    table: PROPERTY_TEMPLATES,
    key: 'id',
    check: needs('org', 'name'),
    complete: (item, store) => {
      // `enums` (allowed values) are stored as the template's enum objects.
      const enums = Array.isArray(item.enums) ? item.enums : [];
      delete item.enums;
      for (const value of enums) {
        const id = store.nextId(PROPERTY_TEMPLATE_ENUMS);
        store.table<number>(PROPERTY_TEMPLATE_ENUMS).set(id, {
          id,
          value: String(value),
          template: item.id,
          org: item.org,
          created_by: item.created_by ?? '',
        });
      }
    },
  },
  config_names: {
    table: CONFIG_NAMES,
    key: 'id',
    check: (item) =>
      typeof item.name === 'string' && item.name.startsWith(':')
        ? null
        : 'missing "name" (a string starting with ":")',
  },
  config_attributes: { table: CONFIG_ATTRIBUTES, key: 'id', check: needs('target', 'name') },
  device_keys: {
    table: DEVICE_KEYS,
    key: 'id',
    check: (item) =>
      typeof item.slug !== 'string' || tryParse(() => deviceSlug(String(item.slug))) === null
        ? '"slug" must be a device slug'
        : typeof item.secret === 'string'
          ? null
          : 'missing "secret" (a string)',
    complete: (item) => {
      item.slug = deviceSlug(String(item.slug));
      item.type = typeof item.type === 'string' ? item.type.toUpperCase() : 'USR';
      item.downloadable = item.downloadable === true;
    },
  },
  device_versions: {
    table: DEVICE_VERSIONS,
    key: 'id',
    check: (item) =>
      typeof item.device !== 'string' || tryParse(() => deviceSlug(String(item.device))) === null
        ? 'missing "device" (a device slug)'
        : item.type !== 'os' && item.type !== 'app'
          ? '"type" must be "os" or "app"'
          : null,
    complete: (item) => {
      item.device = deviceSlug(String(item.device));
    },
  },
  ota_scripts: {
    table: (store) => store.otaScripts as Map<string | number, Obj>,
    key: (item) =>
      typeof item.slug === 'string' && /^z--[0-9a-f]{4}-[0-9a-f]{4}$/.test(item.slug)
        ? item.slug
        : { error: 'missing "slug" (a script slug, "z--0000-0001")' },
  },
  ota_requests: {
    table: (store) => store.deployments as Map<string | number, Obj>,
    key: 'id',
    idKind: 'deployment',
    check: needs('script'),
  },
  ota_actions: {
    table: (store) => store.otaActions as Map<string | number, Obj>,
    key: 'id',
    idKind: 'ota-action',
    check: (item) =>
      typeof item.device !== 'string' || tryParse(() => deviceSlug(String(item.device))) === null
        ? 'missing "device" (a device slug)'
        : typeof item.deployment === 'number'
          ? null
          : 'missing "deployment" (a deployment request id)',
    complete: (item) => {
      item.device = deviceSlug(String(item.device));
    },
  },
  // Data group: variables, stream filters (states, transitions, triggers, actions), aliases, taps,
  // generated reports.
  ...DATA_SECTIONS,
  // Group "orgs": device keys, device versions, filter logs, locations (see `resources/device-records.ts`).
  ...DEVICE_RECORD_SECTIONS,
};

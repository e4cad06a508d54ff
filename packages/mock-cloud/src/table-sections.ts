/**
 * The fixture sections of the tables the CRUD engine serves (`crud.ts`): each names its store table
 * (`store.table(name)`) and how an object's key is found. The fixture loader reads every section listed
 * here, so a resource added to the engine is loadable from fixtures by adding one entry.
 */
import { COMPONENTS, componentSlug } from './resources/components.js';
import { DEVICE_RECORD_SECTIONS } from './resources/device-records.js';
import { uuidFrom } from './serializers.js';
import type { Obj } from './store.js';

export interface TableSection {
  /** The store table (`store.table(table)`). */
  readonly table: string;
  /**
   * The key of an object: `id` (an integer, given from the `idKind` counter when left out), `slug`
   * (required text), or a function returning the key or an error message (it may complete the object,
   * a copy of the fixture's).
   */
  readonly key: 'id' | 'slug' | ((item: Obj) => string | number | { error: string });
  /** The id counter (`store.nextId(kind)`); defaults to the table name. */
  readonly idKind?: string;
}

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
  // Group "orgs": device keys, device versions, filter logs, locations (see `resources/device-records.ts`).
  ...DEVICE_RECORD_SECTIONS,
};

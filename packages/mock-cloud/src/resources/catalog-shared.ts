/**
 * Small pieces the catalogue resources (templates, sensor graphs, OTA, config attributes) share: the
 * server clock as DRF renders it, the `?staff=` switch, vendor orgs, and DRF's messages for related slugs
 * and uniqueness.
 */
import { HttpError, type MockRequest } from '../http.js';
import type { Env } from '../router.js';
import { slugify } from '../slugs.js';
import type { Obj, Store, UserRecord } from '../store.js';
import { formatDrf } from '../timestamps.js';

/** Now, as DRF renders a `DateTimeField` (`2021-06-01T08:30:00.500000Z`). */
export function nowDrf(env: Env): string {
  return formatDrf(Math.round(env.now() * 1_000_000));
}

/** Today (UTC), as a `DateField` (`2021-06-01`). */
export function today(env: Env): string {
  return new Date(env.now() * 1000).toISOString().slice(0, 10);
}

/** `request.GET.get('staff', '')` is truthy: any non-empty value. */
export function staffParam(req: MockRequest): boolean {
  return (req.query.get('staff') ?? '') !== '';
}

/** `request.GET.get('staff', '0') == '1'`: the stricter form some views use. */
export function staffOne(req: MockRequest): boolean {
  return req.query.get('staff') === '1';
}

/** A staff user who asked for everything (`?staff=` as the view reads it). */
export function staffSeesAll(req: MockRequest, user: UserRecord, strict = false): boolean {
  return user.isStaff && (strict ? staffOne(req) : staffParam(req));
}

/** `Org.is_vendor`: vendor orgs make sensor graphs, device templates, project templates and OTA scripts. */
export function isVendor(env: Env, slug: unknown): boolean {
  return typeof slug === 'string' && env.store.orgs.get(slug)?.is_vendor === true;
}

/** DRF's `SlugRelatedField` message for a slug no object of the queryset has. */
export function noSuchSlug(value: unknown): string[] {
  return [`Object with slug=${String(value)} does not exist.`];
}

/** DRF's `PrimaryKeyRelatedField` message for an unknown id. */
export function noSuchPk(value: unknown): string[] {
  return [`Invalid pk "${String(value)}" - object does not exist.`];
}

/** Throws DRF's `UniqueTogetherValidator` error. */
export function notUniqueTogether(fields: readonly string[]): HttpError {
  return new HttpError(400, {
    non_field_errors: [`The fields ${fields.join(', ')} must make a unique set.`],
  });
}

/** Collects field errors and throws them together (DRF reports every field at once). */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {};

  add(field: string, messages: string[]): void {
    this.errors[field] ??= messages;
  }

  get any(): boolean {
    return Object.keys(this.errors).length > 0;
  }

  throwIfAny(): void {
    if (this.any) {
      throw new HttpError(400, this.errors);
    }
  }
}

/** The integer version parts of an object (write-only fields kept on the stored object). */
export function versionParts(o: Obj, keys: readonly string[]): number[] {
  return keys.map((k) => (typeof o[k] === 'number' ? (o[k] as number) : 0));
}

/** `v<major>.<minor>.<patch>` from the stored parts. */
export function semver(o: Obj): string {
  return `v${versionParts(o, ['major_version', 'minor_version', 'patch_version']).join('.')}`;
}

/** Compares by the given keys: strings by code point (as Postgres' C collation), numbers numerically. */
export function byKeys(...keys: string[]): (a: Obj, b: Obj) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = a[key];
      const y = b[key];
      if (typeof x === 'number' && typeof y === 'number') {
        if (x !== y) {
          return x - y;
        }
      } else {
        const sx = x === null || x === undefined ? '' : String(x);
        const sy = y === null || y === undefined ? '' : String(y);
        if (sx !== sy) {
          return sx < sy ? -1 : 1;
        }
      }
    }
    return 0;
  };
}

/** `slugify('<name>--v<major>-<minor>-<patch>')`: the slug templates and sensor graphs get on every save. */
export function versionedSlug(name: unknown, o: Obj): string {
  return slugify(`${String(name ?? '')}--${semver(o).replace(/\./g, '-')}`);
}

/** Moves an object to its new key after an update changed it (slugs are made again on save). */
export function rekey(table: Map<string, Obj>, oldKey: string, obj: Obj, newKey: string): void {
  if (oldKey !== newKey) {
    table.delete(oldKey);
  }
  table.set(newKey, obj);
}

/**
 * Field errors for the checks field types cannot make: each entry of `checks` is a field and whether the
 * value sent for it is acceptable (run only for fields present in the body), with the message otherwise.
 */
export function checkFields(
  data: Obj,
  checks: Record<string, [ok: (value: unknown) => boolean, message: (value: unknown) => string[]]>,
): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const [field, [ok, message]] of Object.entries(checks)) {
    if (field in data && data[field] !== undefined && !ok(data[field])) {
      errors[field] = message(data[field]);
    }
  }
  return errors;
}

/** The templates' `validate_extra_data`: it runs on every value sent, null included. */
export const isDictionary = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);
export const notDictionary = (field: string) => (): string[] => [
  `${field} must be a valid dictionary object`,
];

/**
 * A new integer id for a table whose objects may come from fixtures with their own ids (or none): above
 * every id in use and above the number of objects, so it never repeats one a fixture object shows.
 */
export function freshId(store: Store, kind: string, rows: Iterable<Obj>): number {
  let count = 0;
  for (const row of rows) {
    count += 1;
    if (typeof row.id === 'number') {
      store.reserveId(kind, row.id);
    }
  }
  store.reserveId(kind, count);
  return store.nextId(kind);
}

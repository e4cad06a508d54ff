/**
 * The table-driven CRUD engine: a DRF `ModelViewSet` described as data. One `Resource` gives the list
 * and item paths, where the objects live, the lookup, filters, ordering, pagination class, who may see and
 * write, the request schemas bodies are checked with (from the spec, see `request-schema.ts`) and the
 * serializer; `addResource` registers the operations the spec has for those paths. Special actions
 * (`/device/{slug}/claim/`, ...) stay hand-written routes: they are not CRUD.
 *
 * What the engine does as DRF does:
 * - list: visible objects, filtered, ordered, paginated (or a plain array when the class has none);
 * - retrieve: 404 for an unknown or invisible object (never 403: DRF filters the queryset first);
 * - create (201), update (PUT, all required fields), partial update (PATCH), destroy (204);
 * - writes checked in DRF's order: the view's permission (e.g. staff only: 403 for others), then the
 *   object (404), then the object permission (403), then the body (400 with every field's error).
 */
import type { SpecPath, SuccessReply, VerbsOf } from './api-types.js';
import { REQUEST_SCHEMAS, type RequestSchemaName } from './generated/request-schemas.js';
import { forbidden, json, type MockRequest, noContent, notFound, type Reply, readObject } from './http.js';
import type { PageSizeClass } from './pagination.js';
import { paginate } from './pagination.js';
import { type RequestSchema, validateBody } from './request-schema.js';
import type { Env, Handler, Router } from './router.js';
import type { Obj, UserRecord } from './store.js';

/** The JSON body of an operation's 200/201 answer, as the spec declares it. */
export type BodyOf<P extends SpecPath, V extends VerbsOf<P>> =
  SuccessReply<P, V> extends Reply<200 | 201, infer Body> ? Body : never;

/** Where a resource's objects live: a map of the store, keyed by the lookup value. */
export type Table = Map<string, Obj> | Map<number, Obj> | Map<string | number, Obj>;

/** Who may write (POST/PUT/PATCH/DELETE) a resource. */
export type WritePermission =
  /** Any authenticated user (object permissions may still refuse). */
  | 'authenticated'
  /** DRF `IsStaffOrReadOnly` / `IsAdminUser` writes: 403 for every other user. */
  | 'staff'
  /** The resource is read-only through the API. */
  | 'none';

/** A list filter: keeps `obj` for the query parameter's value. */
export type Filter = (obj: Obj, value: string, env: Env, req: MockRequest) => boolean;

export interface Resource<List extends SpecPath, Item extends SpecPath> {
  /** The list path (`/component/`), if the resource has one. */
  readonly list?: List;
  /** The item path (`/component/{slug}/`), if the resource has one. */
  readonly item?: Item;
  /** The objects, keyed by the lookup value. */
  table(env: Env): Table;
  /**
   * The key a path segment names, or null when it cannot name one (404). Default: the text itself for a
   * string-keyed table; an integer for `lookup: 'id'`.
   */
  readonly lookup?: 'slug' | 'id' | ((text: string, env: Env) => string | number | null);
  /** The pagination class of the list; null for an unpaginated list (a plain array). */
  readonly page: PageSizeClass | null;
  /** The list's order (DRF: the queryset's `ordering`). */
  readonly order?: (a: Obj, b: Obj) => number;
  /** Query parameters of the list (django-filter and `get_queryset` filters). */
  readonly filters?: Readonly<Record<string, Filter>>;
  /**
   * Whether the user sees the object at all (the view's `get_queryset`): invisible objects are left out
   * of lists and are a 404 as items. Default: everything is visible to every authenticated user.
   */
  readonly visible?: (obj: Obj, user: UserRecord, env: Env, req: MockRequest) => boolean;
  /** Who may write. */
  readonly write: WritePermission;
  /**
   * Object-level permission for writes (`has_object_permission`): return false for a 403. Runs after the
   * lookup and before the body is checked.
   */
  readonly canWrite?: (obj: Obj, user: UserRecord, env: Env) => boolean;
  /** The request schemas of create (POST), update (PUT) and partial update (PATCH). */
  readonly schemas?: {
    readonly create?: RequestSchemaName;
    readonly update?: RequestSchemaName;
    readonly partial?: RequestSchemaName;
  };
  /**
   * Errors of the body that field types cannot tell (related objects that do not exist, ...), reported
   * together with the field errors as a serializer does. Runs on the raw body of create and update.
   */
  readonly relatedErrors?: (body: Obj, env: Env) => Record<string, string[]>;
  /**
   * Builds the stored object from the checked values (the serializer's `create`); throws a field error for
   * what field types cannot check (unknown slugs, uniqueness). Returns the object and its key.
   */
  readonly create?: (values: Obj, req: MockRequest, env: Env) => { key: string | number; obj: Obj };
  /** Applies checked values to the object (`update`). Default: copies them onto it. */
  readonly update?: (obj: Obj, values: Obj, req: MockRequest, env: Env) => void;
  /** Removes the object (`perform_destroy`). Default: deletes it from the table. */
  readonly destroy?: (obj: Obj, key: string | number, req: MockRequest, env: Env) => void;
  /** The serializer's output. */
  readonly serialize: (
    obj: Obj,
    env: Env,
    req: MockRequest,
  ) => Item extends SpecPath ? ('get' extends VerbsOf<Item> ? BodyOf<Item, 'get'> : unknown) : unknown;
}

const schemaOf = (name: RequestSchemaName): RequestSchema => REQUEST_SCHEMAS[name] as RequestSchema;

function user(req: MockRequest): UserRecord {
  // The router only calls these handlers with a user (auth mode `required`).
  return req.user as UserRecord;
}

function checkWrite(resource: Resource<SpecPath, SpecPath>, req: MockRequest): void {
  if (resource.write === 'none' || (resource.write === 'staff' && !user(req).isStaff)) {
    throw forbidden();
  }
}

function keyOf(resource: Resource<SpecPath, SpecPath>, text: string, env: Env): string | number | null {
  const lookup = resource.lookup ?? 'slug';
  if (typeof lookup === 'function') {
    return lookup(text, env);
  }
  if (lookup === 'id') {
    return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : null;
  }
  return text;
}

/** The object a path names, as the user may see it; 404 otherwise. */
function found(
  resource: Resource<SpecPath, SpecPath>,
  req: MockRequest,
  env: Env,
): { key: string | number; obj: Obj } {
  const text = Object.values(req.params)[0] ?? '';
  const key = keyOf(resource, text, env);
  const obj = key === null ? undefined : (resource.table(env) as Map<string | number, Obj>).get(key);
  if (key === null || !obj || (resource.visible && !resource.visible(obj, user(req), env, req))) {
    throw notFound();
  }
  return { key, obj };
}

async function body(req: MockRequest): Promise<Obj> {
  return readObject(req);
}

/** The visible objects of the list, filtered and ordered. */
export function listed(resource: Resource<SpecPath, SpecPath>, req: MockRequest, env: Env): Obj[] {
  let rows = [...(resource.table(env) as Map<string | number, Obj>).values()];
  if (resource.visible) {
    rows = rows.filter((obj) => resource.visible?.(obj, user(req), env, req));
  }
  for (const [param, filter] of Object.entries(resource.filters ?? {})) {
    const value = req.query.get(param);
    if (value !== null) {
      rows = rows.filter((obj) => filter(obj, value, env, req));
    }
  }
  return resource.order ? rows.sort(resource.order) : rows;
}

/**
 * Registers the operations the spec has on the resource's paths. A path whose spec operations the
 * resource cannot serve (no `create` for a POST) is a programming error, reported at start-up.
 */
export function addResource<List extends SpecPath, Item extends SpecPath>(
  router: Router,
  resource: Resource<List, Item>,
  extra: { list?: Record<string, Handler>; item?: Record<string, Handler> } = {},
): void {
  const r = resource as unknown as Resource<SpecPath, SpecPath>;
  const serialize = (obj: Obj, env: Env, req: MockRequest) => r.serialize(obj, env, req);
  if (r.list) {
    const handlers: Record<string, Handler> = {
      GET: (req, env) => {
        const rows = listed(r, req, env).map((obj) => serialize(obj, env, req));
        return json(200, r.page ? paginate(req, rows, r.page) : rows);
      },
      ...extra.list,
    };
    if (r.create) {
      const create = r.create;
      handlers.POST ??= async (req, env) => {
        checkWrite(r, req);
        const name = r.schemas?.create;
        const data = await body(req);
        const values = name
          ? validateBody(data, schemaOf(name), 'create', r.relatedErrors?.(data, env))
          : data;
        const { key, obj } = create(values, req, env);
        (r.table(env) as Map<string | number, Obj>).set(key, obj);
        return json(201, serialize(obj, env, req));
      };
    }
    router.add(r.list, handlers as never);
  }
  if (r.item) {
    const write = async (req: MockRequest, env: Env, mode: 'update' | 'partial') => {
      checkWrite(r, req);
      const { obj } = found(r, req, env);
      if (r.canWrite && !r.canWrite(obj, user(req), env)) {
        throw forbidden();
      }
      const name = mode === 'update' ? r.schemas?.update : (r.schemas?.partial ?? r.schemas?.update);
      const data = await body(req);
      const values = name ? validateBody(data, schemaOf(name), mode, r.relatedErrors?.(data, env)) : data;
      if (r.update) {
        r.update(obj, values, req, env);
      } else {
        Object.assign(obj, values);
      }
      return json(200, serialize(obj, env, req));
    };
    const handlers: Record<string, Handler> = {
      GET: (req, env) => json(200, serialize(found(r, req, env).obj, env, req)),
      PUT: (req, env) => write(req, env, 'update'),
      PATCH: (req, env) => write(req, env, 'partial'),
      DELETE: (req, env) => {
        checkWrite(r, req);
        const { key, obj } = found(r, req, env);
        if (r.canWrite && !r.canWrite(obj, user(req), env)) {
          throw forbidden();
        }
        if (r.destroy) {
          r.destroy(obj, key, req, env);
        } else {
          (r.table(env) as Map<string | number, Obj>).delete(key);
        }
        return noContent();
      },
      ...extra.item,
    };
    router.add(r.item, handlers as never);
  }
}

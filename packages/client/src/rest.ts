/**
 * Generic resources, as Python's `RestResource`: `api.rest.org.get()`, `api.rest.org(slug).projects.get()`,
 * `api.rest.streamer.report.uploadFile(file, { query: { timestamp } })`. Property access appends a path
 * segment, a call appends an id; every URL ends with a slash (Django needs it). Any path below
 * `/api/v1/` works, including paths the spec does not describe; segment names the spec knows are
 * typed (and auto-complete), unknown ones go through the index signature or a call: `api.rest('widget')`.
 */

import type { ApiCore, CallInit } from './core.js';
import { datetimeToStr } from './datetime.js';
import { InvalidInputError } from './errors.js';
import type { paths } from './schema.js';
import type { RequestOverrides } from './transport.js';
import { buildUploadForm, type UploadFormOptions, type UploadSource } from './upload.js';

/** A query parameter value. `Date`s are sent as `YYYY-MM-DDTHH:MM:SSZ`; null/undefined are left out. */
export type QueryValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | readonly (string | number | boolean | Date)[];

export type Query = Record<string, QueryValue>;

/** Per-call settings of a generic resource call. */
export interface RestCallOptions extends RequestOverrides {
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface UploadFileOptions extends UploadFormOptions, RestCallOptions {
  /** Query parameters, e.g. `{ timestamp }` for `/streamer/report/`. */
  query?: Query;
}

/** The verbs of a resource. Bodies are sent as JSON; results are the parsed JSON (`undefined` for 204). */
export interface RestMethods {
  get<T = unknown>(query?: Query, options?: RestCallOptions): Promise<T>;
  post<T = unknown>(body?: unknown, query?: Query, options?: RestCallOptions): Promise<T>;
  put<T = unknown>(body?: unknown, query?: Query, options?: RestCallOptions): Promise<T>;
  patch<T = unknown>(body?: unknown, query?: Query, options?: RestCallOptions): Promise<T>;
  /** Resolves `true` on any 2xx; any other status throws (Python returned `False`, hiding 403s). */
  delete(query?: Query, options?: RestCallOptions): Promise<boolean>;
  /** POSTs `file` as the multipart part `file`, with `data` as form fields. */
  uploadFile<T = unknown>(file: UploadSource, options?: UploadFileOptions): Promise<T>;
  /** The absolute URL, with trailing slash. */
  url(): string;
  toString(): string;
}

/** Spec paths with every `{param}` written as `{}`. */
type Normalize<S extends string> = S extends `${infer Head}{${string}}${infer Tail}`
  ? `${Head}{}${Normalize<Tail>}`
  : S;
type SpecPath = Normalize<keyof paths & string>;

/** Segment names the spec has right below `Prefix` (ids excluded). */
type ChildSegment<Prefix extends string> = SpecPath extends infer Path
  ? Path extends `${Prefix}${infer Segment}/${string}`
    ? Segment extends '' | '{}'
      ? never
      : Segment
    : never
  : never;

/** A resource of a path the spec does not know: any segment, any id. */
export type AnyRestResource = RestMethods &
  ((id?: string | number) => AnyRestResource) & { readonly [segment: string]: AnyRestResource };

/** A resource at `Prefix` (a normalized path such as `/org/{}/`). */
export type RestResource<Prefix extends string = string> = RestMethods &
  ((id?: string | number) => RestResource<`${Prefix}{}/`>) & {
    readonly [Segment in ChildSegment<Prefix>]: RestResource<`${Prefix}${Segment}/`>;
  } & { readonly [segment: string]: AnyRestResource };

/** `api.rest`: the API root (`/api/v1/`). */
export type RestRoot = RestResource<'/'>;

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'uploadFile', 'url', 'toString']);

export function createRestRoot(core: ApiCore): RestRoot {
  return resource(core, []) as unknown as RestRoot;
}

function resource(core: ApiCore, segments: readonly string[]): AnyRestResource {
  const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  const url = () => `${core.baseUrl}${path}`;
  const send = async (
    method: string,
    body: unknown,
    query: Query | undefined,
    options: RestCallOptions = {},
  ) => {
    const init: CallInit = { ...options, params: { query: serializeQuery(query) } };
    if (body !== undefined) {
      init.body = body;
    }
    return core.callOrThrow(method, path, init);
  };
  const verbs: RestMethods = {
    get: async (query, options) => (await send('GET', undefined, query, options)).data as never,
    post: async (body, query, options) => (await send('POST', body, query, options)).data as never,
    put: async (body, query, options) => (await send('PUT', body, query, options)).data as never,
    patch: async (body, query, options) => (await send('PATCH', body, query, options)).data as never,
    delete: async (query, options) => {
      await send('DELETE', undefined, query, options);
      return true;
    },
    uploadFile: async (file, options = {}) => {
      const { data, filename, contentType, query, ...callOptions } = options;
      const form = await buildUploadForm(file, { data, filename, contentType });
      return (await send('POST', form, query, callOptions)).data as never;
    },
    url,
    toString: url,
  };
  const call = (id?: string | number) =>
    id === undefined
      ? resource(core, segments)
      : resource(core, [...segments, checkSegment(id, url(), 'id')]);
  // util.inspect shows the proxy's target without going through the traps: let it show the URL.
  Object.defineProperty(call, 'name', { value: `RestResource(${url()})` });
  return new Proxy(call, {
    apply: (_target, _this, args: [string | number | undefined]) => call(args[0]),
    get: (_target, property) => {
      if (typeof property === 'symbol' || property === 'then' || property.startsWith('_')) {
        // Not a path segment: keeps `await resource`, inspection and coercion from sending requests.
        return undefined;
      }
      if (VERBS.has(property)) {
        return verbs[property as keyof RestMethods];
      }
      return resource(core, [...segments, checkSegment(property, url(), 'name')]);
    },
  }) as unknown as AnyRestResource;
}

/** A path segment may not escape its place in the URL. */
function checkSegment(value: string | number, parent: string, kind: 'id' | 'name'): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || text === '' || /[/?#\\]|^\.\.?$|\.\./.test(text) || /\s/.test(text)) {
    throw new InvalidInputError(
      `Invalid ${kind} ${JSON.stringify(value)} below ${parent}: it must be a non-empty string or finite number ` +
        'without "/", "?", "#", "\\", whitespace or ".."',
    );
  }
  return encodeURIComponent(text);
}

/** Dates become the server's datetime form; null/undefined entries are dropped. */
export function serializeQuery(query: Query | undefined): Record<string, unknown> | undefined {
  if (query === undefined) {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      out[key] = value.map((item) => (item instanceof Date ? datetimeToStr(item) : item));
    } else {
      out[key] = value instanceof Date ? datetimeToStr(value) : value;
    }
  }
  return out;
}

/**
 * Generic resources, as Python's `RestResource`: `api.rest.org.get()`, `api.rest.org(slug).projects.get()`,
 * `api.rest.streamer.report.uploadFile(file, { query: { timestamp } })`. Property access appends a path
 * segment, a call appends an id; every URL ends with a slash (Django needs it). Any path below
 * `/api/v1/` works, including paths the spec does not describe; segment names the spec knows are
 * typed (and auto-complete), unknown ones go through the index signature or a call: `api.rest('gadget')`.
 */

import type { ApiCore, CallInit } from './core.js';
import { datetimeToStr } from './datetime.js';
import { InvalidInputError } from './errors.js';
import { loadPart } from './lazy.js';
import type { paths } from './schema.js';
import type { RequestOverrides } from './transport.js';
import type { UploadFormOptions, UploadSource } from './upload.js';

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

/** What a generic call resolves with an explicit `parseAs` other than `json`. */
export interface RestBodyTypes {
  text: string;
  blob: Blob;
  arrayBuffer: ArrayBuffer;
  /** The body unread (consume or cancel it); the per-request timeout still covers reading it. */
  stream: ReadableStream<Uint8Array>;
}

/** How a generic call reads a 2xx body, instead of by its content type. */
export type RestParseAs = 'json' | keyof RestBodyTypes;

/** Per-call settings of a generic resource call. */
export interface RestCallOptions extends RequestOverrides {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * Without it, the 2xx body is read by its content type: JSON parsed, text as a string, anything else as
   * a `Uint8Array`. `json` insists on JSON (anything else throws `InvalidResponseError`); `text`, `blob`,
   * `arrayBuffer` and `stream` read the body that way, whatever its type.
   */
  parseAs?: RestParseAs;
}

export interface UploadFileOptions extends UploadFormOptions, RestCallOptions {
  /** Query parameters, e.g. `{ timestamp }` for `/streamer/report/`. */
  query?: Query;
}

/**
 * The call signatures of a verb taking `Args`, then `Options`. The result is `undefined` when the answer
 * has no body (204, 205). With no `parseAs` (or `json`) it is typed `T`, which the caller states.
 */
export interface RestVerb<Args extends unknown[], Options extends RestCallOptions = RestCallOptions> {
  <T = unknown>(...args: [...Args, options?: Options & { parseAs?: 'json' }]): Promise<T>;
  <P extends keyof RestBodyTypes>(
    ...args: [...Args, options: Options & { parseAs: P }]
  ): Promise<RestBodyTypes[P] | undefined>;
  (...args: [...Args, options?: Options]): Promise<unknown>;
}

/** The verbs of a resource. Bodies are sent as JSON; results are read as `RestCallOptions.parseAs` says. */
export interface RestMethods {
  get: RestVerb<[query?: Query]>;
  post: RestVerb<[body?: unknown, query?: Query]>;
  put: RestVerb<[body?: unknown, query?: Query]>;
  patch: RestVerb<[body?: unknown, query?: Query]>;
  /** Resolves `true` on any 2xx, whatever its body; any other status throws (Python returned `False`). */
  delete(query?: Query, options?: Omit<RestCallOptions, 'parseAs'>): Promise<boolean>;
  /** POSTs `file` as the multipart part `file`, with `data` as form fields. */
  uploadFile: RestVerb<[file: UploadSource], UploadFileOptions>;
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
  /** Sends the request and resolves the 2xx body, read as `options.parseAs` says (by content type). */
  const send = async (
    method: string,
    body: unknown,
    query: Query | undefined,
    options: RestCallOptions = {},
  ): Promise<unknown> => {
    const { parseAs, ...rest } = options;
    const init: CallInit = { ...rest, parseAs: parseAs ?? 'auto', params: { query: serializeQuery(query) } };
    if (body !== undefined) {
      init.body = body;
    }
    return (await core.callOrThrow(method, path, init)).data;
  };
  const verbs = {
    get: (query?: Query, options?: RestCallOptions) => send('GET', undefined, query, options),
    post: (body?: unknown, query?: Query, options?: RestCallOptions) => send('POST', body, query, options),
    put: (body?: unknown, query?: Query, options?: RestCallOptions) => send('PUT', body, query, options),
    patch: (body?: unknown, query?: Query, options?: RestCallOptions) => send('PATCH', body, query, options),
    delete: async (query?: Query, options?: Omit<RestCallOptions, 'parseAs'>) => {
      // Read as text and dropped: no 2xx body, not even malformed JSON, can make `delete` fail (Python).
      await send('DELETE', undefined, query, { ...options, parseAs: 'text' });
      return true;
    },
    uploadFile: async (file: UploadSource, options: UploadFileOptions = {}) => {
      const { data, filename, contentType, query, ...callOptions } = options;
      const { buildUploadForm } = await loadPart(() => import('./upload.js'), 'POST', url());
      const form = await buildUploadForm(file, { data, filename, contentType });
      return send('POST', form, query, callOptions);
    },
    url,
    toString: url,
  } as RestMethods;
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

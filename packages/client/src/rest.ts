/**
 * Generic resources, as Python's `RestResource`: `api.rest.org.get()`, `api.rest.org(slug).projects.get()`,
 * `api.rest.streamer.report.uploadFile(file, { query: { timestamp } })`. Property access appends a path
 * segment, a call appends an id; every URL ends with a slash (Django needs it). Any path below
 * `/api/v1/` works, including paths the spec does not describe; segment names the spec knows are
 * typed (and auto-complete), unknown ones go through the index signature or a call: `api.rest('gadget')`.
 *
 * The resources (the proxies, their paths and checks) are here; what their verbs do is in
 * `rest-calls.ts`, loaded (`import()`) on the first call of a verb.
 */

import type { ApiCore } from './core.js';
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

/** The verbs that send a request. */
export type RestVerbName = 'get' | 'post' | 'put' | 'patch' | 'delete' | 'uploadFile';

export function createRestRoot(core: ApiCore): RestRoot {
  return resource(core, []) as unknown as RestRoot;
}

function resource(core: ApiCore, segments: readonly string[]): AnyRestResource {
  const path = segments.length === 0 ? '/' : `/${segments.join('/')}/`;
  const url = () => `${core.baseUrl}${path}`;
  // Each verb loads rest-calls.ts on first use, then runs there.
  const verb =
    (name: RestVerbName) =>
    async (...args: unknown[]): Promise<unknown> => {
      const method = name === 'uploadFile' ? 'POST' : name.toUpperCase();
      const { restCall } = await loadPart(() => import('./rest-calls.js'), method, url());
      return restCall(core, path, url(), name, args);
    };
  const verbs = {
    get: verb('get'),
    post: verb('post'),
    put: verb('put'),
    patch: verb('patch'),
    delete: verb('delete'),
    uploadFile: verb('uploadFile'),
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

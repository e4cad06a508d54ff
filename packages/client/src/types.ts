/**
 * Type-level plumbing for the typed calls: the init, response and data types of `api.GET`/`api.get`
 * and of the paginators, built on openapi-fetch's exported types so that paths, path params, query params and
 * bodies are checked exactly as openapi-fetch checks them.
 */

import type { FetchResponse } from 'openapi-fetch';
import type { components, paths, Readable, Writable } from './schema.js';
import type { RequestOverrides } from './transport.js';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

type MediaType = `${string}/${string}`;

/** The generated `paths` of the IOTile Cloud spec. */
export type Paths = paths;

/** Paths of `Paths` that have an operation for `Method`. */
export type PathsWithMethod<P, Method extends HttpMethod> = {
  [Path in keyof P]: P[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof P];

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

/** Per-call settings accepted next to openapi-fetch's init (`params`, `body`, `signal`, `headers`, ...). */
export type CallOptions = RequestOverrides;

/** The init argument: optional unless the operation has required params or a required body. */
export type InitParam<Init> = [RequiredKeys<Init>] extends [never]
  ? [init?: Init & CallOptions & { [key: string]: unknown }]
  : [init: Init & CallOptions & { [key: string]: unknown }];

type Operation<Path extends keyof Paths, Method extends HttpMethod> = Paths[Path][Method &
  keyof Paths[Path]] &
  Record<string | number, unknown>;

/** The `{ data, error, response }` result of a typed call (openapi-fetch's contract). */
export type TypedResponse<Path extends keyof Paths, Method extends HttpMethod, Init> = FetchResponse<
  Operation<Path, Method>,
  Init,
  MediaType
>;

/** The 2xx body of an operation (`undefined` for operations that answer 204 only). */
export type SuccessData<Path extends keyof Paths, Method extends HttpMethod, Init = Record<never, never>> =
  TypedResponse<Path, Method, Init> extends infer R
    ? R extends { data: infer Data; error?: never }
      ? [Data] extends [never]
        ? undefined
        : Data
      : never
    : never;

/** A DRF page: `{ count, next, previous, results }`. */
export interface PageEnvelope<Item = unknown> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: Item[];
}

/**
 * GET paths whose 2xx body is a DRF page (`count`, `next`, `results`): the only ones `paginate` accepts
 * (the Elasticsearch envelope of `/org/{slug}/devices/`, with `next_page`, is not one).
 */
export type PaginatedPath = {
  [Path in PathsWithMethod<Paths, 'get'>]: SuccessData<Path, 'get'> extends {
    count: number;
    next: string | null;
    results: readonly unknown[];
  }
    ? Path
    : never;
}[PathsWithMethod<Paths, 'get'>];

/** The item type of a paginated path. */
export type PageItem<Path extends PaginatedPath> =
  SuccessData<Path, 'get'> extends { results: readonly (infer Item)[] } ? Item : never;

/** A schema of the spec as the server sends it (readOnly fields kept, writeOnly fields removed). */
export type Schema<Name extends keyof components['schemas']> = Readable<components['schemas'][Name]>;

/** A schema of the spec as a request body (readOnly fields removed, writeOnly fields kept). */
export type SchemaInput<Name extends keyof components['schemas']> = Writable<components['schemas'][Name]>;

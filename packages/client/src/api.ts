/**
 * `Api`: the entry point, shaped like Python's `iotile_cloud.api.connection.Api`.
 *
 * Three ways to call the server, all with the same auth, timeouts, retries, TLS setting and errors:
 * - `api.GET/POST/PUT/PATCH/DELETE(path, init)`: openapi-fetch's typed calls, `{ data, error, response }`;
 * - `api.get/post/put/patch/delete(path, init)`: the same typing, resolving `data`, throwing `HttpError`s;
 * - `api.rest.<resource>(id).<action>.get()`: Python's generic resources, for any path.
 * Lists: `api.paginate(path, init, { concurrency })` (items) and `api.paginatePages(...)` (pages).
 */

import createClient, { type Client, type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import {
  type AuthContext,
  Credentials,
  DEFAULT_TOKEN_TYPE,
  type LoginCredentials,
  mayCarryToken,
} from './auth.js';
import { ApiCore, type CallInit } from './core.js';
import { InvalidInputError, invalidInput } from './errors.js';
import { type BudgetSlot, setBudgetSlot } from './internal/budget-registry.js';
import { readBoolean } from './internal/checks.js';
import { loadPart } from './lazy.js';
import type { Logger, LogLevel, RetryEvent } from './logger.js';
import { readTransportOptions } from './options.js';
import type { Page, PaginateOptions } from './paginate.js';
import { createRestRoot, type RestRoot, type UploadFileOptions } from './rest.js';
import type { RetryOptions } from './retry.js';
import type { paths } from './schema.js';
import { type InsecureDispatcher, insecureDispatcher } from './tls.js';
import { createTransport, type FetchLike } from './transport.js';
import type {
  InitParam,
  PageItem,
  PaginatedPath,
  PathsWithMethod,
  SuccessData,
  TypedResponse,
} from './types.js';
import type { UploadSource } from './upload.js';

export const DEFAULT_DOMAIN = 'https://iotile.cloud';
/** The path of the API below the domain, as `@iotile/mock-cloud` serves it: `baseUrl` is `<domain>/api/v1`. */
export const API_PREFIX = '/api/v1';

export interface ApiOptions {
  /** Scheme, host and optional path prefix of the server. Default `https://iotile.cloud`. */
  domain?: string;
  /** A token to start with (else call `login()`). */
  token?: string;
  /** Scheme of the Authorization header, and the key `login()` reads the token from. Default `jwt`. */
  tokenType?: string;
  /** Deadline of each HTTP attempt in ms (at most 2^31 - 1). Default 30 000; 0 or `Infinity` disables it. */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests after network errors, timeouts, 429 and 502/503/504. Default 2, at most 10. */
  retries?: number;
  /** Also retry POST and PATCH (the server may then apply them twice). Default false. */
  retryNonIdempotent?: boolean;
  /** Backoff tuning: first delay (500 ms), cap per delay (8 s), cap for a `Retry-After` wait (60 s). */
  backoff?: Partial<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>>;
  /** Check the server's TLS certificate. `false` trusts any certificate, for this `Api` only (Node). */
  verify?: boolean;
  /** The fetch to use; default `globalThis.fetch`, looked up at request time (so nock/msw work). */
  fetch?: FetchLike;
  /**
   * The most bytes of a response body the client reads (after decoding), else `ResponseTooLargeError`.
   * Default 64 MiB; `Infinity` disables it. Bodies read as streams (`parseAs: 'stream'`) are the
   * caller's to bound (StreamData bounds its pages and rows).
   */
  maxResponseBytes?: number;
  /** Where retries (info) and requests (debug) are logged. Default `console`. The token is never logged. */
  logger?: Logger;
  /** What is logged: `off`, `error`, `warn` (default), `info` (retries), `debug` (requests). Env: `IOTILE_LOG`. */
  logLevel?: LogLevel;
  /** Called before each retry's wait, with the method, redacted URL, status or error, and the delay. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Requests that paginated downloads (`paginate` with `concurrency`, `StreamData`, reports) keep open
   * at once to one server, all of them together: `'auto'` (default) adapts it to what the server
   * serves, from 2 up to `maxConcurrency` (more while throughput grows, fewer on 429/503 or on
   * latency that grows without more throughput; changes logged at `info`); a number fixes it
   * (1 = one request at a time). At most 16.
   */
  concurrency?: 'auto' | number;
  /** The most the `'auto'` budget opens to one server. Default 8, at most 16. */
  maxConcurrency?: number;
}

type TypedInit<Path extends keyof paths, Method extends string> = MaybeOptionalInit<
  paths[Path],
  Method & keyof paths[Path]
>;

export class Api {
  /** `https://iotile.cloud` or the `domain` option, without trailing slash. */
  readonly domain: string;
  /** `<domain>/api/v1`. */
  readonly baseUrl: string;
  readonly #credentials: Credentials;
  readonly #client: Client<paths>;
  readonly #core: ApiCore;
  readonly #insecure: InsecureDispatcher | undefined;
  #rest: RestRoot | undefined;

  constructor(options: ApiOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidInputError('new Api(options): options must be an object');
    }
    this.domain = normalizeDomain(options.domain ?? DEFAULT_DOMAIN);
    this.baseUrl = `${this.domain}${API_PREFIX}`;
    this.#credentials = new Credentials(options.token, options.tokenType ?? DEFAULT_TOKEN_TYPE);
    const config = readTransportOptions(options);
    const verify = readBoolean(invalidInput, 'verify', options.verify) ?? true;
    this.#insecure = verify ? undefined : insecureDispatcher();
    const base = new URL(this.baseUrl);
    const credentials = this.#credentials;
    // The request budgets of paginated downloads are made on first use (budget-registry.ts), with
    // the limit memory of this Api's fetch.
    const budgets: BudgetSlot = {
      settings: { concurrency: config.concurrency, max: config.maxConcurrency, log: config.log },
      fetch: options.fetch,
      budgets: undefined,
    };
    setBudgetSlot(this, budgets);
    const transport = createTransport({
      ...config,
      insecure: this.#insecure,
      authorization: (url) => (mayCarryToken(url, base) ? credentials.header() : undefined),
      secrets: () => (credentials.token === undefined ? [] : [credentials.token]),
      onStatus: (url, status) => {
        if (status === 429 || status === 503) {
          budgets.budgets?.overload(url, status);
        }
      },
    });
    this.#client = createClient<paths>({ baseUrl: this.baseUrl, fetch: (request) => transport(request) });
    this.#core = new ApiCore(this.#client, transport, this.baseUrl);
    setBudgetSlot(this.#core, budgets);
  }

  // ---- credentials -------------------------------------------------------------------------------

  /** The current token (never printed by `console.log(api)`, `JSON.stringify(api)` or errors). */
  get token(): string | undefined {
    return this.#credentials.token;
  }

  /** The Authorization scheme (`jwt`). */
  get tokenType(): string {
    return this.#credentials.tokenType;
  }

  /** Set by `login()`, cleared by `logout()`. */
  get username(): string | undefined {
    return this.#credentials.username;
  }

  /** Python's `set_token`: use `token` from now on (`undefined` forgets it). */
  setToken(token: string | undefined, tokenType?: string): void {
    this.#credentials.set(token, tokenType);
  }

  /**
   * `POST /auth/login/`. `true`: logged in (`token` and `username` set). `false`: the server refused
   * (any 4xx: wrong credentials, inactive account, invalid fields). Throws on 5xx, network, TLS and
   * timeout failures, and `InvalidInputError` without email or password (before any request).
   */
  async login(credentials: LoginCredentials): Promise<boolean> {
    return (await this.#authCalls('login/')).login(this.#authContext(), credentials);
  }

  /** `POST /auth/logout/`. `true` when the server accepted (token and username cleared), `false` on 4xx. */
  async logout(): Promise<boolean> {
    return (await this.#authCalls('logout/')).logout(this.#authContext());
  }

  /** `POST /auth/api-jwt-refresh/`. `true`: new token stored; `false` (4xx): token refused and dropped. */
  async refreshToken(): Promise<boolean> {
    return (await this.#authCalls('api-jwt-refresh/')).refreshToken(this.#authContext());
  }

  /** auth-calls.ts, loaded on first use (`endpoint`: the one about to be called, for the error). */
  #authCalls(endpoint: string): Promise<typeof import('./auth-calls.js')> {
    return loadPart(() => import('./auth-calls.js'), 'POST', `${this.baseUrl}/auth/${endpoint}`);
  }

  #authContext(): AuthContext {
    return {
      credentials: this.#credentials,
      // Auth calls carry the password or the token: they never follow a redirect.
      send: (method, path, init) =>
        this.#core.call(method, path, {
          ...(init.body === undefined ? {} : { body: init.body }),
          followRedirects: false,
          secrets: init.secrets ?? [],
        }),
    };
  }

  // ---- typed calls: { data, error, response } ----------------------------------------------------

  /** The underlying openapi-fetch client (same transport: auth, timeouts, retries; stock JSON parsing). */
  get client(): Client<paths> {
    return this.#client;
  }

  /** Registers openapi-fetch middleware; it runs for every request of this `Api`. */
  use(...middleware: Middleware[]): void {
    this.#client.use(...middleware);
  }

  eject(...middleware: Middleware[]): void {
    this.#client.eject(...middleware);
  }

  GET<Path extends PathsWithMethod<paths, 'get'>, Init extends TypedInit<Path, 'get'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<TypedResponse<Path, 'get', Init>> {
    return this.#core.call('GET', path, init[0] as CallInit) as never;
  }

  POST<Path extends PathsWithMethod<paths, 'post'>, Init extends TypedInit<Path, 'post'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<TypedResponse<Path, 'post', Init>> {
    return this.#core.call('POST', path, init[0] as CallInit) as never;
  }

  PUT<Path extends PathsWithMethod<paths, 'put'>, Init extends TypedInit<Path, 'put'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<TypedResponse<Path, 'put', Init>> {
    return this.#core.call('PUT', path, init[0] as CallInit) as never;
  }

  PATCH<Path extends PathsWithMethod<paths, 'patch'>, Init extends TypedInit<Path, 'patch'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<TypedResponse<Path, 'patch', Init>> {
    return this.#core.call('PATCH', path, init[0] as CallInit) as never;
  }

  DELETE<Path extends PathsWithMethod<paths, 'delete'>, Init extends TypedInit<Path, 'delete'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<TypedResponse<Path, 'delete', Init>> {
    return this.#core.call('DELETE', path, init[0] as CallInit) as never;
  }

  // ---- typed calls: data or throw ----------------------------------------------------------------

  /** Like `GET`, but resolves the 2xx body and throws `HttpClientError`/`HttpServerError`/... otherwise. */
  async get<Path extends PathsWithMethod<paths, 'get'>, Init extends TypedInit<Path, 'get'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<SuccessData<Path, 'get', Init>> {
    return (await this.#core.callOrThrow('GET', path, init[0] as CallInit)).data as never;
  }

  async post<Path extends PathsWithMethod<paths, 'post'>, Init extends TypedInit<Path, 'post'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<SuccessData<Path, 'post', Init>> {
    return (await this.#core.callOrThrow('POST', path, init[0] as CallInit)).data as never;
  }

  async put<Path extends PathsWithMethod<paths, 'put'>, Init extends TypedInit<Path, 'put'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<SuccessData<Path, 'put', Init>> {
    return (await this.#core.callOrThrow('PUT', path, init[0] as CallInit)).data as never;
  }

  async patch<Path extends PathsWithMethod<paths, 'patch'>, Init extends TypedInit<Path, 'patch'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<SuccessData<Path, 'patch', Init>> {
    return (await this.#core.callOrThrow('PATCH', path, init[0] as CallInit)).data as never;
  }

  async delete<Path extends PathsWithMethod<paths, 'delete'>, Init extends TypedInit<Path, 'delete'>>(
    path: Path,
    ...init: InitParam<Init>
  ): Promise<SuccessData<Path, 'delete', Init>> {
    return (await this.#core.callOrThrow('DELETE', path, init[0] as CallInit)).data as never;
  }

  // ---- lists -------------------------------------------------------------------------------------

  /**
   * The items of every page of a DRF list, in order (`for await (const d of api.paginate('/device/'))`).
   * Only paths whose 2xx body is a page type-check. Breaking out stops fetching.
   */
  paginate<Path extends PaginatedPath, Init extends TypedInit<Path, 'get'>>(
    path: Path,
    ...args: [...InitParam<Init>, options?: PaginateOptions]
  ): AsyncGenerator<PageItem<Path>, void, undefined> {
    return lazyPaginate<PageItem<Path>>(
      'paginateItems',
      this.#core,
      path,
      args[0] as CallInit | undefined,
      args[1] as PaginateOptions | undefined,
    );
  }

  /** The pages of a DRF list, in order, each with `items`, `count`, `page`, `next` and the `response`. */
  paginatePages<Path extends PaginatedPath, Init extends TypedInit<Path, 'get'>>(
    path: Path,
    ...args: [...InitParam<Init>, options?: PaginateOptions]
  ): AsyncGenerator<Page<PageItem<Path>>, void, undefined> {
    return lazyPaginate<Page<PageItem<Path>>>(
      'paginatePages',
      this.#core,
      path,
      args[0] as CallInit | undefined,
      args[1] as PaginateOptions | undefined,
    );
  }

  // ---- generic resources -------------------------------------------------------------------------

  /** Python's `api.<resource>`: `api.rest.org(slug).projects.get()`, any path below `/api/v1/`. */
  get rest(): RestRoot {
    this.#rest ??= createRestRoot(this.#core);
    return this.#rest;
  }

  /**
   * POSTs `file` as multipart (the `data` fields first, then the part `file`) to an absolute URL, such
   * as the presigned S3 form that `/note/{id}/uploadurl/` or `/report/generated/{id}/uploadurl/` return
   * (`{ url, fields }`: pass `fields` as `data`). The token is only sent if the URL is on the API's
   * own origin. Resolves the `Response` with its body unread; throws the `HttpError`s on non-2xx.
   */
  async uploadToUrl(url: string, file: UploadSource, options: UploadFileOptions = {}): Promise<Response> {
    const upload = await loadPart(() => import('./upload.js'), 'POST', url);
    return upload.uploadToUrl(this.#core, url, file, options);
  }

  // ---- lifecycle and display ---------------------------------------------------------------------

  /** Closes the connections of the `verify: false` dispatcher, if one was created. */
  async close(): Promise<void> {
    await this.#insecure?.close();
  }

  toJSON(): {
    domain: string;
    baseUrl: string;
    username: string | undefined;
    tokenType: string;
    hasToken: boolean;
  } {
    return {
      domain: this.domain,
      baseUrl: this.baseUrl,
      username: this.username,
      tokenType: this.tokenType,
      hasToken: this.token !== undefined,
    };
  }

  toString(): string {
    return `Api(${this.baseUrl}${this.username === undefined ? '' : `, @${this.username}`})`;
  }

  /** What `console.log(api)` prints (the token is never shown). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const token = this.token === undefined ? 'none' : '[redacted]';
    return `Api { baseUrl: '${this.baseUrl}', username: ${this.username === undefined ? 'undefined' : `'${this.username}'`}, token: ${token} }`;
  }
}

/**
 * `paginate` and `paginatePages` of paginate.ts, loaded when the first page is asked for: the
 * iteration, its page checks and the request budget (budget.ts, limiter.ts) stay out of the code an
 * application loads until it lists something (a lazy chunk of a browser bundle).
 */
async function* lazyPaginate<Yielded>(
  which: 'paginateItems' | 'paginatePages',
  core: ApiCore,
  path: string,
  init: CallInit | undefined,
  options: PaginateOptions | undefined,
): AsyncGenerator<Yielded, void, undefined> {
  const part = await loadPart(() => import('./paginate.js'), 'GET', `${core.baseUrl}${path}`);
  const paginate = part[which] as (
    core: ApiCore,
    path: string,
    init?: CallInit,
    options?: PaginateOptions,
  ) => AsyncGenerator<Yielded, void, undefined>;
  yield* paginate(core, path, init, options);
}

function normalizeDomain(domain: unknown): string {
  const shown = JSON.stringify(domain);
  if (typeof domain !== 'string' || domain.trim() === '') {
    throw new InvalidInputError(
      `Invalid domain ${shown}: expected an http(s) URL such as https://iotile.cloud`,
    );
  }
  let url: URL;
  try {
    url = new URL(domain.trim());
  } catch {
    throw new InvalidInputError(
      `Invalid domain ${shown}: expected an absolute http(s) URL such as https://iotile.cloud`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidInputError(`Invalid domain ${shown}: the scheme must be http or https`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidInputError(
      'Invalid domain: it must not contain credentials (use login() or the token option)',
    );
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InvalidInputError(`Invalid domain ${shown}: it must not have a query or a fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The one path every request of an `Api` takes: openapi-fetch (so middleware always runs) over the
 * transport (auth, timeout, retries, TLS). Typed calls, generic resources, pagination and the auth
 * endpoints all go through `call` (`callUrl` of call-url.ts sends an absolute URL through it).
 *
 * `body.ts`, which reads a body by its content type (generic resources) and words the error of a
 * body that is not the JSON promised, is loaded on first use (`import()`).
 */

import { type Client, mergeHeaders } from 'openapi-fetch';
import { InvalidInputError, isJsonContentType } from './errors.js';
import { describeInput } from './internal/checks.js';
import { loadPart } from './lazy.js';
import { readCallOverrides } from './options.js';
import type { paths } from './schema.js';
import type { FetchLike, Transport } from './transport.js';

/** openapi-fetch's result: `data` on 2xx, `error` otherwise. */
export interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** openapi-fetch's init plus the per-call transport settings. */
export interface CallInit {
  params?: {
    query?: Record<string, unknown>;
    path?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
  headers?: unknown;
  signal?: AbortSignal | null;
  parseAs?: BodyMode;
  baseUrl?: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  retries?: number;
  retryNonIdempotent?: boolean;
  maxResponseBytes?: number;
  /** Internal: false for the auth calls (a redirect is an error). */
  followRedirects?: boolean;
  /** Internal: secrets the request carries besides the token (a login's password). */
  secrets?: readonly string[];
  [key: string]: unknown;
}

/**
 * How `call` reads a 2xx body: openapi-fetch's `parseAs` values, where `json` (the default) is checked
 * here (content type and syntax), plus `auto` for the generic resources: whatever the content type says,
 * as Python's `RestResource` does (see `parseBodyByContentType`).
 */
export type BodyMode = 'json' | 'text' | 'blob' | 'arrayBuffer' | 'stream' | 'auto';

/**
 * The `Accept` header sent unless the caller set one. `auto` asks for JSON first but takes anything:
 * DRF then answers JSON wherever the view can, and a view without a JSON renderer still answers.
 */
const DEFAULT_ACCEPT: Partial<Record<BodyMode, string>> = {
  json: 'application/json',
  auto: 'application/json, */*;q=0.1',
};

type UntypedClient = {
  request(method: string, path: string, init: Record<string, unknown>): Promise<RawResult>;
};

export class ApiCore {
  readonly #client: UntypedClient;
  readonly #transport: Transport;
  /** `<domain>/api/v1`, without trailing slash. */
  readonly baseUrl: string;

  constructor(client: Client<paths>, transport: Transport, baseUrl: string) {
    this.#client = client as unknown as UntypedClient;
    this.#transport = transport;
    this.baseUrl = baseUrl;
  }

  /**
   * Sends `method path` (a spec path or any path below the base URL). Resolves openapi-fetch's
   * `{ data, error, response }`; throws `RequestError`s (no response) and `InvalidResponseError`
   * (2xx that is not the JSON promised). JSON is parsed here unless the caller chose a `parseAs`.
   */
  async call(method: string, path: string, init: CallInit = {}): Promise<RawResult> {
    checkCall(path, init);
    const {
      timeoutMs,
      retries,
      retryNonIdempotent,
      maxResponseBytes,
      followRedirects,
      secrets,
      fetch: innerFetch,
      parseAs,
      headers,
      ...rest
    } = init;
    const mode = parseAs ?? 'json';
    const accept = DEFAULT_ACCEPT[mode];
    // Failures of the request and of reading its body are the transport's typed errors.
    const result = await this.#client.request(method.toLowerCase(), path, {
      ...rest,
      headers:
        accept === undefined ? headers : mergeHeaders({ Accept: accept }, headers as Record<string, string>),
      // The JSON and by-content-type modes read the raw body and decide here.
      parseAs: mode === 'json' ? 'text' : mode === 'auto' ? 'arrayBuffer' : mode,
      fetch: (request: Request) =>
        this.#transport(request, {
          signal: init.signal,
          timeoutMs,
          retries,
          retryNonIdempotent,
          fetch: innerFetch,
          // A stream is the caller's to bound (StreamData bounds pages and rows); other modes buffer it.
          maxResponseBytes: maxResponseBytes ?? (mode === 'stream' ? Number.POSITIVE_INFINITY : undefined),
          ...(followRedirects === undefined ? {} : { followRedirects }),
          ...(secrets === undefined ? {} : { secrets }),
        }),
    });
    if (result.response.ok && mode === 'json') {
      return {
        data: await readJson(result.data as string | undefined, result.response, method),
        response: result.response,
      };
    }
    if (result.response.ok && mode === 'auto') {
      const body = await loadBody(method, result.response);
      return {
        data: body.parseBodyByContentType(result.data as ArrayBuffer | undefined, result.response, method),
        response: result.response,
      };
    }
    return result;
  }

  /** `call`, resolving the 2xx body and throwing the matching `HttpError` for any other status. */
  async callOrThrow(
    method: string,
    path: string,
    init?: CallInit,
  ): Promise<{ data: unknown; response: Response }> {
    return this.checkOk(method, await this.call(method, path, init));
  }

  /**
   * The 2xx body of `result`, or the matching `HttpError` thrown. The HTTP errors' code (their
   * classes, the status texts, the parsing of the server's error body) loads on the first error status.
   */
  async checkOk(method: string, result: RawResult): Promise<{ data: unknown; response: Response }> {
    if (!result.response.ok) {
      const verb = method.toUpperCase();
      const { httpErrorFromResponse } = await loadPart(
        () => import('./all-errors.js'),
        verb,
        result.response.url,
      );
      throw httpErrorFromResponse({ method: verb, response: result.response, body: result.error });
    }
    return { data: result.data, response: result.response };
  }
}

/**
 * `text` as the JSON body of `response`; an empty body is `undefined` (204, empty 200). A body that
 * is not JSON (another content type, malformed) is `body.ts`'s to word as an `InvalidResponseError`.
 */
async function readJson(text: string | undefined, response: Response, method: string): Promise<unknown> {
  if (text === undefined || text === '') {
    return undefined;
  }
  const contentType = response.headers.get('content-type');
  if (contentType === null || isJsonContentType(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      // Malformed: body.ts parses it again for the error's message.
    }
  }
  return (await loadBody(method, response)).parseJsonBody(text, response, method);
}

function loadBody(method: string, response: Response): Promise<typeof import('./body.js')> {
  return loadPart(() => import('./body.js'), method.toUpperCase(), response.url);
}

const BODY_MODES: ReadonlySet<string> = new Set(['json', 'text', 'blob', 'arrayBuffer', 'stream', 'auto']);

/**
 * Refuses, before any request, what would send a wrong one: a path that is not a string starting with
 * `/`, a `{param}` of the path without a value (openapi-fetch would send `%7Bslug%7D`), an unknown
 * `parseAs`, and wrong per-call overrides.
 */
function checkCall(path: unknown, init: unknown): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new InvalidInputError(
      `path must be a string starting with "/", such as "/device/", got ${describeInput(path)}`,
      {
        param: 'path',
      },
    );
  }
  if (init === null || typeof init !== 'object') {
    throw new InvalidInputError(`the call's options must be an object, got ${describeInput(init)}`, {
      param: 'init',
    });
  }
  const { params, parseAs } = init as CallInit;
  if (params !== undefined && (params === null || typeof params !== 'object')) {
    throw new InvalidInputError(`params must be an object, got ${describeInput(params)}`, {
      param: 'params',
    });
  }
  const pathParams = params?.path;
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    const value = (pathParams as Record<string, unknown> | undefined)?.[name as string];
    const ok =
      (typeof value === 'string' && value !== '') ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'bigint';
    if (!ok) {
      throw new InvalidInputError(
        `params.path.${name} must be a non-empty string or a number for ${path}, got ${describeInput(value)}`,
        { param: `params.path.${name}` },
      );
    }
  }
  if (parseAs !== undefined && !BODY_MODES.has(parseAs as string)) {
    throw new InvalidInputError(
      `parseAs must be one of json, text, blob, arrayBuffer, stream, got ${describeInput(parseAs)}`,
      { param: 'parseAs' },
    );
  }
  readCallOverrides(init as CallInit);
}

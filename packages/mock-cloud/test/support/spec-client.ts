/**
 * Every request a test makes through `SpecClient` is checked against `openapi/iotile-cloud.yaml` with
 * openapi-backend: the path and method must be an operation of the spec, the status must be declared for
 * it, a JSON body must validate against the declared schema, another body's media type must be declared,
 * and declared response headers are validated. A response the spec does not allow fails the test.
 */
import { fileURLToPath } from 'node:url';

import { OpenAPIBackend, type Operation, SetMatchType } from 'openapi-backend';
import type { Agent } from 'undici';

export const SPEC_PATH = fileURLToPath(new URL('../../../../openapi/iotile-cloud.yaml', import.meta.url));
const API_PREFIX = '/api/v1';

let backend: Promise<OpenAPIBackend> | null = null;

/** The spec, loaded once per test file (worker). */
export function spec(): Promise<OpenAPIBackend> {
  backend ??= new OpenAPIBackend({
    definition: SPEC_PATH,
    // quick: openapi-backend's own document check only knows OpenAPI 3.0 and rejects a 3.1 spec (redocly lints it).
    quick: true,
    strict: false,
    validate: true,
    ignoreTrailingSlashes: false,
    ajvOpts: { strict: false, validateFormats: false },
  }).init();
  return backend;
}

export class SpecViolation extends Error {
  override name = 'SpecViolation';
}

/**
 * Response bodies as tests read them: loosely typed on purpose (tests assert on the values; the spec
 * check has already validated the shape).
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the one loose type of the test helpers.
export type Loose = any;

interface ResponseSpec {
  content?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

export interface CheckedResponse<T = Loose> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text for other media types, or null for an empty body. */
  body: T;
  text: string;
  operationId: string;
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** An object (sent as JSON), FormData, a string, or bytes. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client's token; `null` sends no Authorization header. */
  token?: string | null;
  dispatcher?: Agent;
}

function declared(responses: Record<string, ResponseSpec>, status: number): ResponseSpec | undefined {
  return responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
}

/** Fetches and validates the response against the operation the spec has for (method, path). */
export async function checkedFetch(
  url: string,
  init: RequestInit & { dispatcher?: Agent } = {},
): Promise<CheckedResponse> {
  const api = await spec();
  const method = (init.method ?? 'GET').toUpperCase();
  const parsed = new URL(url);
  if (!parsed.pathname.startsWith(`${API_PREFIX}/`)) {
    throw new SpecViolation(`${method} ${parsed.pathname}: not under ${API_PREFIX}/`);
  }
  const path = parsed.pathname.slice(API_PREFIX.length);
  const operation = api.router.matchOperation({
    method,
    path,
    headers: {},
    query: Object.fromEntries(parsed.searchParams),
  });
  if (!operation) {
    throw new SpecViolation(`${method} ${path} is not an operation of ${SPEC_PATH}`);
  }
  const res = await fetch(url, { ...init, redirect: 'manual' } as RequestInit);
  const text = await res.text();
  const where = `${method} ${path} (${operation.operationId}) -> ${res.status}`;
  const response = declared((operation.responses ?? {}) as Record<string, ResponseSpec>, res.status);
  if (!response) {
    throw new SpecViolation(`${where}: status not declared in the spec. Body: ${text.slice(0, 300)}`);
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  let body: Loose = null;
  if (text.length > 0) {
    const content = response.content ?? {};
    if (!(contentType in content)) {
      throw new SpecViolation(
        `${where}: media type "${contentType}" not declared (declared: ${Object.keys(content).join(', ') || 'none'})`,
      );
    }
    if (contentType === 'application/json') {
      body = JSON.parse(text);
      const result = api.validator.validateResponse(body, operation as Operation, res.status);
      if (result.errors) {
        throw new SpecViolation(
          `${where}: body does not match the spec:\n${JSON.stringify(result.errors, null, 1).slice(0, 3000)}\nBody: ${text.slice(0, 600)}`,
        );
      }
    } else {
      body = text;
    }
  } else if (response.content && res.status !== 204 && method !== 'HEAD') {
    const types = Object.keys(response.content);
    if (types.length > 0) {
      throw new SpecViolation(`${where}: empty body, the spec declares ${types.join(', ')}`);
    }
  }
  if (response.headers) {
    const headers = Object.fromEntries(res.headers.entries());
    const result = api.validator.validateResponseHeaders(headers, operation, {
      statusCode: res.status,
      setMatchType: SetMatchType.Superset,
    });
    if (result.errors) {
      throw new SpecViolation(`${where}: headers do not match the spec: ${JSON.stringify(result.errors)}`);
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    body,
    text,
    operationId: operation.operationId as string,
  };
}

/** A small client for tests: paths are relative to `/api/v1`, every response is checked against the spec. */
export class SpecClient {
  token: string | null = null;

  constructor(
    readonly domain: string,
    readonly dispatcher?: Agent,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(path.startsWith('http') ? path : `${this.domain}${API_PREFIX}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(key, String(value));
      }
    }
    return url.toString();
  }

  async request<T = Loose>(path: string, options: RequestOptions = {}): Promise<CheckedResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) {
      headers.authorization ??= `jwt ${token}`;
    }
    let body: BodyInit | undefined;
    if (
      options.body instanceof FormData ||
      typeof options.body === 'string' ||
      options.body instanceof Uint8Array
    ) {
      body = options.body as BodyInit;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return checkedFetch(this.url(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      ...(body === undefined ? {} : { body }),
      ...(this.dispatcher || options.dispatcher ? { dispatcher: options.dispatcher ?? this.dispatcher } : {}),
    });
  }

  get<T = Loose>(path: string, query?: RequestOptions['query'], options: RequestOptions = {}) {
    return this.request<T>(path, { ...options, query });
  }

  post<T = Loose>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  patch<T = Loose>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }

  /** Logs in with e-mail and password and keeps the JWT for later requests. */
  async login(email = 'test@arch-iot.com', password = 'test'): Promise<CheckedResponse> {
    const res = await this.post('/auth/login/', { email, password }, { token: null });
    if (res.status === 200) {
      this.token = res.body.jwt;
    }
    return res;
  }
}

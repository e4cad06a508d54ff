/**
 * Every request a test makes through `SpecClient` is checked against `openapi/iotile-cloud.yaml` with
 * openapi-backend: the path and method must be an operation of the spec, the status must be declared for
 * it, a JSON body must validate against the declared schema, another body's media type must be declared,
 * and declared response headers are validated (`required: true` ones must be present). A response the
 * spec does not allow fails the test.
 */
import { fileURLToPath } from 'node:url';

import {
  OpenAPIBackend,
  type OpenAPIValidator,
  type Operation,
  SetMatchType,
  ValidationContext,
} from 'openapi-backend';
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
  description?: string;
  content?: Record<string, unknown>;
  headers?: Record<string, unknown>;
}

/**
 * Whether a response may come without a body although it declares content: JSON Schema cannot say so, the
 * response's description does (`POST /event/` with `[]` answers 201 with "no body at all").
 */
function mayBeEmpty(response: ResponseSpec): boolean {
  return /\bno body\b/i.test(response.description ?? '');
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
  } else if (response.content && res.status !== 204 && method !== 'HEAD' && !mayBeEmpty(response)) {
    const types = Object.keys(response.content);
    if (types.length > 0) {
      throw new SpecViolation(`${where}: empty body, the spec declares ${types.join(', ')}`);
    }
  }
  if (response.headers) {
    // openapi-backend ignores a header's `required` (Superset requires every declared header, Any none):
    // Any checks the values of the headers that were sent, and the `required: true` ones are checked here.
    const missing = Object.entries(response.headers)
      .filter(
        ([name, header]) => (header as { required?: boolean }).required === true && !res.headers.has(name),
      )
      .map(([name]) => name);
    if (missing.length > 0) {
      throw new SpecViolation(`${where}: required header(s) missing: ${missing.join(', ')}`);
    }
    const headers = Object.fromEntries(res.headers.entries());
    const result = api.validator.validateResponseHeaders(headers, operation, {
      statusCode: res.status,
      setMatchType: SetMatchType.Any,
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

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** ajv's compiled-schema type, reached through openapi-backend (ajv is not a dependency of ours). */
type ValidateFunction = ReturnType<ReturnType<OpenAPIValidator['getAjv']>['compile']>;

let methodNotAllowed: Promise<ValidateFunction> | null = null;

/** The JSON schema of components/responses/MethodNotAllowed, compiled once per test file. */
function methodNotAllowedValidator(): Promise<ValidateFunction> {
  methodNotAllowed ??= spec().then((api) => {
    const response = api.definition.components?.responses?.MethodNotAllowed as {
      content: Record<string, { schema: object }>;
    };
    const schema = response.content['application/json']?.schema;
    if (!schema) {
      throw new SpecViolation('components/responses/MethodNotAllowed declares no application/json schema');
    }
    return api.validator.getAjv(ValidationContext.Response).compile(schema);
  });
  return methodNotAllowed;
}

/** The methods the spec has operations for at `path` (below `/api/v1`). */
export async function specMethods(path: string): Promise<string[]> {
  const api = await spec();
  return METHODS.filter((method) => api.router.matchOperation({ method, path, headers: {}, query: {} }));
}

/**
 * A method the spec does not describe for a path gets DRF's 405, which no operation can declare. Checks
 * that `url`'s path is in the spec but `init.method` is not an operation there, then that the answer is a
 * 405 whose JSON body matches `components/responses/MethodNotAllowed` and whose `Allow` header names only
 * methods the spec has for that path (so the mock serves no method the spec lacks on that path).
 */
export async function checkedMethodNotAllowed(
  url: string,
  init: RequestInit & { dispatcher?: Agent } = {},
): Promise<CheckedResponse> {
  const method = (init.method ?? 'GET').toUpperCase();
  const path = new URL(url).pathname.slice(API_PREFIX.length);
  const allowedBySpec = await specMethods(path);
  if (allowedBySpec.length === 0) {
    throw new SpecViolation(`${path} is not a path of ${SPEC_PATH}`);
  }
  if (allowedBySpec.includes(method)) {
    throw new SpecViolation(`${method} ${path} is an operation of the spec; use checkedFetch`);
  }
  const res = await fetch(url, { ...init, redirect: 'manual' } as RequestInit);
  const text = await res.text();
  const where = `${method} ${path} (not in the spec) -> ${res.status}`;
  if (res.status !== 405) {
    throw new SpecViolation(`${where}: expected 405. Body: ${text.slice(0, 300)}`);
  }
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim();
  if (contentType !== 'application/json') {
    throw new SpecViolation(`${where}: media type "${contentType}", expected application/json`);
  }
  const body: Loose = JSON.parse(text);
  const validate = await methodNotAllowedValidator();
  if (!validate(body)) {
    throw new SpecViolation(
      `${where}: body does not match MethodNotAllowed: ${JSON.stringify(validate.errors)}`,
    );
  }
  const allow = (res.headers.get('allow') ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '' && m !== 'OPTIONS' && m !== 'HEAD');
  if (allow.length === 0 || allow.some((m) => !allowedBySpec.includes(m))) {
    throw new SpecViolation(
      `${where}: Allow "${res.headers.get('allow')}" must name methods of the spec (${allowedBySpec.join(', ')})`,
    );
  }
  return { status: res.status, headers: res.headers, body, text, operationId: '(none: MethodNotAllowed)' };
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

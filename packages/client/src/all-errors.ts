/**
 * `@iotile/client/errors`: every error class of the package, named as in Python's
 * `iotile_cloud.api.exceptions` (the hierarchy is in `errors.ts`), and what derives an `HttpError` from
 * a response and its body (`httpErrorFromResponse`, `parseErrorBody`) for every shape of error body a
 * Django REST Framework server sends (API reference, §1.4).
 *
 * The client loads this module (`import()`) when a call first fails: a bundle of an application whose
 * calls succeed never loads it. The package root exports only the base classes, `IOTileCloudError` and
 * `InvalidInputError`, which `errors.ts` holds with the other errors of a call without an answer.
 *
 * @module errors
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import {
  IOTileCloudError,
  isJsonContentType,
  markRetryable,
  RequestError,
  type RequestErrorOptions,
  redactUrl,
} from './errors.js';
import { mergeSecrets, redactSecrets, redactValue, secretsOf } from './internal/redact.js';

export {
  ConnectionError,
  InvalidInputError,
  IOTileCloudError,
  type IOTileCloudErrorOptions,
  RequestError,
  type RequestErrorOptions,
} from './errors.js';
export { type NodeOnlyFeature, UnsupportedPlatformError } from './unsupported.js';

/**
 * What an `HttpError` is made of. `httpErrorFromResponse` (`@iotile/client/errors`) derives it from a
 * response and its body, as the client does for every error status.
 */
export interface HttpErrorInit {
  method: string;
  response: Response;
  /** The error body, secrets already removed: parsed JSON (any DRF shape) or the text. */
  body: unknown;
  /** The response's reason phrase (or the standard one when it came without). */
  statusText: string;
  detail: string | undefined;
  nonFieldErrors: string[];
  fieldErrors: Record<string, string[]>;
  /** Removed from the message and the URL, on top of those the response's request was sent with. */
  secrets?: readonly (string | undefined)[] | undefined;
}

/** A response with a status outside 2xx (Python: `RestHttpBaseException`). */
export class HttpError extends IOTileCloudError {
  declare readonly status: number;
  declare readonly method: string;
  declare readonly url: string;
  readonly statusText: string;
  /** The error body: parsed JSON (any DRF shape) or, for non-JSON responses, the text. */
  readonly body: unknown;
  readonly detail: string | undefined;
  readonly nonFieldErrors: string[];
  readonly fieldErrors: Record<string, string[]>;
  /** The response; its body has already been read into `body`. Not enumerable (keeps logs short). */
  declare readonly response: Response;

  /** `message`: `httpErrorFromResponse`'s `<status> <statusText> <METHOD> <url>: <the server's message>`. */
  constructor(message: string, init: HttpErrorInit) {
    const { method, response } = init;
    super(message, { method, url: response.url, status: response.status, secrets: init.secrets, response });
    this.name = 'HttpError';
    this.statusText = init.statusText;
    this.body = init.body;
    this.detail = init.detail;
    this.nonFieldErrors = init.nonFieldErrors;
    this.fieldErrors = init.fieldErrors;
    Object.defineProperty(this, 'response', { value: response, enumerable: false });
  }
}

/** A 4xx response (Python: `HttpClientError`). */
export class HttpClientError extends HttpError {
  constructor(message: string, init: HttpErrorInit) {
    super(message, init);
    this.name = 'HttpClientError';
  }
}

/** A 404 response (Python: `HttpNotFoundError`, a subclass of `HttpClientError`). */
export class HttpNotFoundError extends HttpClientError {
  constructor(message: string, init: HttpErrorInit) {
    super(message, init);
    this.name = 'HttpNotFoundError';
  }
}

/** A 5xx response (Python: `HttpServerError`). */
export class HttpServerError extends HttpError {
  constructor(message: string, init: HttpErrorInit) {
    super(message, init);
    this.name = 'HttpServerError';
  }
}

/** A 2xx response whose body is not the JSON the call promised (wrong content type or malformed). */
export class InvalidResponseError extends IOTileCloudError {
  declare readonly status: number;
  /** The `Content-Type` the server sent (`undefined` when it sent none). */
  readonly contentType: string | undefined;
  declare readonly response: Response;

  constructor(
    message: string,
    init: { method: string; response: Response; cause?: unknown; secrets?: readonly (string | undefined)[] },
  ) {
    super(message, {
      method: init.method,
      url: init.response.url,
      status: init.response.status,
      cause: init.cause,
      secrets: init.secrets,
      response: init.response,
    });
    this.name = 'InvalidResponseError';
    this.contentType = init.response.headers.get('content-type') ?? undefined;
    Object.defineProperty(this, 'response', { value: init.response, enumerable: false });
  }
}

/**
 * A body larger than the limit the client reads (`maxResponseBytes`; a page or a row of
 * `@iotile/stream`): a hostile or broken server (or a gzip bomb, counted after decoding) cannot exhaust
 * memory. Reading stopped at `bytesRead`; the connection was released.
 */
export class ResponseTooLargeError extends InvalidResponseError {
  /** The limit, in bytes. */
  readonly limit: number;
  /** What was limited: the whole body, one page of a download, or one row of it. */
  readonly unit: 'body' | 'page' | 'row';
  /** Bytes read (after decoding) when the limit was passed, or the `Content-Length` that announced more. */
  readonly bytesRead: number;

  constructor(init: {
    method: string;
    response: Response;
    limit: number;
    bytesRead: number;
    unit?: 'body' | 'page' | 'row';
    option?: string;
  }) {
    const unit = init.unit ?? 'body';
    const url = redactUrl(init.response.url, secretsOf(init.response));
    super(
      `${init.method} ${url}: the ${unit === 'body' ? 'response body' : unit} is larger than ${init.limit} bytes ` +
        `(${init.bytesRead} read); reading stopped. Raise ${init.option ?? 'maxResponseBytes'} if this is expected`,
      { method: init.method, response: init.response },
    );
    this.name = 'ResponseTooLargeError';
    this.limit = init.limit;
    this.unit = unit;
    this.bytesRead = init.bytesRead;
  }
}

/**
 * The server's pages contradict each other: a `next` link seen before (a loop), or pages that go on
 * past the `count` the server reported. Iteration stops instead of requesting without end.
 */
export class PaginationError extends IOTileCloudError {
  declare readonly method: string;
  declare readonly url: string;

  constructor(message: string, init: { url: string; response?: Response }) {
    super(message, { method: 'GET', url: init.url, response: init.response });
    this.name = 'PaginationError';
  }
}

/**
 * A redirect the client refused to follow: any 3xx answer to `login()`, `logout()` or
 * `refreshToken()` (their bodies and headers carry the password or the token), a redirect that would
 * carry a request body to another origin (307/308), or more than 20 redirects. `location` is the
 * redirect's target, redacted; the message names its origin.
 */
export class UnexpectedRedirectError extends IOTileCloudError {
  declare readonly status: number;
  declare readonly method: string;
  declare readonly url: string;
  /** Where the server redirected to (redacted), or `undefined` when it did not say (browsers hide it). */
  readonly location: string | undefined;

  constructor(
    message: string,
    options: {
      method: string;
      response: Response;
      location: string | undefined;
      secrets?: readonly string[];
    },
  ) {
    super(message, {
      method: options.method,
      url: options.response.url,
      status: options.response.status,
      secrets: options.secrets,
      response: options.response,
    });
    this.name = 'UnexpectedRedirectError';
    const secrets = mergeSecrets(options.secrets, secretsOf(options.response));
    this.location = options.location === undefined ? undefined : redactUrl(options.location, secrets);
  }
}

/**
 * The server's TLS certificate was refused (self-signed, expired, wrong host, ...)
 * (Python: `HttpCouldNotVerifyServerError`). `new Api({ verify: false })` skips the check.
 */
export class HttpCouldNotVerifyServerError extends RequestError {
  /** The TLS error code, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT` or `CERT_HAS_EXPIRED`. */
  readonly code: string | undefined;

  constructor(message: string, options: RequestErrorOptions & { code?: string }) {
    super(message, options);
    this.name = 'HttpCouldNotVerifyServerError';
    this.code = options.code;
  }
}

/** The per-request timeout (`timeoutMs`) fired before the response was complete. */
export class RequestTimeoutError extends RequestError {
  readonly timeoutMs: number;

  constructor(message: string, options: RequestErrorOptions & { timeoutMs: number }) {
    super(message, options);
    this.name = 'RequestTimeoutError';
    markRetryable(this);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. `cause` is the signal's reason. */
export class RequestAbortedError extends RequestError {
  constructor(message: string, options: RequestErrorOptions) {
    super(message, options);
    this.name = 'RequestAbortedError';
  }
}

/** One of the JSON bodies DRF sends with a 4xx/5xx (see the `Error` schema of the spec). */
export type DrfErrorBody =
  | { detail: string; [key: string]: unknown }
  | { error: string; [key: string]: unknown }
  | Record<string, unknown>
  | string[]
  | string;

/** The human-readable parts of a DRF error body. */
export interface ParsedErrorBody {
  /** `detail`, `error` or `msg` of an object body, a bare JSON string body, or a short text/plain body. */
  detail: string | undefined;
  /** `non_field_errors`, or the items of an array body (`["text"]`, raised by `ValidationError("text")`). */
  nonFieldErrors: string[];
  /** Serializer and filter errors: `{"name": ["This field is required."]}`. */
  fieldErrors: Record<string, string[]>;
}

/** What `httpErrorFromResponse` is given: an answer that is not 2xx and its body as read. */
export interface HttpErrorSource {
  method: string;
  response: Response;
  /** The body as openapi-fetch left it (`error` of a `{ data, error, response }` result): JSON or text. */
  body: unknown;
  /**
   * Strings to remove from the message and the body, on top of those the response's request was sent
   * with (which an `Api` records for each of its responses).
   */
  secrets?: readonly (string | undefined)[] | undefined;
}

/**
 * The error `api.get()` would have thrown for `response`: `HttpNotFoundError` for a 404, `HttpClientError`
 * for another 4xx, `HttpServerError` for a 5xx, else `HttpError`; its message carries the server's own
 * (the body's `detail`, non-field and field errors). The body is redacted before anything is derived
 * from it: an echoed token or password reaches neither `message`, `stack`, `detail`, `fieldErrors`,
 * `body` nor `JSON.stringify(error)`.
 */
export function httpErrorFromResponse(source: HttpErrorSource): HttpError {
  const { method, response } = source;
  const secrets = mergeSecrets(source.secrets, secretsOf(response));
  const body = redactValue(source.body, secrets);
  const parsed = parseErrorBody(body, response.headers.get('content-type'));
  const statusText = redactSecrets(response.statusText || STATUS_TEXT[response.status] || '', secrets);
  const summary = summarizeErrorBody(parsed);
  const head = `${response.status}${statusText ? ` ${statusText}` : ''} ${method} ${redactUrl(response.url, secrets)}`;
  const message = summary ? `${head}: ${summary}` : head;
  const init: HttpErrorInit = { method, response, body, statusText, ...parsed, secrets };
  const status = response.status;
  if (status === 404) {
    return new HttpNotFoundError(message, init);
  }
  if (status >= 400 && status <= 499) {
    return new HttpClientError(message, init);
  }
  if (status >= 500 && status <= 599) {
    return new HttpServerError(message, init);
  }
  return new HttpError(message, init);
}

const MAX_TEXT_DETAIL = 300;

/**
 * Splits an error body into `detail`, `nonFieldErrors` and `fieldErrors`. `contentType` tells a
 * bare JSON string (`"Username/password combination invalid."`) from the text of an HTML error page,
 * which is kept in `body` but never used as a message.
 */
export function parseErrorBody(body: unknown, contentType?: string | null): ParsedErrorBody {
  const parsed: ParsedErrorBody = { detail: undefined, nonFieldErrors: [], fieldErrors: {} };
  if (typeof body === 'string') {
    const text = body.trim();
    if (isJsonContentType(contentType) || /^text\/plain\b/i.test(contentType ?? '')) {
      parsed.detail =
        text.length > MAX_TEXT_DETAIL ? `${text.slice(0, MAX_TEXT_DETAIL)}…` : text || undefined;
    }
    return parsed;
  }
  if (Array.isArray(body)) {
    parsed.nonFieldErrors = body.map(messageText);
    return parsed;
  }
  if (body === null || typeof body !== 'object') {
    return parsed;
  }
  for (const [key, value] of Object.entries(body)) {
    if ((key === 'detail' || key === 'error' || key === 'msg') && typeof value === 'string') {
      parsed.detail ??= value;
    } else if (key === 'non_field_errors') {
      parsed.nonFieldErrors.push(...messageList(value));
    } else {
      parsed.fieldErrors[key] = messageList(value);
    }
  }
  return parsed;
}

/** One line: the detail, else the non-field errors, then `field: message` pairs. */
function summarizeErrorBody(parsed: ParsedErrorBody): string {
  const parts: string[] = [];
  if (parsed.detail !== undefined) {
    parts.push(parsed.detail);
  }
  parts.push(...parsed.nonFieldErrors);
  for (const [field, messages] of Object.entries(parsed.fieldErrors)) {
    parts.push(`${field}: ${messages.join(' ')}`);
  }
  return parts.join('; ');
}

function messageList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(messageText) : [messageText(value)];
}

function messageText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Reason phrases for responses that arrive without one (HTTP/2, some proxies and mocks). */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Error classes, named as in Python's `iotile_cloud.api.exceptions`, and the parser for the error
 * bodies a Django REST Framework server sends (every shape listed in the API reference, §1.4).
 *
 * Hierarchy:
 *   IOTileCloudError                      (Python: RestBaseException)
 *   ├─ InvalidInputError                  bad arguments, thrown before any request
 *   ├─ HttpError                          a response with a non-2xx status (Python: RestHttpBaseException)
 *   │  ├─ HttpClientError                 4xx
 *   │  │  └─ HttpNotFoundError            404
 *   │  └─ HttpServerError                 5xx
 *   ├─ InvalidResponseError               2xx, but the body is not the JSON that was promised
 *   │  └─ ResponseTooLargeError          the body (or a page, a row) passed its size limit
 *   ├─ UnexpectedRedirectError            a 3xx that was not followed (auth calls; a body bound elsewhere)
 *   ├─ PaginationError                    the server's pages contradict each other (a `next` loop, ...)
 *   └─ RequestError                       no usable response at all
 *      ├─ ConnectionError                 DNS, refused, reset, ...
 *      ├─ HttpCouldNotVerifyServerError   TLS certificate refused
 *      ├─ RequestTimeoutError             the per-request timeout fired
 *      └─ RequestAbortedError             the caller's AbortSignal fired
 *
 * `httpErrorFromResponse` and `parseErrorBody`, which derive an `HttpError` from a response and its
 * body, are in `http-errors.ts` (`@iotile/client/errors`): a bundle loads that code on the first error
 * status only (every file the package index reaches is loaded first, whole, by a code-splitting bundler).
 *
 * No error ever holds the request (it carries the Authorization header). Every URL goes through
 * `redactUrl`, and every message, cause and error body through `redactSecrets` with the secrets the
 * request was sent with (the token; the password of a login), which a hostile or broken server may echo
 * back: a token can not leak through an error's message, stack, properties, `inspect` or JSON form.
 */

import { mergeSecrets, redactCause, redactSecrets, redactUrl, secretsOf } from './internal/redact.js';

export { redactUrl };

/** The base of every error this package throws (Python: `RestBaseException`). */
export class IOTileCloudError extends Error {
  /** The HTTP method of the failed request, when there was one. */
  readonly method: string | undefined;
  /** The URL of the failed request, credentials and secret query values removed. */
  readonly url: string | undefined;
  /** The HTTP status, when a response was received. */
  readonly status: number | undefined;

  constructor(message: string, options: IOTileCloudErrorOptions = {}) {
    const secrets = mergeSecrets(options.secrets, secretsOf(options.response));
    const cause = redactCause(options.cause, secrets);
    super(redactSecrets(message, secrets), cause === undefined ? undefined : { cause });
    this.name = 'IOTileCloudError';
    this.method = options.method;
    this.url = options.url === undefined ? undefined : redactUrl(options.url, secrets);
    this.status = options.status;
  }
}

/** What every error of the package may be built with. */
export interface IOTileCloudErrorOptions {
  method?: string | undefined;
  /** Redacted before it is stored. */
  url?: string | undefined;
  status?: number;
  cause?: unknown;
  /**
   * Strings to remove from the message, the URL and the cause (the token, a password), on top of
   * those the `response` was sent with.
   */
  secrets?: readonly (string | undefined)[] | undefined;
  /** The response the error is about, if any: the secrets its request carried are removed too. */
  response?: Response | undefined;
}

/**
 * Bad arguments (a malformed domain, a login without password, a retry count that is not a count...),
 * always thrown before any request. The base of every input error of the `@iotile/*` packages
 * (`StreamInputError`, `ReportInputError`, ...): `param` names the argument or option that was refused.
 */
export class InvalidInputError extends IOTileCloudError {
  /** The argument or option that was refused (`retries`, `timeoutMs`, `path`, `streamId`, ...), when known. */
  readonly param: string | undefined;

  constructor(
    message: string,
    options: Pick<IOTileCloudErrorOptions, 'cause' | 'secrets'> & { param?: string } = {},
  ) {
    super(message, options);
    this.name = 'InvalidInputError';
    this.param = options.param;
  }
}

/** The client's input errors, for the shared checks of `@iotile/client/internal`. */
export const invalidInput = (param: string, message: string): InvalidInputError =>
  new InvalidInputError(message, { param });

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

/** What a `RequestError` is built with. */
export interface RequestErrorOptions {
  method: string;
  url: string;
  cause?: unknown;
  /** Strings to remove from the message, the URL and the cause (the token the request carried). */
  secrets?: readonly (string | undefined)[] | undefined;
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

/** No usable response: the request failed below HTTP. `status` is `undefined`. */
export class RequestError extends IOTileCloudError {
  constructor(message: string, options: RequestErrorOptions) {
    super(message, options);
    this.name = 'RequestError';
  }
}

/** The server could not be reached (DNS failure, connection refused or reset, ...). */
export class ConnectionError extends RequestError {
  constructor(message: string, options: RequestErrorOptions) {
    super(message, options);
    this.name = 'ConnectionError';
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

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** True for `application/json` and `application/<x>+json` (with or without parameters). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return contentType != null && JSON_CONTENT_TYPE.test(contentType.trim());
}

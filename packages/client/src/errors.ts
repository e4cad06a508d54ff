/**
 * The errors every call may meet before it has an answer, and their base: `IOTileCloudError`,
 * `InvalidInputError`, `RequestError` and `ConnectionError`. Every other error class, and what derives
 * an `HttpError` from a response, is in `all-errors.ts`, the `@iotile/client/errors` entry (Python:
 * `iotile_cloud.api.exceptions`).
 *
 * Why two files: a code-splitting bundler (esbuild, Rollup) loads a file first, whole, when the
 * package index reaches it. These classes are needed by `new Api()` and a call that succeeds (input
 * checks; a lazy part that cannot be loaded is a `ConnectionError`); the others only once a call has
 * failed, and the client loads them then (`import()`).
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

/** What a `RequestError` is built with. */
export interface RequestErrorOptions {
  method: string;
  url: string;
  cause?: unknown;
  /** Strings to remove from the message, the URL and the cause (the token the request carried). */
  secrets?: readonly (string | undefined)[] | undefined;
}

/**
 * The errors worth another attempt (the network failed, the attempt timed out; not TLS, not an abort),
 * marked when they are made: the retry loop tells them apart without loading their classes.
 */
const RETRYABLE = new WeakSet<object>();

/** Marks `error` (a `ConnectionError`, a `RequestTimeoutError`) as worth another attempt. */
export function markRetryable(error: RequestError): void {
  RETRYABLE.add(error);
}

/** True for an error worth another attempt: a `ConnectionError` or a `RequestTimeoutError`. */
export function isRetryableError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE.has(error);
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
    markRetryable(this);
  }
}

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** True for `application/json` and `application/<x>+json` (with or without parameters). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return contentType != null && JSON_CONTENT_TYPE.test(contentType.trim());
}

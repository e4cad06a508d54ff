/**
 * The typed errors of a request that failed below HTTP (no response, or a body that failed while it
 * was read) and of a body past its size limit. The transport loads this module (`import()`) when an
 * attempt first fails, with `errors.ts`: a request that succeeds never needs either.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { platform } from '#platform';
import {
  HttpCouldNotVerifyServerError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseTooLargeError,
} from './all-errors.js';
import { ConnectionError, IOTileCloudError } from './errors.js';
import { redactSecrets, redactUrl } from './internal/redact.js';

/** What the transport knew of the attempt when it failed. */
export interface AttemptState {
  /** The attempt's deadline (not the caller) ended it. */
  timedOut: boolean;
  timeoutMs: number;
  secrets: readonly string[];
  /** The caller's signal, as it was when the attempt failed. */
  callerAborted: boolean;
  callerReason: unknown;
}

/**
 * The typed error for a request that produced no response, or (with `bodyBytesRead`) whose body
 * failed after that many bytes: a deadline or an abort can fire after the headers arrived, and a
 * connection can be cut in the middle of a body.
 */
export function requestFailure(
  error: unknown,
  request: Request,
  attempt: AttemptState,
  bodyBytesRead?: number,
): Error {
  if (error instanceof IOTileCloudError) {
    return error;
  }
  const { timedOut, timeoutMs, secrets } = attempt;
  const method = request.method;
  const url = request.url;
  const where = `${method} ${redactUrl(url, secrets)}`;
  const during = bodyBytesRead === undefined ? '' : ` while its body was read (after ${bodyBytesRead} bytes)`;
  if (attempt.callerAborted) {
    return new RequestAbortedError(`${where} was aborted by the caller${during}`, {
      method,
      url,
      cause: attempt.callerReason,
      secrets,
    });
  }
  if (timedOut || isDomException(error, 'TimeoutError')) {
    return new RequestTimeoutError(`${where} timed out after ${timeoutMs} ms${during}`, {
      method,
      url,
      timeoutMs,
      cause: error,
      secrets,
    });
  }
  if (isDomException(error, 'AbortError')) {
    return new RequestAbortedError(`${where} was aborted${during}`, { method, url, cause: error, secrets });
  }
  const code = certificateErrorCode(error);
  if (code !== undefined) {
    return new HttpCouldNotVerifyServerError(
      `Could not verify the TLS certificate of ${new URL(url).origin} (${code}) for ${where}${during}; ` +
        'use new Api({ verify: false }) only for a server you trust',
      { method, url, code, cause: error, secrets },
    );
  }
  return new ConnectionError(`${where} failed${during}: ${redactSecrets(describeCause(error), secrets)}`, {
    method,
    url,
    cause: error,
    secrets,
  });
}

/** The error of a body past `limit` bytes (after `bytesRead`, or announced by its `Content-Length`). */
export function bodyTooLarge(
  method: string,
  response: Response,
  limit: number,
  bytesRead: number,
): ResponseTooLargeError {
  return new ResponseTooLargeError({ method, response, limit, bytesRead });
}

function isDomException(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}

/** The most specific reason in a `fetch failed` chain, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
function describeCause(error: unknown): string {
  let current: unknown = error;
  let message = 'network error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { message: text, code } = current as { message?: unknown; code?: unknown };
    if (typeof text === 'string' && text !== '') {
      message = typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

/**
 * The certificate error code found in `error` or its `cause` chain (`fetch failed` wraps the socket
 * error), or `undefined` when the failure is not about a certificate (always, in a browser: its fetch
 * hides why a connection failed).
 */
export function certificateErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current != null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && platform.certificateErrorCodes.has(code)) {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `@iotile/client/errors`: what derives an `HttpError` from a response and its body
 * (`httpErrorFromResponse`, `parseErrorBody`), for every shape of error body a Django REST Framework
 * server sends (API reference, §1.4). The error classes themselves are exports of the package root.
 *
 * The client loads this module (`import()`) on the first answer that is not 2xx: the package index
 * exports the classes only, so a bundle of an application whose calls succeed never loads this code
 * (a code-splitting bundler loads every file the index reaches first, whole).
 *
 * @module errors
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import {
  HttpClientError,
  HttpError,
  type HttpErrorInit,
  HttpNotFoundError,
  HttpServerError,
  isJsonContentType,
  redactUrl,
} from './errors.js';
import { mergeSecrets, redactSecrets, redactValue, secretsOf } from './internal/redact.js';

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

/**
 * The request and response shapes route handlers work with, and the errors they throw. Handlers never touch
 * Node's `http` objects: `server.ts` adapts them, so every route is a plain function of a request.
 */
import type { IncomingHttpHeaders } from 'node:http';

import type { ErrorBody } from './api-types.js';
import type { UserRecord } from './store.js';

export interface MockRequest {
  readonly method: string;
  /** The absolute URL the client used (scheme of the server, host from the `Host` header). */
  readonly url: URL;
  /** The path below `/api/v1`, e.g. `/device/d--0000-0000-0000-00d2/`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Path parameters captured by the router. */
  params: Record<string, string>;
  /** The authenticated user, set by the router for routes that need one. */
  user: UserRecord | null;
}

/** A body is text, bytes, or an async sequence of chunks (large pages are streamed, never built whole). */
export type ResponseBody = string | Uint8Array | AsyncIterable<string | Uint8Array> | null;

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: ResponseBody;
}

declare const replyType: unique symbol;

/**
 * A response whose type records its status and the value its JSON body holds, so the router can check it
 * against what the spec declares for the route. The record is type-only (an optional property that is
 * never set): a reply is an ordinary `MockResponse`.
 */
export interface Reply<Status extends number = number, Body = unknown> extends MockResponse {
  status: Status;
  readonly [replyType]?: { status: Status; body: Body };
}

/** An HTTP error with a DRF-shaped JSON body. Handlers throw it; the server renders it. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export const JSON_TYPE = 'application/json';

export function json<const Status extends number, Body>(
  status: Status,
  value: Body,
  headers: Record<string, string> = {},
): Reply<Status, Body> {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(value) };
}

/** A body that is not JSON (CSV, plain text): its type records the status and no JSON value. */
export function text<const Status extends number>(
  status: Status,
  contentType: string,
  body: string,
): Reply<Status, never> {
  return { status, headers: { 'content-type': contentType }, body };
}

export function noContent(): Reply<204, undefined> {
  return { status: 204, headers: {}, body: null };
}

/** `{"detail": "..."}`, the body of every DRF `APIException`. */
export function detail(status: number, message: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { detail: message }, headers);
}

export const notFound = (): HttpError => detail(404, 'Not found.');
export const forbidden = (): HttpError => detail(403, 'You do not have permission to perform this action.');
/** `ValidationError("text")` raised in a view renders as a JSON array of strings. */
export const validationList = (message: string): HttpError => new HttpError(400, [message]);
/** Serializer field errors: `{"field": ["msg"]}`. */
export const fieldErrors = (errors: Record<string, string[]>): HttpError => new HttpError(400, errors);
/** The hand-written `{"error": "..."}` bodies many IOTile views return. */
export const errorBody = (status: number, message: string): HttpError =>
  new HttpError(status, { error: message });

function contentType(req: MockRequest): string {
  const raw = req.headers['content-type'] ?? '';
  return raw.split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The request's data the way DRF's parsers see it: JSON (the default), form or multipart. An empty body is
 * an empty object. Malformed JSON is a 400 `{"detail": "JSON parse error - ..."}`.
 */
export async function readData(req: MockRequest): Promise<Record<string, unknown> | unknown[]> {
  const type = contentType(req);
  if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded') {
    const form = await readForm(req);
    const out: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      out[key] = value;
    }
    return out;
  }
  if (type !== '' && type !== JSON_TYPE && !type.endsWith('+json')) {
    throw detail(415, `Unsupported media type "${type}" in request.`);
  }
  if (req.body.length === 0) {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString('utf8'));
  } catch (err) {
    throw detail(400, `JSON parse error - ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw fieldErrors({
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeof parsed}.`],
    });
  }
  return parsed as Record<string, unknown> | unknown[];
}

/** Like `readData`, but the body must be a single object. */
export async function readObject(req: MockRequest): Promise<Record<string, unknown>> {
  const data = await readData(req);
  if (Array.isArray(data)) {
    throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  return data;
}

/** Multipart or urlencoded form data, parsed by the platform (`Request.formData()`). */
export async function readForm(req: MockRequest): Promise<FormData> {
  const type = req.headers['content-type'] ?? '';
  try {
    return await new Request('http://mock.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Blob([new Uint8Array(req.body)]),
    }).formData();
  } catch (err) {
    throw detail(400, `Multipart form parse error - ${(err as Error).message}`);
  }
}

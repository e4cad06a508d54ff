/**
 * The views that parse and render msgpack as well as JSON (`/event/`, `/streamer/report/{id}/`): a request
 * body of type `application/msgpack` is decoded, and the answer is msgpack when the request asks for it
 * (`?format=msgpack`, or an `Accept` that prefers `application/msgpack`), JSON otherwise.
 */
import { decode, encode } from '@msgpack/msgpack';

import { detail, type MockRequest, type Reply, readData } from '../http.js';

export const MSGPACK_TYPE = 'application/msgpack';

function contentType(req: MockRequest): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The request data: msgpack decoded, anything else as `readData` reads it (JSON, form, multipart). */
export async function readJsonOrMsgpack(req: MockRequest): Promise<Record<string, unknown> | unknown[]> {
  if (contentType(req) !== MSGPACK_TYPE) {
    return readData(req);
  }
  let value: unknown;
  try {
    value = req.body.length === 0 ? {} : decode(req.body);
  } catch (err) {
    throw detail(400, `MessagePack parse error - ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object') {
    throw detail(400, 'MessagePack parse error - expected a map or an array');
  }
  return value as Record<string, unknown> | unknown[];
}

/** Whether the answer is rendered as msgpack (DRF's content negotiation for these views). */
export function wantsMsgpack(req: MockRequest): boolean {
  const format = req.query.get('format');
  if (format !== null) {
    return format === 'msgpack';
  }
  const accept = String(req.headers.accept ?? '').toLowerCase();
  const msgpack = accept.indexOf(MSGPACK_TYPE);
  const json = accept.indexOf('application/json');
  return msgpack !== -1 && (json === -1 || msgpack < json);
}

/** A JSON answer, or the same value as msgpack when the request asks for it. */
export function render<const Status extends number, Body>(
  req: MockRequest,
  status: Status,
  value: Body,
): Reply<Status, Body> {
  if (wantsMsgpack(req)) {
    return { status, headers: { 'content-type': MSGPACK_TYPE }, body: encode(value) };
  }
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

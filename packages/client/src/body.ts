/**
 * Reading a 2xx body. openapi-fetch would `JSON.parse` whatever arrives (an HTML login page from a
 * proxy fails with a bare `SyntaxError`); here the content type is checked first and both failures
 * become an `InvalidResponseError` that names what came back. The generic resources read any body,
 * by its content type, as Python's `RestResource` does.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { InvalidResponseError } from './all-errors.js';
import { isJsonContentType, redactUrl } from './errors.js';

/** Parses `text` as the JSON body of `response`; an empty body is `undefined` (204, empty 200). */
export function parseJsonBody(text: string | undefined, response: Response, method: string): unknown {
  if (text === undefined || text === '') {
    return undefined;
  }
  const contentType = response.headers.get('content-type');
  const where = `${method} ${redactUrl(response.url)} answered ${response.status}`;
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw new InvalidResponseError(`${where} with Content-Type "${contentType}" where JSON was expected`, {
      method,
      response,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const label = contentType === null ? 'a body without Content-Type that is not JSON' : 'malformed JSON';
    throw new InvalidResponseError(`${where} with ${label}: ${(error as Error).message}`, {
      method,
      response,
      cause: error,
    });
  }
}

/** Media types that are text although not `text/*`. */
const TEXT_CONTENT_TYPE =
  /^(?:text\/|application\/(?:[\w.+-]+\+)?xml\b|application\/(?:javascript|ecmascript|csv|yaml|x-yaml|x-ndjson|x-www-form-urlencoded)\b)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * A body as the content type says: JSON (`application/json`, `+json`) parsed, throwing
 * `InvalidResponseError` when it is not valid JSON; text (`text/*`, XML, CSV, a `charset` parameter...)
 * decoded into a string; anything else, a missing content type included, as the bytes (`Uint8Array`,
 * Python's `resp.content`), so nothing binary is mangled. No body at all (204, 205, empty) is `undefined`.
 */
export function parseBodyByContentType(
  bytes: ArrayBuffer | undefined,
  response: Response,
  method: string,
): unknown {
  if (bytes === undefined || bytes.byteLength === 0) {
    return undefined;
  }
  const contentType = response.headers.get('content-type');
  if (isJsonContentType(contentType)) {
    // JSON is UTF-8 (RFC 8259), whatever charset a server claims; `Response.text()` reads it the same way.
    return parseJsonBody(new TextDecoder().decode(bytes), response, method);
  }
  if (contentType !== null && (TEXT_CONTENT_TYPE.test(contentType) || CHARSET.test(contentType))) {
    return decoder(contentType).decode(bytes);
  }
  return new Uint8Array(bytes);
}

/** A decoder for the `charset` of `contentType`; UTF-8 when there is none or it is unknown. */
function decoder(contentType: string): TextDecoder {
  const charset = CHARSET.exec(contentType)?.[1];
  if (charset !== undefined) {
    try {
      return new TextDecoder(charset);
    } catch {
      // An unknown label: fall back to UTF-8, as `Response.text()` always does.
    }
  }
  return new TextDecoder();
}

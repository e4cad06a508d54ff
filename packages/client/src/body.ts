/**
 * Reading a 2xx body that should be JSON. openapi-fetch would `JSON.parse` whatever arrives (an HTML
 * login page from a proxy fails with a bare `SyntaxError`); here the content type is checked first
 * and both failures become an `InvalidResponseError` that names what came back.
 */

import { InvalidResponseError, isJsonContentType, redactUrl } from './errors.js';

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

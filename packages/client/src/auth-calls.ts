/**
 * The auth endpoints: `login()`, `logout()` and `refreshToken()`, as Python's `Api` has them. The
 * `Api` loads this module when one of them is first called (`import()`), so an application that is
 * given its token never loads it (a browser bundle keeps it in a lazy chunk).
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { type HttpError, httpErrorFromResponse, InvalidResponseError } from './all-errors.js';
import type { AuthContext, LoginCredentials } from './auth.js';
import { InvalidInputError } from './errors.js';
import { redactUrl } from './internal/redact.js';

/**
 * `POST /auth/login/` with `{email, password}` and no Authorization header.
 *
 * Resolves `true` on 2xx (the token is taken from the body's `<tokenType>` key, `jwt` by default, and
 * `username` is set), `false` on any 4xx (bad credentials 401, inactive account 401, field errors 400,
 * 403), exactly like Python's `Api.login`. Throws `HttpServerError` on 5xx, the `RequestError`s on
 * network/TLS/timeout failures, `InvalidResponseError` on a 2xx without a token, and
 * `InvalidInputError` (before any request) without email or password.
 */
export async function login(context: AuthContext, credentials: LoginCredentials): Promise<boolean> {
  const { email, password } = (credentials ?? {}) as Partial<LoginCredentials>;
  const missing = [
    typeof email === 'string' && email !== '' ? undefined : 'email',
    typeof password === 'string' && password !== '' ? undefined : 'password',
  ].filter((name) => name !== undefined);
  if (missing.length > 0) {
    throw new InvalidInputError(
      `login() needs a non-empty email and password (missing: ${missing.join(', ')})`,
    );
  }
  const { data, error, response } = await context.send('POST', '/auth/login/', {
    body: { email, password },
    secrets: [password as string],
  });
  if (response.ok) {
    const tokenType = context.credentials.tokenType;
    const body = (data ?? {}) as Record<string, unknown>;
    const token = body[tokenType];
    if (typeof token !== 'string' || token === '') {
      throw new InvalidResponseError(
        `The login response of ${redactUrl(response.url)} has no "${tokenType}" token`,
        {
          method: 'POST',
          response,
        },
      );
    }
    context.credentials.set(token);
    context.credentials.username = typeof body.username === 'string' ? body.username : undefined;
    return true;
  }
  return clientErrorIsFalse(response, error);
}

/**
 * `POST /auth/logout/`. Resolves `true` on 2xx (the server sends 204) and forgets token and username;
 * `false` on 4xx (e.g. 401 for an expired token; the token is kept, as in Python) or when there is no
 * token to log out. Throws on 5xx and network failures.
 */
export async function logout(context: AuthContext): Promise<boolean> {
  if (context.credentials.token === undefined) {
    return false;
  }
  const { error, response } = await context.send('POST', '/auth/logout/', {});
  if (response.ok) {
    context.credentials.clear();
    return true;
  }
  return clientErrorIsFalse(response, error);
}

/**
 * `POST /auth/api-jwt-refresh/` with `{token}` (no Authorization header). Resolves `true` and stores
 * the new token on 2xx; on 4xx (expired, refresh limit of 180 days reached, ...) the token is
 * dropped and it resolves `false`, as Python's `refresh_token`. Throws on 5xx and network failures
 * (the token is kept), and `InvalidInputError` without a token or for a token type other than `jwt`.
 */
export async function refreshToken(context: AuthContext): Promise<boolean> {
  const { credentials } = context;
  if (!credentials.isJwt()) {
    throw new InvalidInputError(
      `refreshToken() works with JWT tokens only (tokenType is "${credentials.tokenType}")`,
    );
  }
  const token = credentials.token;
  if (token === undefined) {
    throw new InvalidInputError('refreshToken() needs a token: call login() or setToken() first');
  }
  const { data, error, response } = await context.send('POST', '/auth/api-jwt-refresh/', {
    body: { token },
    secrets: [token],
  });
  if (response.ok) {
    const fresh = (data as { token?: unknown } | undefined)?.token;
    if (typeof fresh !== 'string' || fresh === '') {
      throw new InvalidResponseError(
        `The token refresh response of ${redactUrl(response.url)} has no "token"`,
        {
          method: 'POST',
          response,
        },
      );
    }
    credentials.set(fresh);
    return true;
  }
  const result = clientErrorIsFalse(response, error);
  credentials.set(undefined);
  return result;
}

/** 4xx → false; anything else that is not 2xx → the matching `HttpError`. */
function clientErrorIsFalse(response: Response, body: unknown): false {
  if (response.status >= 400 && response.status <= 499) {
    return false;
  }
  const error: HttpError = httpErrorFromResponse({ method: 'POST', response, body });
  throw error;
}

/**
 * Credentials and the auth endpoints.
 *
 * The token lives in a private field of `Credentials`; it is written into the `Authorization` header
 * (`<tokenType> <token>`, e.g. `jwt eyJ...`) by the transport, after openapi-fetch middleware has run,
 * and only for requests to the API's own origin. `/auth/login/` and `/auth/api-jwt-*` never get it:
 * the server answers 403 "Already Logged-in" to a login that carries a valid header. The calls of the
 * auth endpoints are in `auth-calls.ts`, loaded when first used.
 */

import { InvalidInputError } from './errors.js';

export const DEFAULT_TOKEN_TYPE = 'jwt';

/** Holds the token so it never shows up in `console.log`, `JSON.stringify` or an error. */
export class Credentials {
  #token: string | undefined;
  tokenType: string;
  username: string | undefined;

  constructor(token: string | undefined, tokenType: string = DEFAULT_TOKEN_TYPE) {
    this.#token = checkToken(token);
    this.tokenType = checkTokenType(tokenType);
  }

  get token(): string | undefined {
    return this.#token;
  }

  set(token: string | undefined, tokenType?: string): void {
    this.#token = checkToken(token);
    if (tokenType !== undefined) {
      this.tokenType = checkTokenType(tokenType);
    }
  }

  clear(): void {
    this.#token = undefined;
    this.username = undefined;
  }

  /** Whether the token is a JWT (`tokenType` `jwt`, any case): only those can be refreshed. */
  isJwt(): boolean {
    return this.tokenType.toLowerCase() === DEFAULT_TOKEN_TYPE;
  }

  /** The `Authorization` value, or `undefined` without a token. */
  header(): string | undefined {
    return this.#token === undefined ? undefined : `${this.tokenType} ${this.#token}`;
  }
}

function checkToken(token: unknown): string | undefined {
  if (token === undefined || token === null) {
    return undefined;
  }
  // A header value may not contain spaces (DRF JWT: "Credentials string should not contain spaces")
  // nor CR/LF (header injection).
  if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
    throw new InvalidInputError('token must be a non-empty string without whitespace');
  }
  return token;
}

function checkTokenType(tokenType: unknown): string {
  if (typeof tokenType !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(tokenType)) {
    throw new InvalidInputError(
      `tokenType must be a header scheme such as "jwt", "token" or "a-jwt", got ${JSON.stringify(tokenType)}`,
    );
  }
  return tokenType;
}

/** Paths (below the API base) that must be sent without credentials. */
const UNAUTHENTICATED_PATHS = /^\/auth\/(?:login\/|api-jwt-)/;

/**
 * Whether a request to `url` may carry the token: same origin as the API (scheme, host and port), and
 * not one of the login/JWT endpoints.
 */
export function mayCarryToken(url: string, base: URL): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.origin !== base.origin) {
    return false;
  }
  const basePath = base.pathname.replace(/\/$/, '');
  if (target.pathname.startsWith(`${basePath}/`)) {
    return !UNAUTHENTICATED_PATHS.test(target.pathname.slice(basePath.length));
  }
  return true;
}

/** What the auth functions need from the `Api`: an untyped JSON call and the credentials. */
export interface AuthContext {
  credentials: Credentials;
  /** Sends without following redirects; `secrets` are removed from every error it produces. */
  send(
    method: 'POST',
    path: string,
    init: { body?: unknown; secrets?: readonly string[] },
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

export interface LoginCredentials {
  email: string;
  password: string;
}

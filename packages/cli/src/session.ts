/**
 * The token a command runs with: `IOTILE_TOKEN` if set (used as is, never stored), else the one
 * `iotile login` stored for the domain. A stored JWT that expires within `REFRESH_WITHIN_MS` is
 * refreshed through `/auth/api-jwt-refresh/` (the client's `refreshToken()`) and stored again; an
 * expired one is dropped with a message that says to log in again (the server cannot refresh it).
 */

import type { Api } from '@iotile/client';
import { type Context, createApi } from './context.js';
import { CliError } from './errors.js';
import { jwtExpiry } from './jwt.js';
import { configDirectory, TokenStore } from './token-store.js';

/** Refresh a stored token when it expires within a day (IOTile Cloud JWTs live 7 days). */
export const REFRESH_WITHIN_MS = 24 * 60 * 60 * 1000;

export interface Session {
  api: Api;
  /** Where the token came from. */
  source: 'env' | 'store';
  username: string | undefined;
  email: string | undefined;
  expires: Date | undefined;
}

export function loginHint(context: Context): string {
  const domain = context.globals.domain;
  return `run: iotile login${domain === 'https://iotile.cloud' ? '' : ` --domain ${domain}`}`;
}

/** An `Api` with a token for the domain, or a `CliError` saying how to get one. */
export async function openSession(
  context: Context,
  store = new TokenStore(configDirectory(context.io.env)),
): Promise<Session> {
  const api = await createApi(context);
  const fromEnv = context.io.env.IOTILE_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') {
    api.setToken(fromEnv, context.io.env.IOTILE_TOKEN_TYPE || undefined);
    context.log.verbose(`using the token from IOTILE_TOKEN for ${api.domain}`);
    return { api, source: 'env', username: undefined, email: undefined, expires: jwtExpiry(fromEnv) };
  }
  const stored = await store.get(api.domain);
  if (stored === undefined) {
    throw new CliError(`not logged in to ${api.domain}`, { hint: loginHint(context) });
  }
  api.setToken(stored.token, stored.tokenType);
  let expires = jwtExpiry(stored.token);
  const now = Date.now();
  if (expires !== undefined && expires.getTime() <= now) {
    await store.delete(api.domain);
    throw new CliError(
      `the session of ${stored.username ?? 'your account'} on ${api.domain} expired on ${expires.toISOString()}: log in again`,
      { hint: loginHint(context) },
    );
  }
  if (expires !== undefined && expires.getTime() - now < REFRESH_WITHIN_MS) {
    context.log.verbose(`the token expires at ${expires.toISOString()}: refreshing it`);
    let refreshed: boolean;
    try {
      refreshed = await api.refreshToken();
    } catch (error) {
      // A server or network failure: the token still works for now, so carry on with it.
      context.log.verbose(`token refresh failed (${(error as Error).message}); using the current token`);
      refreshed = false;
      api.setToken(stored.token, stored.tokenType);
    }
    const fresh = api.token;
    if (refreshed && fresh !== undefined) {
      expires = jwtExpiry(fresh);
      await store.set(api.domain, { ...stored, token: fresh, savedAt: new Date().toISOString() });
      context.log.verbose(
        `token refreshed; it now expires at ${expires?.toISOString() ?? 'an unknown time'}`,
      );
    } else if (fresh === undefined) {
      // The server refused the refresh (4xx): the token is dead.
      await store.delete(api.domain);
      throw new CliError(`the session on ${api.domain} could not be refreshed: log in again`, {
        hint: loginHint(context),
      });
    }
  }
  return { api, source: 'store', username: stored.username, email: stored.email, expires };
}

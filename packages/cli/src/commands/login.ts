/**
 * `iotile login`: POST /auth/login/ and store the JWT for the domain. A refusal says why, with the
 * server's own message: wrong credentials (401), a domain that is not an IOTile Cloud (404), ...
 */

import { type Context, createApi } from '../context.js';
import { CliError } from '../errors.js';
import { readEmail, readPassword } from '../password.js';
import { configDirectory, TokenStore } from '../token-store.js';

export interface LoginOptions {
  email?: string;
  passwordStdin?: boolean;
}

export async function login(context: Context, options: LoginOptions): Promise<void> {
  const api = await createApi(context);
  const email = await readEmail(context.io, options.email);
  const password = await readPassword(context.io, options, `Password for ${email} on ${api.domain}`);
  const { httpErrorFromResponse } = await import('@iotile/client/errors');
  // The typed call rather than api.login(), which resolves false for every 4xx: here the user must
  // learn whether the password was wrong or the domain is not an IOTile Cloud.
  const { data, error, response } = await api.POST('/auth/login/', { body: { email, password } });
  if (!response.ok || data === undefined) {
    const failure = httpErrorFromResponse({ method: 'POST', response, body: error });
    const hint =
      response.status === 404 || response.status === 405
        ? `is ${api.domain} an IOTile Cloud? set --domain or IOTILE_DOMAIN`
        : response.status === 401 || response.status === 400
          ? 'check the e-mail and password'
          : undefined;
    throw new CliError(`login failed: ${failure.message}`, { hint });
  }
  const token = (data as { jwt?: unknown }).jwt;
  if (typeof token !== 'string' || token === '') {
    throw new CliError(`login failed: the answer of ${api.domain} has no JWT`);
  }
  await new TokenStore(configDirectory(context.io.env)).set(api.domain, {
    token,
    tokenType: 'jwt',
    username: data.username,
    email: data.email,
    savedAt: new Date().toISOString(),
  });
  context.log.info(`Logged in to ${api.domain} as ${data.username} (${data.email}).`);
}

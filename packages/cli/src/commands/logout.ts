/** `iotile logout`: POST /auth/logout/ and forget the stored token (also when the server refuses it). */

import { type Context, createApi } from '../context.js';
import { configDirectory, TokenStore } from '../token-store.js';

export async function logout(context: Context): Promise<void> {
  const api = await createApi(context);
  const store = new TokenStore(configDirectory(context.io.env));
  const stored = await store.get(api.domain);
  if (stored === undefined) {
    context.log.info(`Not logged in to ${api.domain}.`);
    if (context.io.env.IOTILE_TOKEN) {
      context.log.info('(IOTILE_TOKEN is set: unset it to stop using that token.)');
    }
    return;
  }
  api.setToken(stored.token, stored.tokenType);
  let accepted = false;
  try {
    accepted = await api.logout();
  } finally {
    // Forget the token locally whatever the server said: an expired or revoked token is useless.
    await store.delete(api.domain);
  }
  context.log.info(
    accepted
      ? `Logged out of ${api.domain}.`
      : `Forgot the token of ${api.domain} (the server had already ended that session).`,
  );
}

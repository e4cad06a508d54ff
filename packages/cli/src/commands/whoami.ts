/** `iotile whoami`: the account behind the token (GET /account/), the domain and the token's expiry. */

import type { Context } from '../context.js';
import { CliError } from '../errors.js';
import { openSession } from '../session.js';

export interface WhoamiOptions {
  json?: boolean;
}

export async function whoami(context: Context, options: WhoamiOptions): Promise<void> {
  const session = await openSession(context);
  const page = await session.api.get('/account/');
  const account = page.results[0];
  if (account === undefined) {
    throw new CliError(`${session.api.domain} returned no account for this token`);
  }
  const result = {
    username: account.username,
    email: account.email,
    name: account.name,
    domain: session.api.domain,
    tokenSource: session.source === 'env' ? 'IOTILE_TOKEN' : 'iotile login',
    expires: session.expires?.toISOString() ?? null,
  };
  if (options.json) {
    context.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const expiry = result.expires === null ? '' : `, token valid until ${result.expires}`;
  context.io.stdout.write(
    `${result.username} <${result.email}> on ${result.domain} (from ${result.tokenSource}${expiry})\n`,
  );
}

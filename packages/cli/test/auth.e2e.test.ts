/** login / logout / whoami end to end: the token store, IOTILE_TOKEN, refresh near expiry, expiry. */

import { statSync } from 'node:fs';
import type { RunningServer } from '@iotile/mock-cloud';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clock, startCloud, USER } from './support/cloud.js';
import { filesBelow, type Home, makeHome, runIotile, storedToken } from './support/run.js';

let server: RunningServer;
const outputs: string[] = [];

async function iotile(
  args: string[],
  home: Home,
  extra: { env?: Record<string, string>; input?: string } = {},
) {
  const result = await runIotile(args, { home, domain: server.url, ...extra });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function login(home: Home) {
  return iotile(['login', '--email', USER.email, '--password-stdin'], home, { input: `${USER.password}\n` });
}

beforeAll(async () => {
  ({ server } = await startCloud());
});
afterAll(() => server.close());
beforeEach(() => {
  clock.offsetSeconds = 0;
});

describe('iotile login', () => {
  it('stores the token for the domain in a 0600 file of a 0700 directory, and prints it nowhere', async () => {
    const home = makeHome();
    const result = await login(home);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(result.stderr).toBe(`Logged in to ${server.url} as ${USER.username} (${USER.email}).\n`);
    expect(statSync(home.tokenFile).mode & 0o777).toBe(0o600);
    expect(statSync(home.configDir).mode & 0o777).toBe(0o700);
    const token = storedToken(home, server.url);
    expect(token).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);

    const whoami = await iotile(['whoami'], home);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(
      new RegExp(`^ada <${USER.email}> on ${server.url} \\(from iotile login, token valid until \\d{4}-`),
    );
    const verbose = await iotile(['--verbose', 'ls', 'projects'], home);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain('> GET ');

    for (const text of [...outputs, result.stdout, result.stderr, whoami.stdout, verbose.stderr]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(USER.password);
    }
    // The token store is the only file that holds the token; the password is in none.
    for (const file of filesBelow(home.dir)) {
      expect(file.text).not.toContain(USER.password);
      if (file.path !== home.tokenFile) {
        expect(file.text).not.toContain(token);
      }
    }
  });

  it('reads the password from IOTILE_PASSWORD, and --quiet says nothing', async () => {
    const home = makeHome();
    const result = await iotile(['--quiet', 'login', '--email', USER.email], home, {
      env: { IOTILE_PASSWORD: USER.password },
    });
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(storedToken(home, server.url)).toBeDefined();
  });

  it('says why a login failed: wrong credentials (401 and the server message), exit 1', async () => {
    const home = makeHome();
    const result = await iotile(['login', '--email', USER.email, '--password-stdin'], home, {
      input: 'wrong\n',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `iotile: login failed: 401 Unauthorized POST ${server.url}/api/v1/auth/login/: Username/password combination invalid.\nhint: check the e-mail and password\n`,
    );
    expect(storedToken(home, server.url)).toBeUndefined();
  });

  it('says why a login failed: a domain that is not an IOTile Cloud (404), exit 1', async () => {
    const home = makeHome();
    const result = await runIotile(['login', '--email', USER.email, '--password-stdin'], {
      home,
      domain: `${server.url}/not-a-cloud`,
      input: 'x\n',
    });
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^iotile: login failed: 404 Not Found POST .*\/not-a-cloud\/api\/v1\/auth\/login\//,
    );
    expect(lines[1]).toBe(
      `hint: is ${server.url}/not-a-cloud an IOTile Cloud? set --domain or IOTILE_DOMAIN`,
    );
  });

  it('needs a password source when stdin is not a terminal (exit 2)', async () => {
    const result = await iotile(['login', '--email', USER.email], makeHome());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'iotile: no password: stdin is not a terminal, so it cannot be asked for\nhint: use --password-stdin or set IOTILE_PASSWORD\n',
    );
  });

  it('keeps one session per domain', async () => {
    const home = makeHome();
    await login(home);
    const other = await runIotile(['ls', 'orgs'], {
      home,
      domain: server.url.replace('127.0.0.1', 'localhost'),
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /^iotile: not logged in to http:\/\/localhost:\d+\nhint: run: iotile login --domain/,
    );
  });
});

describe('IOTILE_TOKEN', () => {
  it('overrides the store and is never written anywhere', async () => {
    const home = makeHome();
    await login(home);
    const token = storedToken(home, server.url) as string;
    const fresh = makeHome();
    const result = await iotile(['whoami', '--json'], fresh, { env: { IOTILE_TOKEN: token } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      username: 'ada',
      tokenSource: 'IOTILE_TOKEN',
      domain: server.url,
    });
    expect(filesBelow(fresh.dir)).toEqual([]);
    const bad = await iotile(['whoami'], fresh, { env: { IOTILE_TOKEN: 'not-a-token' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^iotile: 401 Unauthorized GET .*\/api\/v1\/account\/: .+\nhint: your session may have expired/,
    );
  });
});

describe('token refresh and expiry', () => {
  it('refreshes a stored token that expires within a day, and stores the new one', async () => {
    const home = makeHome();
    clock.offsetSeconds = -6.5 * 24 * 3600; // issued 6.5 days ago: 12 hours left
    await login(home);
    clock.offsetSeconds = 0;
    const before = storedToken(home, server.url);
    const result = await iotile(['--verbose', 'whoami', '--json'], home);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('refreshing it');
    expect(result.stderr).toContain('/api/v1/auth/api-jwt-refresh/');
    const after = storedToken(home, server.url);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const expires = Date.parse(JSON.parse(result.stdout).expires);
    expect(expires - Date.now()).toBeGreaterThan(6 * 24 * 3600 * 1000);
    expect(statSync(home.tokenFile).mode & 0o777).toBe(0o600);
  });

  it('leaves a token with days to go alone', async () => {
    const home = makeHome();
    await login(home);
    const before = storedToken(home, server.url);
    const result = await iotile(['--verbose', 'whoami'], home);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('api-jwt-refresh');
    expect(storedToken(home, server.url)).toBe(before);
  });

  it('an expired token: "log in again", exit 1, no request, and the token is dropped', async () => {
    const home = makeHome();
    clock.offsetSeconds = -8 * 24 * 3600;
    await login(home);
    clock.offsetSeconds = 0;
    const result = await iotile(['--verbose', 'ls', 'devices'], home);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('> ');
    expect(result.stderr).toMatch(
      new RegExp(
        `^iotile: the session of ada on ${server.url} expired on \\d{4}-.*: log in again\\nhint: run: iotile login --domain ${server.url}\\n$`,
      ),
    );
    expect(storedToken(home, server.url)).toBeUndefined();
  });
});

describe('iotile logout', () => {
  it('ends the session and forgets the token', async () => {
    const home = makeHome();
    await login(home);
    const result = await iotile(['logout'], home);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: `Logged out of ${server.url}.\n` });
    expect(storedToken(home, server.url)).toBeUndefined();
    const after = await iotile(['whoami'], home);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`iotile: not logged in to ${server.url}`);
    const again = await iotile(['logout'], home);
    expect(again).toMatchObject({ code: 0, stderr: `Not logged in to ${server.url}.\n` });
  });
});

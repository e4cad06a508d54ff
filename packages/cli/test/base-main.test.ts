/** BaseMain in process against the mock: the steps in Python's order, extra args, logout, exit codes. */

import { PassThrough } from 'node:stream';
import type { RunningServer } from '@iotile/mock-cloud';
import type { Command } from 'commander';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BaseMain, type CliIo } from '../src/index.js';
import { DEVICE, PROJECT, startCloud, USER } from './support/cloud.js';
import { makeHome } from './support/run.js';

let server: RunningServer;
beforeAll(async () => {
  ({ server } = await startCloud());
});
afterAll(() => server.close());

function testIo(env: Record<string, string>): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (chunk) => {
    stdout += chunk;
  });
  err.on('data', (chunk) => {
    stderr += chunk;
  });
  const home = makeHome();
  return {
    io: {
      stdout: out,
      stderr: err,
      stdin: new PassThrough(),
      env: { IOTILE_CONFIG_DIR: home.configDir, ...env },
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

class ListDevices extends BaseMain<{ project: string }> {
  readonly steps: string[] = [];

  protected override addExtraArgs(program: Command): void {
    program.requiredOption('--project <slug>', 'project whose devices to list');
  }
  protected override getDomain(): string {
    this.steps.push('getDomain');
    return super.getDomain();
  }
  protected override async beforeLogin(): Promise<void> {
    this.steps.push(`beforeLogin:${this.api.token === undefined ? 'no token' : 'token'}`);
  }
  protected override async login(): Promise<boolean> {
    this.steps.push('login');
    return super.login();
  }
  protected async afterLogin(): Promise<void> {
    this.steps.push(`afterLogin:${this.api.username}`);
    for await (const device of this.api.paginate('/device/', {
      params: { query: { project: this.args.project } },
    })) {
      this.io.stdout.write(`${device.slug} ${device.label}\n`);
    }
  }
  protected override async logout(): Promise<void> {
    this.steps.push('logout');
    await super.logout();
    this.steps.push(`logged out:${this.api.token === undefined}`);
  }
  protected override async afterLogout(): Promise<void> {
    this.steps.push('afterLogout');
  }
}

it('runs the steps in order: parse, getDomain, beforeLogin, login, afterLogin, logout, afterLogout', async () => {
  const { io, stdout } = testIo({ IOTILE_PASSWORD: USER.password });
  const main = new ListDevices({ io });
  const code = await main.main(['--user', USER.email, '--domain', server.url, '--project', PROJECT.id]);
  expect(code).toBe(0);
  expect(main.steps).toEqual([
    'getDomain',
    'beforeLogin:no token',
    'login',
    'afterLogin:ada',
    'logout',
    'logged out:true',
    'afterLogout',
  ]);
  expect(main.args).toMatchObject({ user: USER.email, project: PROJECT.id });
  expect(stdout()).toBe(`${DEVICE} North tank\nd--0000-0000-0000-0a1c South tank\n`);
});

it('a refused login stops before afterLogin (exit 1); a missing extra option is a usage error (exit 2)', async () => {
  const refused = testIo({ IOTILE_PASSWORD: 'wrong', IOTILE_DOMAIN: server.url });
  const main = new ListDevices({ io: refused.io });
  expect(await main.main(['-u', USER.email, '--project', PROJECT.id])).toBe(1);
  expect(main.steps).toEqual(['getDomain', 'beforeLogin:no token', 'login']);
  expect(refused.stderr()).toBe(
    `error: login to ${server.url} failed\nhint: check the e-mail and password\n`,
  );

  const usage = testIo({});
  expect(await new ListDevices({ io: usage.io }).main(['-u', USER.email])).toBe(2);
  expect(usage.stderr()).toBe("error: required option '--project <slug>' not specified\n");
});

it('without --user it uses IOTILE_TOKEN (or the iotile login session) and does not log out', async () => {
  const { Api } = await import('@iotile/client');
  const api = new Api({ domain: server.url });
  await api.login({ email: USER.email, password: USER.password });
  const { io, stdout } = testIo({ IOTILE_TOKEN: api.token as string, IOTILE_DOMAIN: server.url });
  const main = new ListDevices({ io });
  expect(await main.main(['--project', PROJECT.slug])).toBe(0);
  expect(main.steps.at(-2)).toBe('logged out:false');
  expect(stdout()).toContain(DEVICE);
  const nobody = testIo({ IOTILE_DOMAIN: server.url });
  expect(await new ListDevices({ io: nobody.io }).main(['--project', PROJECT.slug])).toBe(1);
  expect(nobody.stderr()).toContain(`error: not logged in to ${server.url}`);
});

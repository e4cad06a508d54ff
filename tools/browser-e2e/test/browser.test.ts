/**
 * client, gid and stream in a real browser: Debian's Chromium (headless, driven by playwright-core
 * through `executablePath`; `scripts/ensure-chromium.sh` installs it) loads a page from one origin
 * that talks to the mock cloud on another, so login, a typed GET, pagination, a StreamData download
 * and a CSV export to a web WritableStream all go through CORS (preflights with Authorization)
 * as they do against the real server. The page is a browser bundle of the built packages.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockIOTileCloud, type RunningServer } from '@iotile/mock-cloud';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundlePage, type PageBundle } from '../src/bundle.js';
import type { FailureOutcome, Outcome, Scenario } from '../src/page.js';

const CHROMIUM = process.env.IOTILE_CHROMIUM ?? '/usr/bin/chromium';
/** No network of its own (updates, sync, QUIC), no sandbox (root in CI), a fresh profile. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VALUES = Array.from({ length: 10 }, (_, i) => i * 1.5);

let cloud: MockIOTileCloud;
let mock: RunningServer;
let pageServer: Server;
let pageUrl: string;
let bundle: PageBundle;
let context: BrowserContext | undefined;
let profile: string;
const consoleErrors: string[] = [];
/** The chunks the page fetched, in order. */
const served: string[] = [];
let scenario: Scenario;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run tools/browser-e2e/scripts/ensure-chromium.sh (as root)`);
  }
  cloud = new MockIOTileCloud();
  cloud.quickAddUser('ada@example.com', 'lovelace');
  const project = cloud.quickAddProject('Tanks');
  cloud.quickAddDevice(project.id, 0xd2);
  cloud.quickAddDevice(project.id, 0xd3);
  scenario = {
    domain: '',
    email: 'ada@example.com',
    password: 'lovelace',
    projectSlug: project.slug,
    deviceId: 0xd2,
    variable: '5001',
  };
  const streamSlug = `s--${project.slug.slice(3)}--0000-0000-0000-00d2--5001`;
  cloud.addSyntheticStream(streamSlug, { count: VALUES.length, value: VALUES });
  mock = await cloud.start({ port: 0 });
  scenario.domain = mock.url;

  bundle = await bundlePage();
  pageServer = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<!doctype html><title>e2e</title><link rel="icon" href="data:,">' +
          '<script type="module" src="/page.js"></script>',
      );
    } else if (req.url !== undefined && bundle.files.has(req.url.slice(1))) {
      served.push(req.url.slice(1));
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundle.files.get(req.url.slice(1)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  // localhost vs 127.0.0.1: another origin than the mock's, so every call is cross-origin.
  pageUrl = `http://localhost:${(pageServer.address() as AddressInfo).port}/`;

  profile = mkdtempSync(join(tmpdir(), 'iotile-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) {
    rmSync(profile, { recursive: true, force: true });
  }
  pageServer?.closeAllConnections();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve(undefined)));
  await mock?.close();
});

it('the browser bundle holds no Node built-in and no undici', () => {
  expect(bundle.inputs.filter((path) => path.startsWith('node:') || path.includes('undici'))).toEqual([]);
  expect(bundle.inputs.some((path) => path.includes('platform/browser.js'))).toBe(true);
});

it('the client parts the page does not use before its first call are chunks of their own', () => {
  // Lists (and the request budget), the auth endpoints, uploads, redirect following, the generic
  // resources' calls, and the code of failures (typed errors of a failed request, retries, a body
  // that is not the JSON promised).
  for (const part of [
    'paginate',
    'auth-calls',
    'upload',
    'redirect-follow',
    'rest-calls',
    'request-failure',
    'retry-wait',
    'body',
  ]) {
    expect(bundle.lazy.some((name) => name.startsWith(`${part}-`))).toBe(true);
  }
});

it('runs client, gid and stream in Chromium against the mock cloud, across origins', async () => {
  if (!context) {
    throw new Error('Chromium did not start');
  }
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'runScenario' in globalThis);
  // Nothing lazy is fetched before it is used.
  expect(served.filter((name) => bundle.lazy.includes(name))).toEqual([]);
  expect(new URL(page.url()).origin).not.toBe(new URL(mock.url).origin);
  const before = cloud.requestCount;
  const outcome = (await page.evaluate(
    (input) => (globalThis as unknown as { runScenario(s: Scenario): Promise<Outcome> }).runScenario(input),
    scenario,
  )) as Outcome;

  expect(outcome.loggedIn).toBe(true);
  expect(outcome.username).toBeTruthy();
  expect(outcome.deviceLabel).toEqual(expect.any(String));
  expect(outcome.paginated).toEqual(['d--0000-0000-0000-00d2', 'd--0000-0000-0000-00d3']);
  expect(outcome.lastValues).toEqual(VALUES.slice(-3));
  expect(outcome.csvRows).toBe(VALUES.length);
  const lines = outcome.csv.trimEnd().split('\n');
  expect(lines[0]).toBe('timestamp,value');
  expect(lines.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(VALUES);
  expect(outcome.verifyFalse).toMatchObject({ name: 'UnsupportedPlatformError', feature: 'verify: false' });
  expect(outcome.pathUpload).toMatchObject({
    name: 'UnsupportedPlatformError',
    feature: 'upload from a file path',
  });
  // Authenticated cross-origin calls were preflighted (OPTIONS counts as a request of the mock).
  expect(cloud.requestCount - before).toBeGreaterThan(6);
  // The scenario's login, pagination and path upload fetched their chunks when first used.
  expect(served).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^auth-calls-.*\.js$/),
      expect.stringMatching(/^paginate-.*\.js$/),
      expect.stringMatching(/^upload-.*\.js$/),
    ]),
  );
  // Nothing failed: the code of failures was never fetched.
  expect(served.filter((name) => /^(?:request-failure|retry-wait)-/.test(name))).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await page.close();
});

it('loads the code of failures on the first one, and it works in Chromium', async () => {
  if (!context) {
    throw new Error('Chromium did not start');
  }
  // A port nothing listens on (taken, then freed).
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const unreachable = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));

  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'runFailures' in globalThis);
  const outcome = (await page.evaluate(
    ([input, domain]) =>
      (
        globalThis as unknown as {
          runFailures(s: Scenario, d: string): Promise<FailureOutcome>;
        }
      ).runFailures(input, domain),
    [scenario, unreachable] as const,
  )) as FailureOutcome;
  expect(outcome.notFound).toEqual({ name: 'HttpNotFoundError', status: 404 });
  expect(outcome.unreachable.name).toBe('ConnectionError');
  expect(outcome.unreachable.message).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/org\/ failed: /);
  expect(served).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^request-failure-.*\.js$/),
      expect.stringMatching(/^retry-wait-.*\.js$/),
    ]),
  );
  await page.close();
});

/**
 * The browser build of `#platform` (what a bundler picks with the `browser` or `default` condition):
 * the Node-only features throw `UnsupportedPlatformError` before any request. The same build runs in
 * real Chromium in `browser.test.ts`; here each error is checked in detail.
 */
import { expect, it, vi } from 'vitest';
import { UnsupportedPlatformError } from '../src/all-errors.js';
import { Api, InvalidInputError } from '../src/index.js';
import { json, stubFetch } from './helpers.js';

vi.mock('#platform', () => import('../src/platform/browser.js'));

it('new Api({ verify: false }) throws UnsupportedPlatformError', () => {
  const error = (() => {
    try {
      new Api({ verify: false });
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(UnsupportedPlatformError);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error).toMatchObject({ name: 'UnsupportedPlatformError', feature: 'verify: false' });
  expect((error as Error).message).toMatch(/^new Api\(\{ verify: false \}\) works in Node only/);
  // The default (verify) works.
  expect(new Api({ verify: true })).toBeInstanceOf(Api);
});

it('an upload from a file path throws UnsupportedPlatformError before any request', async () => {
  const { fetch, requests } = stubFetch(() => json({}));
  const api = new Api({ token: 't', fetch });
  const error = await api.rest.streamer.report.uploadFile('/tmp/report.bin').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnsupportedPlatformError);
  expect(error).toMatchObject({ feature: 'upload from a file path' });
  expect((error as Error).message).toContain('pass a File or Blob');
  expect(requests).toHaveLength(0);
  // A Blob uploads.
  await api.rest.streamer.report.uploadFile(new Blob(['x']), { filename: 'r.bin' });
  expect(requests).toHaveLength(1);
});

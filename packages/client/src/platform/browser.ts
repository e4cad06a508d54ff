/**
 * Browsers, workers and any runtime without the `node` condition (`browser` and `default` of
 * `#platform`): fetch takes no dispatcher and there is no filesystem, so both features are absent and
 * the callers throw `UnsupportedPlatformError` for them. Nothing here imports a Node built-in.
 */
import type { Platform } from './types.js';

export const platform: Platform = {
  name: 'browser',
  certificateErrorCodes: new Set(),
  insecureDispatcher: undefined,
  openFileAsBlob: undefined,
};

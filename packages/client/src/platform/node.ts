/**
 * Node (the `node` condition of `#platform`): the insecure TLS agent from undici and file paths
 * through `fs.openAsBlob`, both imported lazily, so code that never uses them never loads them.
 * This module imports nothing of the package itself (tests load it from `dist/` next to `src/`).
 */
import type { Platform } from './types.js';

export const platform: Platform = {
  name: 'node',
  createInsecureDispatcher: async () => {
    const { Agent } = await import('undici');
    return new Agent({ connect: { rejectUnauthorized: false } });
  },
  openFileAsBlob: async (path, type) => {
    const { openAsBlob } = await import('node:fs');
    return openAsBlob(path, { type });
  },
};

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Starting Chromium on a loaded 2-core machine can take a while; these limits only catch hangs.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

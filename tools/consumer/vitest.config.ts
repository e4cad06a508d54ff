import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing six packages and installing them takes a while on a loaded 2-core machine; these
    // limits only catch hangs. No test asserts on elapsed time.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});

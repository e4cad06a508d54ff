import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    // The examples start a mock cloud and child processes; these limits only catch hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

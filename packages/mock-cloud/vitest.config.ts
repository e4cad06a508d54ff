import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    // Tests start servers and child processes; CI runs two suites at once on two cores, so a slow
    // machine must not fail them. No test asserts on elapsed time; these limits only catch hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

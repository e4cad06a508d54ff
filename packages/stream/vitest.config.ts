import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    // Some tests are exhaustive (every cut of a body) and CPU-bound; CI runs two suites at once on two
    // cores. No test asserts on elapsed time; this limit only catches hangs.
    testTimeout: 60_000,
  },
});

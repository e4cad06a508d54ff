import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    coverage: coverage({ statements: 93, branches: 89, functions: 93, lines: 93 }),
    // Some tests are exhaustive (every cut of a body) and CPU-bound; CI runs two suites at once on two
    // cores. No test asserts on elapsed time; this limit only catches hangs.
    testTimeout: 60_000,
  },
});

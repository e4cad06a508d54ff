import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    coverage: coverage({ statements: 88, branches: 76, functions: 88, lines: 88 }),
    // Tests start servers and child processes; CI runs two suites at once on two cores, so a slow
    // machine must not fail them. No test asserts on elapsed time; these limits only catch hangs.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

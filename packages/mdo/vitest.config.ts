import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.shared.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    coverage: coverage({ statements: 96, branches: 93, functions: 98, lines: 96 }),
  },
});

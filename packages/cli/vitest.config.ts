import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    restoreMocks: true,
    // End-to-end tests start several node processes each: seconds when the machine is busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

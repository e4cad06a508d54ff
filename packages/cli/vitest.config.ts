import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/*.test-d.ts are compiled by `pnpm typecheck` (tsconfig.json includes test/), as in every
    // other package: checking them here again cost the suite ~9-28 s.
    restoreMocks: true,
    // End-to-end tests start several node processes each: seconds when the machine is busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.shared.js';

export default defineConfig({
  resolve: {
    // Tests run the sources: `#platform` (package.json imports, pointing into dist/) becomes the Node
    // source here; the browser build is tested in a real browser (test/browser.test.ts).
    alias: { '#platform': fileURLToPath(new URL('./src/platform/node.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
    coverage: coverage({ statements: 91, branches: 88, functions: 92, lines: 92 }, ['src/schema.ts']),
  },
});

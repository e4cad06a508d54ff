/** The vitest suite a package's `test/readme.test.ts` declares with one call. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { readmeExamples } from './examples.js';
import { runExample, runnable } from './runnable.js';
import { typeErrors } from './type-check.js';

export interface ReadmeSuiteOptions {
  /** The name the examples import (`'@iotile/gid'`). */
  packageName: string;
  /** The package folder (`new URL('../', import.meta.url)` from its `test/`), holding `README.md`. */
  packageDir: URL;
  /** The package's exports (`import * as gid from '../src/index.js'`), which the examples receive. */
  module: Record<string, unknown>;
  /** The README must have at least this many ```ts blocks. */
  minExamples: number;
}

/**
 * Keeps README.md honest: every ```ts block is type-checked against the sources and then run. In a block,
 * a line `console.log(<expr>); // <expected>` must print <expected>, a JavaScript value (an optional
 * trailing "(remark)" is ignored), and every such line must be reached.
 */
export function describeReadmeExamples({
  packageName,
  packageDir,
  module,
  minExamples,
}: ReadmeSuiteOptions): void {
  const examples = readmeExamples(readFileSync(new URL('README.md', packageDir), 'utf8'));

  describe('README examples', () => {
    it('has examples', () => {
      expect(examples.length).toBeGreaterThanOrEqual(minExamples);
    });

    // A whole TypeScript program is built here: seconds of CPU, many more when turbo runs every suite at once.
    it('type-check', () => {
      expect(typeErrors({ examples, packageName, packageDir })).toEqual([]);
    }, 120_000);

    it.each(examples)('$name', async ({ code }) => {
      const { body, checks, importedFrom } = runnable(code);
      for (const from of importedFrom) {
        expect(from).toBe(packageName);
      }
      expect(checks).toBeGreaterThan(0);
      let reached = 0;
      const check = (actual: unknown, expected: unknown, line: string) => {
        reached += 1;
        expect(actual, line).toEqual(expected);
      };
      await runExample(body, module, check);
      expect(reached, 'every console.log check line must run').toBe(checks);
    });
  });
}

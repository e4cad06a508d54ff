/**
 * For READMEs whose examples run in a package's own test file (against a server, with fixtures) rather
 * than through `describeReadmeExamples`: a check that every ```ts block is in that file, verbatim.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

import { readmeExamples } from './examples.js';

export type ReadmeBlocksOptions = {
  /** The README (`new URL('../README.md', import.meta.url)`). */
  readme: URL;
  /** The file that must hold every block (usually the test file itself: `import.meta.url`). */
  file: URL | string;
} & (
  | {
      /** The README has exactly this many ```ts blocks. */
      count: number;
    }
  | {
      /** The README has at least this many ```ts blocks. */
      atLeast: number;
    }
);

/**
 * Asserts (vitest `expect`) that every ```ts block of `readme` is in `file`, compared line by line with
 * indentation, blank lines and `import` lines left out (the file imports from the sources, and nests
 * the blocks in functions); and that the README has the number of blocks stated.
 */
export function expectReadmeBlocksIn(options: ReadmeBlocksOptions): void {
  const file = typeof options.file === 'string' ? new URL(options.file) : options.file;
  const here = codeLines(readFileSync(file, 'utf8'));
  const blocks = readmeExamples(readFileSync(options.readme, 'utf8'));
  if ('count' in options) {
    expect(blocks, `${options.readme.pathname}: ts blocks`).toHaveLength(options.count);
  } else {
    expect(blocks.length, `${options.readme.pathname}: ts blocks`).toBeGreaterThanOrEqual(options.atLeast);
  }
  for (const { name, code } of blocks) {
    expect(here, `README ${name} is not verbatim in ${file.pathname}`).toContain(codeLines(code));
  }
}

/** The non-empty lines of `code`, trimmed, without imports, joined again. */
function codeLines(code: string): string {
  return code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('import '))
    .join('\n');
}

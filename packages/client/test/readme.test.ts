/** The README's TypeScript examples are the ones `readme.test-d.ts` compiles. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** Non-empty lines, trimmed, without imports (the compiled file imports from the sources). */
const lines = (code: string) =>
  code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('import '));

it('every ts block of the README is compiled by readme.test-d.ts', () => {
  const compiled = lines(read('./readme.test-d.ts')).join('\n');
  const blocks = [...read('../README.md').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  for (const block of blocks) {
    expect(compiled).toContain(lines(block).join('\n'));
  }
});

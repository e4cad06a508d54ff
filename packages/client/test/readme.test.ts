/** The README's TypeScript examples (and the root README's) are the ones `readme.test-d.ts` compiles. */
import { expectReadmeBlocksIn } from '@iotile-internal/readme-examples';
import { it } from 'vitest';

it('every ts block of the README is compiled by readme.test-d.ts', () => {
  expectReadmeBlocksIn({
    readme: new URL('../README.md', import.meta.url),
    file: new URL('./readme.test-d.ts', import.meta.url),
    atLeast: 3,
  });
});

it("the root README's example is compiled by readme.test-d.ts", () => {
  expectReadmeBlocksIn({
    readme: new URL('../../../README.md', import.meta.url),
    file: new URL('./readme.test-d.ts', import.meta.url),
    count: 1,
  });
});

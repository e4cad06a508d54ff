import { describe, expect, it } from 'vitest';

import { readmeExamples } from '../src/index.js';

describe('readmeExamples', () => {
  it('takes the ```ts blocks only, named by their first line that is not blank or an import', () => {
    const markdown = [
      '# x',
      '```sh',
      'npm i x',
      '```',
      '```ts',
      "import { a } from 'x';",
      '',
      '  const b = a(1);',
      '```',
      '```typescript',
      'not this one',
      '```',
      '```ts',
      'a();',
      '```',
    ].join('\n');
    expect(readmeExamples(markdown)).toEqual([
      { name: 'example 1: const b = a(1);', code: "import { a } from 'x';\n\n  const b = a(1);\n" },
      { name: 'example 2: a();', code: 'a();\n' },
    ]);
  });

  it('finds nothing in a README without ts blocks', () => {
    expect(readmeExamples('# x\n\n```js\nx()\n```\n')).toEqual([]);
  });
});

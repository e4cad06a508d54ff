import { describe, expect, it } from 'vitest';

import { typeErrors } from '../src/index.js';

const packageDir = new URL('./fixtures/sample/', import.meta.url);

describe('typeErrors', () => {
  it('checks the examples against the sources, with the package tsconfig', () => {
    const errors = typeErrors({
      packageName: '@sample/pkg',
      packageDir,
      examples: [
        { name: 'ok', code: "import { double } from '@sample/pkg';\nconst four: number = double(2);\n" },
        {
          name: 'wrong',
          code: "import { double } from '@sample/pkg';\n\nconst text: string = double(2);\n",
        },
        { name: 'missing', code: "import { triple } from '@sample/pkg';\ntriple(1);\n" },
      ],
    });
    expect(errors).toEqual([
      "readme-example-2.ts:3: Type 'number' is not assignable to type 'string'.",
      expect.stringMatching(
        /^readme-example-3\.ts:1: Module '".*\/src\/index\.js"' has no exported member 'triple'\.$/,
      ),
    ]);
  }, 120_000);

  it('names a tsconfig it cannot read', () => {
    expect(() =>
      typeErrors({
        packageName: 'x',
        packageDir: new URL('./fixtures/none/', import.meta.url),
        examples: [],
      }),
    ).toThrow(/cannot read .*fixtures\/none\/tsconfig\.json/);
  });
});

import { describe, expect, it } from 'vitest';

import { expectedSource, runExample, runnable } from '../src/index.js';

describe('runnable', () => {
  it('turns check lines into __check calls and named imports into reads of __module', () => {
    const { body, checks, importedFrom } = runnable(
      [
        "import { double, type Pair } from '@sample/pkg';",
        "import { other } from 'elsewhere';",
        'const pair: Pair = [1, 2];',
        '  console.log(double(pair[0] as number)); // 2',
        'console.log(pair); // [1, 2] (a remark)',
        'console.log(pair) // 3 (no semicolon: not a check line)',
      ].join('\n'),
    );
    expect(checks).toBe(2);
    expect(importedFrom).toEqual(['@sample/pkg', 'elsewhere']);
    expect(body).toContain('const { double } = __module;');
    expect(body).toContain('const { other } = __module;');
    expect(body).toContain('__check(double(pair[0]), 2, "console.log(double(pair[0] as number)); // 2");');
    expect(body).toContain('__check(pair, [1, 2], "console.log(pair); // [1, 2] (a remark)");');
    expect(body).not.toContain('Pair');
    expect(body).toContain('console.log(pair); // 3 (no semicolon: not a check line)');
  });

  it('drops only a trailing lower-case remark in parentheses', () => {
    expect(expectedSource('4 (twice 2)')).toBe('4');
    expect(expectedSource("'a (b)'")).toBe("'a (b)'");
    expect(expectedSource('f(1)')).toBe('f(1)');
    expect(expectedSource('[1, 2]')).toBe('[1, 2]');
  });
});

describe('runExample', () => {
  it('runs the body with the module and reports every check with its line', async () => {
    const { body } = runnable(
      [
        "import { double } from '@sample/pkg';",
        'console.log(double(2)); // 4',
        'console.log(await Promise.resolve(double(3))); // 5',
      ].join('\n'),
    );
    const seen: unknown[][] = [];
    await runExample(body, { double: (v: number) => v * 2 }, (actual, expected, line) => {
      seen.push([actual, expected, line]);
    });
    expect(seen).toEqual([
      [4, 4, 'console.log(double(2)); // 4'],
      [6, 5, 'console.log(await Promise.resolve(double(3))); // 5'],
    ]);
  });

  it('rejects when the example throws', async () => {
    const { body } = runnable("import { fail } from '@sample/pkg';\nfail();");
    await expect(
      runExample(
        body,
        {
          fail: () => {
            throw new RangeError('bad');
          },
        },
        () => {},
      ),
    ).rejects.toThrow(RangeError);
  });
});

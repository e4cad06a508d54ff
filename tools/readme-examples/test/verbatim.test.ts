import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { expectReadmeBlocksIn } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'readme-verbatim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes `text` to a new file in the temporary folder. */
function file(text: string): URL {
  const path = join(dir, `file-${++files}.md`);
  writeFileSync(path, text);
  return pathToFileURL(path);
}

const readme = file(
  [
    '# pkg',
    '```sh',
    'npm i pkg',
    '```',
    '```ts',
    "import { run } from 'pkg';",
    '',
    'const a = run(1);',
    'console.log(a);',
    '```',
    '```ts',
    'if (ok) {',
    '  go();',
    '}',
    '```',
  ].join('\n'),
);

/** A test file holding both blocks, nested in functions, other imports, other blank lines. */
const holdingBoth = [
  "import { run } from '../src/index.js';",
  'function first() {',
  '  const a = run(1);',
  '',
  '  console.log(a);',
  '}',
  'function second() {',
  '    if (ok) {',
  '      go();',
  '    }',
  '}',
].join('\n');

describe('expectReadmeBlocksIn', () => {
  it('passes when every ts block is in the file (indentation, blank lines and imports aside)', () => {
    const holder = file(holdingBoth);
    expectReadmeBlocksIn({ readme, file: holder, count: 2 });
    expectReadmeBlocksIn({ readme, file: holder.href, atLeast: 1 });
  });

  it('fails when a block is missing from the file, naming it', () => {
    const holder = file(holdingBoth.replace('go();', 'stop();'));
    expect(() => expectReadmeBlocksIn({ readme, file: holder, count: 2 })).toThrow(
      /README example 2: if \(ok\) \{ is not verbatim in /,
    );
  });

  it('fails when a block is only partly in the file', () => {
    const holder = file(holdingBoth.replace('  console.log(a);\n', ''));
    expect(() => expectReadmeBlocksIn({ readme, file: holder, atLeast: 2 })).toThrow(/README example 1/);
  });

  it('fails when the README has another number of blocks than stated', () => {
    const holder = file(holdingBoth);
    expect(() => expectReadmeBlocksIn({ readme, file: holder, count: 3 })).toThrow(/ts blocks/);
    expect(() => expectReadmeBlocksIn({ readme, file: holder, atLeast: 3 })).toThrow(/ts blocks/);
  });
});

// Keeps README.md honest: every ```ts block is type-checked against the sources and then run.
// In a block, a line `console.log(<expr>); // <expected>` must print <expected>, a JavaScript value
// (an optional trailing "(remark)" is ignored), and every such line must be reached.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as gid from '../src/index.js';

const PACKAGE = '@iotile/gid';
const packageModule: Record<string, unknown> = gid;
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const tsconfigPath = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const indexPath = fileURLToPath(new URL('../src/index.js', import.meta.url));

const blocks = [...readFileSync(readmePath, 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(
  (match, index) => ({
    name: `example ${index + 1}: ${match[1]
      ?.split('\n')
      .find((line) => line.trim() !== '' && !line.startsWith('import'))
      ?.trim()}`,
    code: match[1] ?? '',
  }),
);

const CHECK_LINE = /^(\s*)console\.log\((.*)\); \/\/ (.*)$/;

/** `<expected> (remark)` -> `<expected>` */
function expectedSource(comment: string): string {
  return comment.replace(/\s+\([a-z][^)]*\)$/i, '');
}

/** Type-checks all blocks at once, each as its own module importing the package's sources. */
function typeErrors(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) {
    throw new Error('cannot read tsconfig.json');
  }
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const files = new Map(
    blocks.map((block, index) => [
      `${dir}readme-example-${index + 1}.ts`,
      block.code.replaceAll(`'${PACKAGE}'`, JSON.stringify(indexPath)),
    ]),
  );
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.fileExists = (file) => files.has(file) || fileExists(file);
  host.getSourceFile = (file, language) => {
    const text = host.readFile(file);
    return text === undefined ? undefined : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram([...files.keys()], { ...config.options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && files.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const where = diagnostic.file?.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      return `${diagnostic.file?.fileName.split('/').pop()}:${(where?.line ?? 0) + 1}: ${text}`;
    });
}

/** Turns a block into a function body: imports become reads of the module, checks become calls. */
function runnable(code: string): { body: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line) => {
    const match = CHECK_LINE.exec(line);
    if (!match) {
      return line;
    }
    checks += 1;
    return `${match[1]}__check(${match[2]}, ${expectedSource(match[3] ?? '')}, ${JSON.stringify(line.trim())});`;
  });
  const withoutImports = lines
    .join('\n')
    .replace(/import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g, (_all, names: string, from: string) => {
      expect(from).toBe(PACKAGE);
      const values = names
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '' && !name.startsWith('type '));
      return `const { ${values.join(', ')} } = __module;`;
    });
  const { outputText } = ts.transpileModule(withoutImports, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return { body: outputText, checks };
}

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(5);
  });

  // A whole TypeScript program is built here: seconds of CPU, many more when turbo runs every suite at once.
  it('type-check', () => {
    expect(typeErrors()).toEqual([]);
  }, 120_000);

  it.each(blocks)('$name', async ({ code }) => {
    const { body, checks } = runnable(code);
    expect(checks).toBeGreaterThan(0);
    let reached = 0;
    const check = (actual: unknown, expected: unknown, line: string) => {
      reached += 1;
      expect(actual, line).toEqual(expected);
    };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...parameters: string[]
    ) => (...args: unknown[]) => Promise<void>;
    await new AsyncFunction('__module', '__check', body)(packageModule, check);
    expect(reached, 'every console.log check line must run').toBe(checks);
  });
});

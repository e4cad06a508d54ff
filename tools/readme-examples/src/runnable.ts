/**
 * Turns an example into the body of an async function. A line `console.log(<expr>); // <expected>`
 * becomes `__check(<expr>, <expected>, "<line>")`, where `<expected>` is a JavaScript value and an
 * optional trailing "(remark)" is dropped; `import { a, type B } from '<package>';` becomes
 * `const { a } = __module;`. The result is plain JavaScript (types stripped).
 */
import ts from 'typescript';

export interface Runnable {
  body: string;
  /** How many check lines the example has. */
  checks: number;
  /** The module of every named import, in order (the caller expects only its own package). */
  importedFrom: string[];
}

const CHECK_LINE = /^(\s*)console\.log\((.*)\); \/\/ (.*)$/;
const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'([^']+)';/g;

/** `<expected> (remark)` -> `<expected>` */
export function expectedSource(comment: string): string {
  return comment.replace(/\s+\([a-z][^)]*\)$/i, '');
}

export function runnable(code: string): Runnable {
  let checks = 0;
  const importedFrom: string[] = [];
  const lines = code.split('\n').map((line) => {
    const match = CHECK_LINE.exec(line);
    if (!match) {
      return line;
    }
    checks += 1;
    return `${match[1]}__check(${match[2]}, ${expectedSource(match[3] ?? '')}, ${JSON.stringify(line.trim())});`;
  });
  const withoutImports = lines.join('\n').replace(NAMED_IMPORT, (_all, names: string, from: string) => {
    importedFrom.push(from);
    const values = names
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '' && !name.startsWith('type '));
    return `const { ${values.join(', ')} } = __module;`;
  });
  const { outputText } = ts.transpileModule(withoutImports, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return { body: outputText, checks, importedFrom };
}

/** Runs a `runnable` body with the package's exports as `__module` and `check` as `__check`. */
export async function runExample(
  body: string,
  module: Record<string, unknown>,
  check: (actual: unknown, expected: unknown, line: string) => void,
): Promise<void> {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
    ...parameters: string[]
  ) => (...args: unknown[]) => Promise<void>;
  await new AsyncFunction('__module', '__check', body)(module, check);
}

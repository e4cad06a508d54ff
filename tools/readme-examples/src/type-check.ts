/**
 * Type-checks every example at once, each as its own module next to the package's tests, with the
 * package's tsconfig; imports of the package name point at its sources instead of its `dist`.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import type { ReadmeExample } from './examples.js';

export interface TypeCheckOptions {
  examples: readonly ReadmeExample[];
  /** The name the examples import (`'@iotile/gid'`). */
  packageName: string;
  /** The package folder: `tsconfig.json`, `src/index.ts`, and `test/` where the examples are placed. */
  packageDir: URL;
}

/** `readme-example-<n>.ts:<line>: <message>` for every diagnostic inside an example. */
export function typeErrors({ examples, packageName, packageDir }: TypeCheckOptions): string[] {
  const tsconfigPath = fileURLToPath(new URL('tsconfig.json', packageDir));
  const indexPath = fileURLToPath(new URL('src/index.js', packageDir));
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) {
    throw new Error(`cannot read ${tsconfigPath}`);
  }
  const dir = fileURLToPath(new URL('test/', packageDir));
  const files = new Map(
    examples.map((example, index) => [
      `${dir}readme-example-${index + 1}.ts`,
      example.code.replaceAll(`'${packageName}'`, JSON.stringify(indexPath)),
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

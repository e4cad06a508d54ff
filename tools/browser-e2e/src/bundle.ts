/**
 * Bundles `page.ts` for the browser as an application would (esbuild, platform browser, ESM, code
 * splitting: the client's lazy parts, loaded with `import()`, become chunks the page fetches when
 * first used), and reports which files went in, so the test can prove no Node built-in or undici is
 * among them.
 */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PageBundle {
  /** The entry chunk, served as `/page.js`. */
  entry: string;
  /** Every chunk by file name (the entry's included), as the page imports them (`./chunk-X.js`). */
  files: Map<string, string>;
  /** Every input file and import path esbuild saw (for the "no Node code" check). */
  inputs: string[];
  /** The chunks only `import()` reaches (none of them is loaded before it is used). */
  lazy: string[];
}

export async function bundlePage(): Promise<PageBundle> {
  const result = await build({
    stdin: {
      contents:
        "import { run, runFailures } from './page.ts';\n" +
        'Object.assign(globalThis, { runScenario: run, runFailures });\n',
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
      sourcefile: 'page-entry.ts',
    },
    bundle: true,
    splitting: true,
    outdir: 'page-out',
    entryNames: 'page',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The packages as published: their own tsconfig.json (dev-only `paths`) must not steer resolution.
    tsconfigRaw: '{}',
  });
  const files = new Map(result.outputFiles.map((file) => [basename(file.path), file.text]));
  const entry = files.get('page.js');
  if (entry === undefined) {
    throw new Error('esbuild produced no entry chunk');
  }
  const outputs = result.metafile.outputs;
  const imported = new Set<string>();
  for (const output of Object.values(outputs)) {
    for (const { path, kind } of output.imports) {
      if (kind === 'import-statement') {
        imported.add(basename(path));
      }
    }
  }
  const lazy = Object.keys(outputs)
    .map((path) => basename(path))
    .filter((name) => name !== 'page.js' && !imported.has(name));
  const inputs = Object.entries(result.metafile.inputs).flatMap(([file, input]) => [
    file,
    ...input.imports.map((dependency) => dependency.path),
  ]);
  return { entry, files, inputs, lazy };
}

/**
 * Bundles `page.ts` for the browser as an application would (esbuild, platform browser, ESM), and
 * reports which files went in, so the test can prove no Node built-in or undici is among them.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PageBundle {
  code: string;
  /** Every input file and import path esbuild saw (for the "no Node code" check). */
  inputs: string[];
}

export async function bundlePage(): Promise<PageBundle> {
  const result = await build({
    stdin: {
      contents:
        "import { run } from './page.ts';\n(globalThis as { runScenario?: unknown }).runScenario = run;\n",
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The packages as published: their own tsconfig.json (dev-only `paths`) must not steer resolution.
    tsconfigRaw: '{}',
  });
  const output = result.outputFiles[0];
  if (!output) {
    throw new Error('esbuild produced no output');
  }
  const inputs = Object.entries(result.metafile.inputs).flatMap(([file, input]) => [
    file,
    ...input.imports.map((imported) => imported.path),
  ]);
  return { code: output.text, inputs };
}

// One bundling recipe for scripts/size.mjs and test/tree-shaking.test.ts, so that the size printed in
// the README and the size the test bounds are measured the same way: esbuild bundles an entry as an
// application would ship it (ESM, minified, tree-shaken, no platform shims).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** Bundles the entry source `contents`; returns the code and its minified and min+gzip sizes. */
export async function bundle(contents, { loader = 'js', ignoreAnnotations = false } = {}) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    ignoreAnnotations,
  });
  const output = result.outputFiles[0];
  if (!output) {
    throw new Error('esbuild produced no output');
  }
  return {
    code: output.text,
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
  };
}

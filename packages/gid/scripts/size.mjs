// Bundle size of @iotile/gid as an application would ship it: esbuild bundles an entry that
// imports from the built package (dist/), minified and tree-shaken, and this prints the minified
// and minified+gzipped sizes. Run `pnpm --filter @iotile/gid build` first, then
// `pnpm --filter @iotile/gid size` (add --json for machine-readable output).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
if (!existsSync(dist)) {
  process.stderr.write('dist/index.js is missing: run `pnpm --filter @iotile/gid build` first\n');
  process.exit(1);
}

/** What an application imports, as the entry's source. */
const entries = {
  'IOTileDeviceSlug only': `export { IOTileDeviceSlug } from ${JSON.stringify(dist)};`,
  'parseSlug only': `export { parseSlug } from ${JSON.stringify(dist)};`,
  'whole package': `export * from ${JSON.stringify(dist)};`,
};

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
}

const rows = [];
for (const [name, contents] of Object.entries(entries)) {
  rows.push({ name, ...(await measure(contents)) });
}

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  const width = Math.max(...rows.map((row) => row.name.length));
  process.stdout.write(`${'entry'.padEnd(width)}  minified  min+gzip\n`);
  for (const row of rows) {
    const minified = `${row.minified} B`.padStart(8);
    const gzipped = `${row.gzipped} B`.padStart(8);
    process.stdout.write(`${row.name.padEnd(width)}  ${minified}  ${gzipped}\n`);
  }
}

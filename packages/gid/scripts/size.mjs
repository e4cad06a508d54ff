// Bundle size of @iotile/gid as an application would ship it: esbuild bundles an entry that
// imports from the built package (dist/), minified and tree-shaken, and this prints the minified
// and minified+gzipped sizes. Run `pnpm --filter @iotile/gid build` first, then
// `pnpm --filter @iotile/gid size` (add --json for machine-readable output).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

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

const rows = [];
for (const [name, contents] of Object.entries(entries)) {
  const { minified, gzipped } = await bundle(contents);
  rows.push({ name, minified, gzipped });
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

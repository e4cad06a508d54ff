/**
 * The packages as a consumer gets them: every public package packed (`pnpm pack`, so `workspace:`
 * ranges become real ones), the tarballs installed into a scratch project outside the workspace, then
 * ESM import, `require()` (Node >= 20.19), `tsc --strict` under `nodenext`, `bundler` and
 * `exactOptionalPropertyTypes` (with and without skipLibCheck), the tarballs' contents, and browser and
 * Node bundles (esbuild) against size budgets. A budget exceeded fails the suite.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

interface PublicPackage {
  name: string;
  dir: string;
  tarball: string;
}

/** Bundle budgets, min+gzip bytes (see the root README's "Bundle sizes"). */
export const BUDGETS = {
  /**
   * `new Api()` and one typed GET for the browser, bundled with code splitting (as Vite, webpack and
   * Rollup do for `import()`): what loads before the first call, i.e. the entry chunk and every chunk
   * it imports statically, each gzipped as served. 16.4 kB when everything was in one file, 13.6 kB
   * with lists, the auth endpoints, uploads and redirect following lazy; 10.9 kB with the code of
   * failures (typed errors of a failed request, retries), the generic resources' calls and bodies
   * read by content type lazy too, and the first load one shared chunk; 10.4 kB with the wording of
   * HTTP errors lazy; 9.9 kB now that the error classes a success never meets are exported from
   * `@iotile/client/errors` (loaded on the first failure) instead of the package index, which
   * esbuild loads first with every file it reaches (root README, "Bundle sizes"). The issue 9 goal.
   */
  clientBrowser: 10_000,
  /** All chunks of that bundle, the lazy ones included (loaded on first use of what they hold). */
  clientBrowserAll: 22_800,
  /**
   * The same code as one file (no code splitting, e.g. esbuild without `--splitting`): the lazy parts
   * are in it, wrapped for their deferred evaluation.
   */
  clientBrowserOneFile: 19_200,
  /** The same for Node: undici (for `verify: false`) is most of it. */
  clientNode: 190_000,
  /** `new IOTileDeviceSlug(...)` alone. */
  gidDeviceSlug: 1_300,
  /** `StreamData` (with the client it needs, its request budget included), for the browser. */
  streamBrowser: 16_000,
} as const;

/**
 * Client modules that `new Api()` and a typed call that succeeds must not load: each is loaded on
 * first use (lists, the auth endpoints, uploads, redirect following, the generic resources' calls)
 * or on the first failure (its typed errors, the retries, a body that is not the JSON promised).
 */
const LAZY_CLIENT_MODULES =
  /@iotile\/client\/dist\/(?:paginate|internal\/budget|internal\/limiter|auth-calls|upload|redirect-follow|call-url|rest-calls|query|server-time|body|request-failure|retry-wait|all-errors)\.js$/;

/** pnpm as the test command runs it (npm_execpath), else the one on PATH. */
function pnpm(args: string[], cwd: string) {
  const execPath = process.env.npm_execpath;
  return execPath && /pnpm\.c?js$/.test(execPath)
    ? run(process.execPath, [execPath, ...args], { cwd })
    : run('pnpm', args, { cwd });
}

let packDir: string;
let scratch: string;
const packages: PublicPackage[] = [];
const measures: string[] = [];

beforeAll(async () => {
  packDir = mkdtempSync(join(tmpdir(), 'iotile-packs-'));
  scratch = mkdtempSync(join(tmpdir(), 'iotile-consumer-'));
  for (const entry of readdirSync(join(repo, 'packages'))) {
    const dir = join(repo, 'packages', entry);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (manifest.private) {
      continue;
    }
    const { stdout } = await pnpm(['pack', '--pack-destination', packDir], dir);
    const tarball = stdout.trim().split('\n').pop() ?? '';
    packages.push({ name: manifest.name, dir, tarball });
  }
  const files = Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`]));
  writeFileSync(
    join(scratch, 'package.json'),
    JSON.stringify({
      name: 'iotile-consumer',
      private: true,
      type: 'module',
      dependencies: files,
      devDependencies: { '@types/node': '^20.19.0' },
      // The packages' dependencies on each other come from these tarballs too, not the registry.
      pnpm: { overrides: files },
    }),
  );
  await pnpm(['install', '--prefer-offline', '--ignore-scripts', '--reporter=silent'], scratch);
  writeFileSync(
    join(scratch, 'consumer.ts'),
    readFileSync(new URL('./fixtures/consumer.ts', import.meta.url)),
  );
});

afterAll(() => {
  if (measures.length > 0) {
    process.stdout.write(`${measures.join('\n')}\n`);
  }
  for (const dir of [packDir, scratch]) {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

describe('tarballs', () => {
  it('hold dist/ only: no sources, no source maps, the schema once', async () => {
    for (const { name, tarball } of packages) {
      const { stdout } = await run('tar', ['tzf', tarball]);
      const files = stdout.trim().split('\n');
      expect(
        files.filter((file) => /^package\/src\/|\.map$|\.tsbuildinfo$/.test(file)),
        name,
      ).toEqual([]);
      expect(
        files.filter((file) => file.includes('schema.') && !file.endsWith('.js')).length,
        name,
      ).toBeLessThanOrEqual(1);
      expect(files, name).toContain('package/README.md');
    }
    expect(packages.map((p) => p.name).sort()).toEqual([
      '@iotile/cli',
      '@iotile/client',
      '@iotile/gid',
      '@iotile/mdo',
      '@iotile/mock-cloud',
      '@iotile/report',
      '@iotile/stream',
    ]);
  });

  it('mock-cloud: the client only as an optional peer (its types; no client runtime installed for it)', () => {
    const manifest = JSON.parse(
      readFileSync(join(scratch, 'node_modules', '@iotile/mock-cloud', 'package.json'), 'utf8'),
    );
    expect(manifest.dependencies).not.toHaveProperty('@iotile/client');
    expect(manifest.peerDependencies).toEqual({ '@iotile/client': expect.stringMatching(/^\^\d/) });
    expect(manifest.peerDependenciesMeta).toEqual({ '@iotile/client': { optional: true } });
  });

  it('name dependencies with ranges, never workspace: or exact pins', () => {
    for (const { name } of packages) {
      const manifest = JSON.parse(readFileSync(join(scratch, 'node_modules', name, 'package.json'), 'utf8'));
      for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {})) {
        expect(range, `${name} -> ${dep}`).toMatch(/^\^\d/);
      }
    }
  });
});

describe('Node', () => {
  it('imports every package (and @iotile/client/errors) as ESM and through require()', async () => {
    for (const name of [...packages.map((pkg) => pkg.name), '@iotile/client/errors']) {
      const esm = await run(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import('${name}'); console.log(Object.keys(m).length);`,
        ],
        { cwd: scratch },
      );
      expect(Number(esm.stdout), name).toBeGreaterThan(0);
      const cjs = await run(
        process.execPath,
        ['-e', `console.log(Object.keys(require('${name}')).length);`],
        { cwd: scratch },
      );
      expect(Number(cjs.stdout), name).toBe(Number(esm.stdout));
    }
  });
});

describe('tsc --strict', () => {
  // skipLibCheck false where it matters most (the packages' .d.ts checked too, under the strictest
  // settings); each run costs 5-30 s on a 2-core machine, so not every combination runs.
  const variants = [
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }, false],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }, true],
    [
      'exactOptionalPropertyTypes',
      { module: 'nodenext', moduleResolution: 'nodenext', exactOptionalPropertyTypes: true },
      false,
    ],
  ] as const;
  for (const [variant, options, skipLibCheck] of variants) {
    it(`${variant}, skipLibCheck ${skipLibCheck}`, async () => {
      const config = `tsconfig.${variant}.${skipLibCheck}.json`;
      writeFileSync(
        join(scratch, config),
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: 'es2022',
            lib: ['es2023', 'dom', 'dom.iterable'],
            types: ['node'],
            strict: true,
            noEmit: true,
            skipLibCheck,
          },
          files: ['consumer.ts'],
        }),
      );
      const started = performance.now();
      const result = await run(process.execPath, [tsc, '-p', config], { cwd: scratch }).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
      );
      measures.push(
        `tsc ${variant} skipLibCheck=${skipLibCheck}: ${Math.round(performance.now() - started)} ms`,
      );
      expect(result.stdout).toBe('');
    });
  }
});

describe('bundles (esbuild, minified, gzip level 9)', () => {
  async function bundle(contents: string, platform: 'browser' | 'node') {
    const result = await build({
      stdin: { contents, resolveDir: scratch, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform,
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (!output) {
      throw new Error('esbuild produced no output');
    }
    const inputs = Object.keys(result.metafile.inputs);
    return {
      minified: output.contents.byteLength,
      gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
      inputs,
    };
  }

  /**
   * With code splitting: `loaded` is the entry chunk and every chunk it imports statically (what
   * loads before the first call), `lazy` the chunks only `import()` reaches; each chunk is gzipped on
   * its own, as it is served.
   */
  async function splitBundle(contents: string) {
    const result = await build({
      stdin: { contents, resolveDir: scratch, loader: 'js' },
      absWorkingDir: scratch,
      outdir: 'split-out',
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = result.metafile.outputs;
    // The application's entry (each `import()` target is an entry point of its own chunk too).
    const entry = Object.keys(outputs).find((key) => outputs[key]?.entryPoint === '<stdin>');
    const loaded = new Set(entry === undefined ? [] : [entry]);
    for (const key of loaded) {
      for (const imported of outputs[key]?.imports ?? []) {
        if (imported.kind === 'import-statement') {
          loaded.add(imported.path);
        }
      }
    }
    const sizes = { loaded: 0, lazy: 0, chunks: [] as string[] };
    for (const file of result.outputFiles) {
      const key = relative(scratch, file.path);
      const gzipped = gzipSync(file.contents, { level: 9 }).byteLength;
      sizes[loaded.has(key) ? 'loaded' : 'lazy'] += gzipped;
      sizes.chunks.push(`${key} ${loaded.has(key) ? 'loaded' : 'lazy'} ${gzipped} B`);
    }
    const inputsOf = (keys: Iterable<string>) =>
      [...keys].flatMap((key) => Object.keys(outputs[key]?.inputs ?? {}));
    return {
      ...sizes,
      loadedInputs: inputsOf(loaded),
      allInputs: inputsOf(Object.keys(outputs)),
    };
  }

  it('client: new Api() + one GET: browser, code split, what loads first within its budget, lazy parts apart', async () => {
    const result = await splitBundle(
      "import { Api } from '@iotile/client'; export const go = () => new Api().GET('/org/');",
    );
    measures.push(
      `bundle client: new Api() + one GET browser, code split: ${result.loaded} B min+gzip loaded first, ` +
        `${result.lazy} B in lazy chunks, ${result.loaded + result.lazy} B in all (${result.chunks.join(', ')})`,
    );
    expect(result.allInputs.filter((input) => input.startsWith('node:') || input.includes('undici'))).toEqual(
      [],
    );
    // Lists, the auth endpoints, uploads, redirect following, the generic resources' calls and the
    // code of failures load on first use only...
    expect(result.loadedInputs.filter((input) => LAZY_CLIENT_MODULES.test(input))).toEqual([]);
    // ...and are in the bundle (as lazy chunks), every one of them.
    expect(result.allInputs.filter((input) => LAZY_CLIENT_MODULES.test(input))).toHaveLength(14);
    // What loads first is one chunk besides the entry (the lazy parts import the package index).
    expect(result.chunks.filter((chunk) => chunk.includes(' loaded '))).toHaveLength(2);
    expect(result.loaded).toBeLessThanOrEqual(BUDGETS.clientBrowser);
    expect(result.loaded + result.lazy).toBeLessThanOrEqual(BUDGETS.clientBrowserAll);
  });

  const cases = [
    {
      name: 'client: new Api() + one GET, one file',
      code: "import { Api } from '@iotile/client'; export const go = () => new Api().GET('/org/');",
      browser: BUDGETS.clientBrowserOneFile,
      node: BUDGETS.clientNode,
    },
    {
      name: 'gid: IOTileDeviceSlug',
      code: "import { IOTileDeviceSlug } from '@iotile/gid'; export const slug = (id) => new IOTileDeviceSlug(id).toString();",
      browser: BUDGETS.gidDeviceSlug,
      node: BUDGETS.gidDeviceSlug,
    },
    {
      name: 'stream: StreamData',
      code: "import { StreamData } from '@iotile/stream'; export const data = (slug, api) => new StreamData(slug, api);",
      browser: BUDGETS.streamBrowser,
      node: undefined,
    },
  ];
  for (const { name, code, browser, node } of cases) {
    it(`${name}: browser bundle within ${browser} B, no Node built-in`, async () => {
      const result = await bundle(code, 'browser');
      measures.push(`bundle ${name} browser: ${result.minified} B min, ${result.gzipped} B min+gzip`);
      expect(result.inputs.filter((input) => input.startsWith('node:') || input.includes('undici'))).toEqual(
        [],
      );
      expect(result.gzipped).toBeLessThanOrEqual(browser);
    });
    it(`${name}: node bundle${node ? ` within ${node} B` : ''}`, async () => {
      const result = await bundle(code, 'node');
      measures.push(`bundle ${name} node: ${result.minified} B min, ${result.gzipped} B min+gzip`);
      if (node !== undefined) {
        expect(result.gzipped).toBeLessThanOrEqual(node);
      }
    });
  }
});

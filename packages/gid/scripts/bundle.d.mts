/** Types of `bundle.mjs` for the TypeScript tests. */
export interface BundleOptions {
  /** How esbuild reads the entry: `js` (imports of `dist/`) or `ts` (imports of `src/`). Default `js`. */
  loader?: 'js' | 'ts';
  /** Ignore `sideEffects` and pure annotations, to prove tree shaking does not depend on them. */
  ignoreAnnotations?: boolean;
}

export interface Bundle {
  code: string;
  /** Bytes, minified. */
  minified: number;
  /** Bytes, minified and gzipped (level 9). */
  gzipped: number;
}

export function bundle(contents: string, options?: BundleOptions): Promise<Bundle>;

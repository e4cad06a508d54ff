/**
 * Settings every package's vitest config shares. Coverage is measured with V8 over `src/` when the
 * `test` script runs `vitest run --coverage`; each package states its thresholds (a little under what it
 * measures), so coverage that drops fails the tests.
 */

export interface CoverageThresholds {
  statements: number;
  branches: number;
  functions: number;
  lines: number;
}

export function coverage(thresholds: CoverageThresholds, exclude: string[] = []) {
  return {
    provider: 'v8' as const,
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.d.ts', ...exclude],
    reporter: ['text-summary'],
    thresholds,
  };
}

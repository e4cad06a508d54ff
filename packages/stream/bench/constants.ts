/** The benchmark user (created by `server.ts`, used by the clients). */
export const BENCH_EMAIL = 'bench@example.com';
export const BENCH_PASSWORD = 'bench';

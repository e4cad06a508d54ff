/**
 * What the demo data set costs: constructing `new MockIOTileCloud({ demo: true })` (the first one in a
 * fresh process, which also compiles the code, and the median of later ones), reading a year of one
 * stream through `/stream/{slug}/data/` in pages of 20,000 (in-process, no network), and `demoFixture()`,
 * which writes every reading out. Run with `pnpm --filter @iotile/mock-cloud bench`.
 */
import { performance } from 'node:perf_hooks';

import { DEMO_STREAMS, DEMO_USER, demoFixture, MockIOTileCloud } from '../src/index.js';

const REPEATS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const out = (line: string) => process.stdout.write(`${line}\n`);

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

const [cloud, first] = time(() => new MockIOTileCloud({ demo: true }));
const later: number[] = [];
for (let i = 0; i < REPEATS; i++) {
  later.push(time(() => new MockIOTileCloud({ demo: true }))[1]);
}

const server = await cloud.start({ port: 0 });
const login = await fetch(`${server.url}/api/v1/auth/login/`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
});
const { jwt } = (await login.json()) as { jwt: string };
const t0 = performance.now();
let next: string | null =
  `${server.url}/api/v1/stream/${DEMO_STREAMS.mainInflowVolume}/data/?page_size=20000`;
let points = 0;
while (next) {
  const page = (await (await fetch(next, { headers: { authorization: `jwt ${jwt}` } })).json()) as {
    next: string | null;
    results: unknown[];
  };
  points += page.results.length;
  next = page.next;
}
const year = performance.now() - t0;
await server.close();

const fixtureTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  fixtureTimes.push(time(() => demoFixture())[1]);
}

out(`Node ${process.version}`);
out(`new MockIOTileCloud({ demo: true }), first in the process: ${ms(first)}`);
out(`new MockIOTileCloud({ demo: true }), median of ${REPEATS} more: ${ms(median(later))}`);
out(`a year of one stream (${points} points) over HTTP on 127.0.0.1: ${ms(year)}`);
out(`demoFixture() (every reading written out), median of 3: ${ms(median(fixtureTimes))}`);

/**
 * The first failure of a report stops the other downloads: requests in flight are aborted and no new
 * one starts. Driven by an injected fetch with barriers (no timers).
 */

import { Api } from '@iotile/client';
import { HttpServerError } from '@iotile/client/errors';
import { expect, it } from 'vitest';
import { AccumulationReportGenerator } from '../src/index.js';

const DOMAIN = 'https://iotile.test';
const slugs = [1, 2, 3, 4, 5, 6].map((d) => `s--0000-0001--0000-0000-0000-000${d}--5001`);

it('computeSum stops the other downloads after the first failure', async () => {
  const inFlight = new Map<string, AbortSignal>();
  const aborted: string[] = [];
  const dataRequests: string[] = [];
  let othersStarted: () => void = () => undefined;
  const othersRunning = new Promise<void>((resolve) => {
    othersStarted = resolve;
  });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/stream/') {
      const results = slugs.map((slug, i) => ({
        slug,
        id: i + 1,
        output_unit: null,
        project: 'p--0000-0001',
      }));
      return Response.json({ count: results.length, next: null, previous: null, results });
    }
    const slug = url.pathname.split('/')[4] as string;
    dataRequests.push(slug);
    if (slug === slugs[0]) {
      // Fails once the three others (concurrency 4) are in flight.
      await othersRunning;
      return Response.json({ detail: 'boom' }, { status: 500 });
    }
    inFlight.set(slug, request.signal);
    if (inFlight.size === 3) {
      othersStarted();
    }
    // Hangs until aborted.
    return new Promise((_, reject) => {
      request.signal.addEventListener('abort', () => {
        aborted.push(slug);
        reject(request.signal.reason);
      });
    });
  };
  // A fixed budget of 4: the four streams' first pages are all sent.
  const api = new Api({ domain: DOMAIN, fetch, retries: 0, token: 't', concurrency: 4 });
  await expect(
    new AccumulationReportGenerator(api, { logger: {}, concurrency: 4, pageConcurrency: 1 }).computeSum(
      ['p--0001'],
      '2017-09-01T00:00:00Z',
      '2017-10-01T00:00:00Z',
    ),
  ).rejects.toBeInstanceOf(HttpServerError);
  expect(aborted.sort()).toEqual([...inFlight.keys()].sort());
  expect(aborted).toHaveLength(3);
  // Streams 5 and 6 never started.
  expect(dataRequests.sort()).toEqual(slugs.slice(0, 4).sort());
});

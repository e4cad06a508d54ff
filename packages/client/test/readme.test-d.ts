/**
 * The README's code, compiled (not run): if the API or the generated types change, this file and the
 * README must change together. `readme.test.ts` checks that both hold the same code.
 */
/* biome-ignore-all lint/suspicious/noConsole: README examples print */

import { it } from 'vitest';
import { HttpNotFoundError, httpErrorFromResponse } from '../src/all-errors.js';
import { Api } from '../src/index.js';

export async function quickStart(): Promise<void> {
  const api = new Api(); // https://iotile.cloud; new Api({ domain: 'https://my.server' }) for another one

  if (!(await api.login({ email: 'user1@example.com', password: process.env.IOTILE_PASSWORD ?? '' }))) {
    throw new Error('wrong email or password');
  }
  console.log(`logged in as ${api.username}`);

  // Typed call, openapi-fetch style: nothing is thrown for HTTP errors.
  const slug = 's--0000-0077--0000-0000-0000-00d2--5001';
  const { data, error, response } = await api.GET('/stream/{slug}/data/', {
    params: { path: { slug }, query: { lastn: 10 } },
  });
  if (data) {
    for (const point of data.results) {
      console.log(point.timestamp, point.output_value);
    }
  } else {
    console.error(response.status, error);
  }

  // Same typing, throwing style: resolves the body, throws HttpClientError / HttpServerError / ...
  try {
    const device = await api.get('/device/{slug}/', { params: { path: { slug: 'd--0000-0000-0000-00d2' } } });
    console.log(device.label, device.project);
  } catch (e) {
    if (e instanceof HttpNotFoundError) {
      console.error(e.message); // "404 Not Found GET https://iotile.cloud/api/v1/device/d--0000-0000-0000-00d2/: Not found."
    } else {
      throw e;
    }
  }

  // Generic resources, as in Python: any path below /api/v1/, trailing slash added.
  const orgs = await api.rest.org.get<{ count: number }>();
  const projects = await api.rest.org('arch-internal').projects.get({ page_size: 100 });
  console.log(orgs.count, projects);
  await api.rest.org('arch-internal').patch({ about: 'Updated from TypeScript' });

  // Every item of a paginated list, in order; `break` stops fetching.
  for await (const device of api.paginate('/device/', { params: { query: { project: 'p--0000-0077' } } })) {
    console.log(device.slug, device.label);
  }

  // A streamer report (multipart part `file`, `?timestamp=` as the server requires).
  await api.rest.streamer.report.uploadFile('./report.bin', { query: { timestamp: new Date() } });

  await api.logout();
}

export async function pagination(api: Api, slug: string, signal: AbortSignal): Promise<void> {
  for await (const point of api.paginate(
    '/stream/{slug}/data/',
    { params: { path: { slug }, query: { page_size: 20_000, start: '2024-01-01T00:00:00Z' } }, signal },
    { concurrency: 'auto' },
  )) {
    console.log(point.timestamp, point.value); // one StreamDataPoint at a time, in order
  }

  for await (const page of api.paginatePages('/data/', { params: { query: { filter: slug } } })) {
    console.log(`page ${page.page}: ${page.items.length} of ${page.count}`, page.next);
  }
}

export async function genericBodies(api: Api): Promise<void> {
  const filter = 's--0000-0077--0000-0000-0000-00d2--5001';
  const rows = await api.rest.df.get({ filter }); // JSON rows: [{ row, value, stream_slug }, ...]
  const csv = await api.rest.df.get({ filter }, { parseAs: 'text' }); // 'row,value,stream_slug\n...' or undefined
  const sameCsv = await api.rest.df.get({ filter, format: 'csv' }); // a string, by its text/csv type
  const body = await api.rest.df.get({ filter, format: 'csv' }, { parseAs: 'stream' }); // read it yourself
  console.log(rows, csv?.length, sameCsv, await new Response(body).text());
}

export function options(): Api {
  const api = new Api({
    domain: 'https://iotile.cloud',
    timeoutMs: 30_000, // per attempt, default 30 s (0 disables)
    retries: 2, // extra attempts, default 2
    retryNonIdempotent: false, // POST/PATCH are only retried when asked
    backoff: { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 },
    verify: true, // false: trust any certificate, for this Api only (Node)
    maxResponseBytes: 64 * 1024 * 1024, // decoded bytes of a body read by the client (Infinity: none)
    logLevel: 'info', // retries (info) and requests (debug) to `logger` (console); env IOTILE_LOG
    onRetry: (event) => console.error(`retry ${event.retry}/${event.retries} of ${event.url}`),
    concurrency: 'auto', // requests open at once per server for paginated downloads (or a number)
  });
  return api;
}

export function budgets(): Api[] {
  const adaptive = new Api({ domain: 'https://iotile.cloud', maxConcurrency: 8, logLevel: 'info' });
  const oneAtATime = new Api({ domain: 'https://iotile.cloud', concurrency: 1 });
  return [adaptive, oneAtATime];
}

export async function errorFromResult(): Promise<void> {
  const api = new Api({ token: process.env.IOTILE_TOKEN });
  const { data, error, response } = await api.GET('/org/');
  if (data === undefined) {
    throw httpErrorFromResponse({ method: 'GET', response, body: error });
  }
  console.log(`${data.count} organizations`);
}

/** The example of the repository's root README.md (`readme.test.ts` checks it is the same code). */
export async function rootReadme(): Promise<void> {
  const api = new Api(); // https://iotile.cloud
  if (!(await api.login({ email: 'me@example.com', password: process.env.IOTILE_PASSWORD ?? '' }))) {
    throw new Error('login failed');
  }

  // Fully typed by the spec: path, path params, query params and the result.
  const { data, response } = await api.GET('/stream/{slug}/data/', {
    params: { path: { slug: 's--0000-0077--0000-0000-0000-00d2--5001' }, query: { lastn: 10 } },
  });
  if (!data) {
    throw new Error(`HTTP ${response.status}`);
  }
  for (const point of data.results) {
    console.log(point.timestamp, point.value);
  }

  // Or the throwing style: the same typing, and HttpClientError / HttpServerError / ... on failure.
  const device = await api.get('/device/{slug}/', { params: { path: { slug: 'd--0000-0000-0000-00d2' } } });
  console.log(device.label);

  // Every item of every page, fetched lazily, with bounded concurrency.
  for await (const device of api.paginate('/device/', { params: { query: { page_size: 1000 } } })) {
    console.log(device.slug, device.label);
  }
}

it('compiles', () => undefined);

/**
 * Iterating DRF page-number lists (`{count, next, previous, results}`).
 *
 * Sequential (default): one request at a time, following the server's `next` link, fetched only when
 * the consumer asks for more. With `concurrency: K` (2..8), page 1's `count` and size give the page
 * count and pages 2..N are requested by number, at most K ahead of the consumer (in flight or
 * waiting), and still yielded in order; if the last computed page still has a `next` (rows were
 * added meanwhile), the rest is followed sequentially. Breaking out of the loop, an error, or the
 * caller's signal aborts whatever is still in flight.
 */

import type { ApiCore, CallInit } from './core.js';
import { InvalidInputError, InvalidResponseError } from './errors.js';
import { redactUrl } from './internal/redact.js';

export const MAX_PAGE_CONCURRENCY = 8;

export interface PaginateOptions {
  /** Pages requested ahead of the consumer (1 = sequential, the default; at most 8). */
  concurrency?: number;
}

/** One page of a DRF list. */
export interface Page<Item> {
  /** The page's `results`. */
  items: Item[];
  /** The list's total number of items (`count`), as reported by this page. */
  count: number;
  /** The 1-based page number. */
  page: number;
  /** The server's `next` link, or `null` on the last page. */
  next: string | null;
  previous: string | null;
  response: Response;
}

export async function* paginatePages<Item>(
  core: ApiCore,
  path: string,
  init: CallInit = {},
  options: PaginateOptions = {},
): AsyncGenerator<Page<Item>, void, undefined> {
  const concurrency = checkConcurrency(options.concurrency);
  const stop = new AbortController();
  const signal = init.signal ? AbortSignal.any([init.signal, stop.signal]) : stop.signal;
  const firstPage = pageNumber(init.params?.query?.page) ?? 1;
  const fetchNumbered = (page: number) => {
    const query = page === firstPage ? init.params?.query : { ...init.params?.query, page };
    return fetchPage<Item>(core, page, () =>
      core.call('GET', path, { ...init, signal, params: { ...init.params, query } }),
    );
  };
  const fetchLink = (link: string, page: number) => {
    // Headers the caller set are for the API; a link to another origin gets none of them.
    const sameOrigin = new URL(link).origin === new URL(core.baseUrl).origin;
    const { params: _params, headers, ...rest } = init;
    return fetchPage<Item>(core, page, () =>
      core.callUrl('GET', link, { ...rest, ...(sameOrigin ? { headers } : {}), signal }),
    );
  };
  try {
    let page = await fetchNumbered(firstPage);
    if (concurrency > 1 && page.next !== null && page.items.length > 0) {
      const lastPage = Math.ceil(page.count / page.items.length);
      const ahead = new Map<number, Promise<Page<Item>>>();
      let toLaunch = firstPage + 1;
      const refill = () => {
        while (toLaunch <= lastPage && ahead.size < concurrency) {
          const pending = fetchNumbered(toLaunch);
          pending.catch(() => undefined); // observed when its turn comes; avoids unhandled rejections
          ahead.set(toLaunch++, pending);
        }
      };
      refill();
      yield page;
      for (let number = firstPage + 1; number <= lastPage; number++) {
        const pending = ahead.get(number) ?? fetchNumbered(number);
        ahead.delete(number);
        page = await pending;
        refill();
        yield page;
      }
    } else {
      yield page;
    }
    while (page.next !== null) {
      page = await fetchLink(
        page.next,
        pageNumber(new URL(page.next).searchParams.get('page')) ?? page.page + 1,
      );
      yield page;
    }
  } finally {
    stop.abort();
  }
}

/** The items of every page, in order. */
export async function* paginateItems<Item>(
  core: ApiCore,
  path: string,
  init?: CallInit,
  options?: PaginateOptions,
): AsyncGenerator<Item, void, undefined> {
  for await (const page of paginatePages<Item>(core, path, init, options)) {
    yield* page.items;
  }
}

async function fetchPage<Item>(
  core: ApiCore,
  page: number,
  send: () => ReturnType<ApiCore['call']>,
): Promise<Page<Item>> {
  const { data, response } = await core.checkOk('GET', await send());
  const envelope = data as { count?: unknown; next?: unknown; previous?: unknown; results?: unknown } | null;
  if (
    envelope === null ||
    typeof envelope !== 'object' ||
    !Array.isArray(envelope.results) ||
    typeof envelope.count !== 'number'
  ) {
    throw new InvalidResponseError(
      `GET ${redactUrl(response.url)} did not answer a paginated list ({count, results})`,
      {
        method: 'GET',
        response,
      },
    );
  }
  return {
    items: envelope.results as Item[],
    count: envelope.count,
    page,
    next: typeof envelope.next === 'string' && envelope.next !== '' ? envelope.next : null,
    previous: typeof envelope.previous === 'string' && envelope.previous !== '' ? envelope.previous : null,
    response,
  };
}

function checkConcurrency(value: unknown): number {
  if (value === undefined) {
    return 1;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_CONCURRENCY) {
    throw new InvalidInputError(
      `paginate(): concurrency must be an integer from 1 to ${MAX_PAGE_CONCURRENCY}, got ${String(value)}`,
    );
  }
  return value;
}

function pageNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * Iterating DRF page-number lists (`{count, next, previous, results}`).
 *
 * Sequential (default): one request at a time, following the server's `next` link, fetched only when
 * the consumer asks for more. With `concurrency: K` (2..8) or `'auto'`, page 1's `count` and size give
 * the page count and pages 2..N are requested by number, at most K (`'auto'`: 8) ahead of the
 * consumer (in flight or waiting), and still yielded in order; if the last computed page still has a
 * `next` (rows were added meanwhile), the rest is followed sequentially. Breaking out of the loop, an
 * error, or the caller's signal aborts whatever is still in flight.
 *
 * The `Api` loads this module (and the request budget) when the first page is asked for.
 *
 * Every request takes a permit of the `Api`'s request budget for its origin (shared with every other
 * download of the `Api`) and gives it back once its page is read: the page the consumer waits for
 * first, pages ahead when permits are left.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { InvalidResponseError, PaginationError, RequestAbortedError } from './all-errors.js';
import { callUrl } from './call-url.js';
import type { ApiCore, CallInit } from './core.js';
import { invalidInput } from './errors.js';
import { type Priority, type RequestBudgets, requestBudgetsOf, type Ticket } from './internal/budget.js';
import { readConcurrency } from './internal/checks.js';
import { redactUrl } from './internal/redact.js';

export { MAX_PAGE_CONCURRENCY } from './internal/limits.js';

import { MAX_PAGE_CONCURRENCY } from './internal/limits.js';

export interface PaginateOptions {
  /**
   * Pages requested ahead of the consumer: 1 = sequential (the default); 2..8 at most that many;
   * `'auto'` as many as the `Api`'s request budget gives (at most 8). Whatever the value, the requests
   * of all downloads of an `Api` to one server stay within its budget (`new Api({ concurrency })`).
   */
  concurrency?: 'auto' | number;
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
  // The Api's budgets, made on first use (registered for its core, see budget-registry.ts).
  const budgets = requestBudgetsOf(core) as RequestBudgets;
  const budget = budgets.for(core.baseUrl);
  const numbered = (page: number, priority: Priority): Pending<Item> => {
    const query = page === firstPage ? init.params?.query : { ...init.params?.query, page };
    const ticket = budget.acquire(signal, priority);
    const promise = withPermit(ticket, `${core.baseUrl}${path}`, signal, () =>
      fetchPage<Item>(core, page, () =>
        core.call('GET', path, { ...init, signal, params: { ...init.params, query } }),
      ),
    );
    return { promise, promote: ticket.promote };
  };
  const fetchNumbered = (page: number) => numbered(page, 'high').promise;
  const fetchLink = (link: string, page: number) => {
    // Headers the caller set are for the API; a link to another origin gets none of them.
    const sameOrigin = new URL(link).origin === new URL(core.baseUrl).origin;
    const { params: _params, headers, ...rest } = init;
    return withPermit(budgets.for(link).acquire(signal, 'high'), link, signal, () =>
      fetchPage<Item>(core, page, () =>
        callUrl(core, 'GET', link, { ...rest, ...(sameOrigin ? { headers } : {}), signal }),
      ),
    );
  };
  try {
    let page = await fetchNumbered(firstPage);
    const guard = new PageGuard(page);
    if (!guard.goOn(page)) {
      yield page;
      return;
    }
    if (concurrency > 1) {
      // Pages by number, up to the last one page 1's count and size imply.
      const lastPage = firstPage + Math.ceil(guard.remaining(page) / page.items.length);
      const ahead = new Map<number, Pending<Item>>();
      let toLaunch = firstPage + 1;
      const refill = () => {
        while (toLaunch <= lastPage && ahead.size < concurrency) {
          const pending = numbered(toLaunch, 'low');
          pending.promise.catch(() => undefined); // observed when its turn comes; avoids unhandled rejections
          ahead.set(toLaunch++, pending);
        }
      };
      refill();
      yield page;
      for (let number = firstPage + 1; number <= lastPage; number++) {
        const pending = ahead.get(number) ?? numbered(number, 'high');
        ahead.delete(number);
        pending.promote();
        page = await pending.promise;
        refill();
        guard.add(page);
        yield page;
        if (!guard.goOn(page)) {
          return;
        }
      }
    } else {
      yield page;
    }
    while (page.next !== null) {
      page = await fetchLink(
        page.next,
        pageNumber(new URL(page.next).searchParams.get('page')) ?? page.page + 1,
      );
      guard.add(page);
      yield page;
      if (!guard.goOn(page)) {
        return;
      }
    }
  } finally {
    stop.abort();
  }
}

/**
 * What keeps a list from going on without end against a server that contradicts itself: it stops
 * at the last page, at an empty page, or once `count` items have come (whatever `next` says), and
 * throws `PaginationError` for a `next` link to a page already fetched (a loop) or an empty page
 * before `count` items have come.
 */
class PageGuard {
  /** Items of the list before the current page and on it (pages before the first one included). */
  #items: number;
  /** Every page fetched, by URL: a `next` to one of them is a loop. */
  readonly #fetched = new Set<string>();

  constructor(first: Page<unknown>) {
    this.#items = (first.page - 1) * first.items.length;
    this.add(first);
  }

  add(page: Page<unknown>): void {
    this.#items += page.items.length;
    this.#fetched.add(normalizeLink(page.response.url));
  }

  /** Items still to come after `page` by its `count`. */
  remaining(page: Page<unknown>): number {
    return Math.max(0, page.count - this.#items);
  }

  /** Whether to go on after `page` (throws when the server contradicts itself). */
  goOn(page: Page<unknown>): boolean {
    if (page.items.length === 0) {
      if (this.#items < page.count) {
        throw new PaginationError(
          `GET ${redactUrl(page.response.url)}: page ${page.page} is empty, but count is ${page.count} and ` +
            `${this.#items} items came so far; iteration stopped`,
          { url: page.response.url, response: page.response },
        );
      }
      return false;
    }
    if (page.next === null || this.#items >= page.count) {
      return false;
    }
    if (this.#fetched.has(normalizeLink(page.next))) {
      throw new PaginationError(
        `GET ${redactUrl(page.response.url)}: the next link of page ${page.page} leads to a page already ` +
          `fetched (${redactUrl(page.next)}); iteration stopped`,
        { url: page.response.url, response: page.response },
      );
    }
    return true;
  }
}

function normalizeLink(link: string): string {
  try {
    return new URL(link).href;
  } catch {
    return link;
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
  const setting = readConcurrency(invalidInput, 'concurrency', value, MAX_PAGE_CONCURRENCY);
  return setting === 'auto' ? MAX_PAGE_CONCURRENCY : (setting ?? 1);
}

/** A page requested (or waiting for a permit), and how to move it to the front of the budget's queue. */
interface Pending<Item> {
  promise: Promise<Page<Item>>;
  promote(): void;
}

/**
 * Runs `fetch` once `ticket` has its permit, and gives the permit back when the page was read (its
 * items counted in the budget's throughput) or failed. A wait aborted by `signal` is the
 * `RequestAbortedError` the request itself would have thrown.
 */
async function withPermit<Item>(
  ticket: Ticket,
  url: string,
  signal: AbortSignal,
  fetch: () => Promise<Page<Item>>,
): Promise<Page<Item>> {
  let permit: Awaited<Ticket['permit']>;
  try {
    permit = await ticket.permit;
  } catch (error) {
    throw new RequestAbortedError(`GET ${redactUrl(url)} was aborted by the caller`, {
      method: 'GET',
      url,
      cause: signal.reason ?? error,
    });
  }
  try {
    const page = await fetch();
    permit.release({ weight: page.items.length });
    return page;
  } catch (error) {
    permit.release({ completed: false });
    throw error;
  }
}

function pageNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/**
 * The download loop shared by `StreamData` and `RawData`, on top of the client's page iterator
 * (`api.paginatePages`): page 1 gives `count`, later pages are requested by number with bounded
 * concurrency and yielded in server order, and breaking out or aborting cancels what is in flight.
 *
 * Why no point is yielded twice or skipped:
 * - a page is addressed by its number, so a retried page (by the `Api`'s retries, or here when a body
 *   is cut after the response started) is the same slice of the same ordered set;
 * - the set itself is kept still: without an `end` one is pinned to "now" (see `pinEnd`), and every
 *   page's `count` is compared with the first page's; a difference means points were inserted or
 *   removed inside the window, which may shift page boundaries, and stops the download with
 *   `StreamDataChangedError` instead of silently yielding a duplicate or missing a point.
 */

import { ConnectionError, type Page } from '@iotile/client';
import { StreamDataChangedError } from './errors.js';

/** Opens the client's page iterator at page `firstPage` (1-based). */
export type OpenPages<Point> = (firstPage: number) => AsyncGenerator<Page<Point>, void, undefined>;

export interface PageLoopSettings {
  /** Extra re-requests of a page after a `ConnectionError` (a body cut mid-transfer). */
  pageRetries: number;
  /** Compare `count` across pages (only meaningful when the window has an `end`). */
  checkCount: boolean;
  signal: AbortSignal | undefined;
}

export async function* downloadPages<Point>(
  open: OpenPages<Point>,
  settings: PageLoopSettings,
): AsyncGenerator<Page<Point>, void, undefined> {
  let nextPage = 1;
  let expectedCount: number | undefined;
  let retriesLeft = settings.pageRetries;
  for (;;) {
    try {
      for await (const page of open(nextPage)) {
        if (expectedCount === undefined) {
          expectedCount = page.count;
        } else if (settings.checkCount && page.count !== expectedCount) {
          throw new StreamDataChangedError({
            url: page.response.url,
            expectedCount,
            actualCount: page.count,
            page: page.page,
          });
        }
        nextPage = page.page + 1;
        retriesLeft = settings.pageRetries;
        yield page;
      }
      return;
    } catch (error) {
      // Pages before `nextPage` were all yielded, so resuming there neither repeats nor skips one.
      if (retriesLeft > 0 && error instanceof ConnectionError && settings.signal?.aborted !== true) {
        retriesLeft--;
        continue;
      }
      throw error;
    }
  }
}

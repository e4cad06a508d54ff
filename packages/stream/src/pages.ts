/**
 * The download loop of `StreamData` and `RawData`: the points of every page, in server order, a chunk
 * of the response at a time.
 *
 * - Page 1's envelope (read before its first point) gives `count`; pages 2..N are then requested by
 *   number, at most `concurrency` requests open at once (the page being read and the ones ahead of
 *   it). A response fetched ahead is left unread until its turn: the transport's flow control keeps
 *   its body in the socket buffers, so memory does not grow with the pages waiting.
 * - Every request holds a permit of the `Api`'s request budget for the server (shared with the other
 *   downloads of the `Api`) from before it is sent until its page was read whole or dropped: the page
 *   being read asks with priority, pages ahead take what is left. A page re-requested after a body
 *   failure keeps its permit, so the page being read never waits behind the pages ahead of it.
 * - The page being read is read at network speed into a queue of raw chunks and parsed as the
 *   consumer asks (`PageParser`), so points are created a few hundred at a time and die young.
 * - Breaking out, an error, or the caller's signal aborts every request still open.
 *
 * Why no point is yielded twice or skipped:
 * - a page is addressed by its number, so a page requested again is the same slice of the same
 *   ordered set: when a body fails midway (connection cut, deadline), the page is requested again and
 *   the points already yielded from it are skipped (`pageRetries` times; a response fetched ahead
 *   that timed out, which it may do while it waits unread for a slow consumer, gets one more);
 * - the set itself is kept still: without an `end` one is pinned to "now" (see `pinEnd`), and every
 *   page's `count` is compared with the first page's before any of its points is yielded; a
 *   difference means points were inserted or removed inside the window, which may shift page
 *   boundaries, and stops the download with `StreamDataChangedError`;
 * - with a closed window every page must hold exactly the points its number and the page size imply.
 */

import type { IOTileCloudError } from '@iotile/client';
import {
  ConnectionError,
  InvalidResponseError,
  PaginationError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseTooLargeError,
} from '@iotile/client/errors';
import { type Permit, type RequestBudget, secretsOf, type Ticket } from '@iotile/client/internal';
import { BodySource, redactedUrl } from './body-source.js';
import { StreamDataChangedError } from './errors.js';
import { PageBodyError, type PageEnvelope, type PageLimits, PageParser } from './page-parser.js';

/**
 * Sends the request for page `page` (1-based) with `signal`; resolves the 2xx response with its body
 * unread, throws the client's errors otherwise (after the `Api`'s own retries).
 */
export type RequestPage = (page: number, signal: AbortSignal) => Promise<Response>;

export interface DownloadSettings {
  /** Requests open at once at most (1 = one page at a time), within the budget. */
  concurrency: number;
  /** The `Api`'s request budget for the server, if the `Api` has one (a real one does). */
  budget: RequestBudget | undefined;
  /** The endpoint's URL, for the error of a request aborted while it waited for a permit. */
  url: string;
  /** Re-requests of a page whose body failed midway. */
  pageRetries: number;
  /** Compare `count` and page lengths across pages (only meaningful when the window has an `end`). */
  checkCount: boolean;
  signal: AbortSignal | undefined;
  /** The `page_size` sent. */
  pageSize: number;
  /** The most bytes of one page, and of one row (what the parser holds unparsed). */
  limits: PageLimits;
}

interface Launched {
  response: Promise<Response>;
  abort: AbortController;
  /** Requested before its turn (it may have waited unread). */
  ahead: boolean;
  /** Its request for a permit of the budget (none without a budget). */
  ticket: Ticket | undefined;
  /** The permit, once granted. */
  permit: Permit | undefined;
}

/**
 * The points of every page, in server order: in batches (the points of a chunk of a response each),
 * or with `wholePages` a page at a time (every page, also an empty one).
 */
export async function* downloadPoints<Point>(
  request: RequestPage,
  settings: DownloadSettings,
  wholePages = false,
): AsyncGenerator<Point[], void, undefined> {
  const download = new Download<Point>(request, settings);
  // The last point of the previous page, as JSON: the next page must not start with it.
  let previousLast: string | undefined;
  try {
    for (let page: number | undefined = 1; page !== undefined; page = download.after(page)) {
      const reader = download.open(page);
      const batches: Point[][] | undefined = wholePages ? [] : undefined;
      let first = true;
      let last: Point | undefined;
      for (let batch = await reader.next(); batch !== undefined; batch = await reader.next()) {
        if (batch.length === 0) {
          continue;
        }
        if (first) {
          first = false;
          if (previousLast !== undefined && JSON.stringify(batch[0]) === previousLast) {
            // A point inserted before this page's start (a backfill) pushed the previous page's last
            // point onto this one: the pages shifted, and a point would be yielded twice.
            throw download.shifted(page);
          }
        }
        last = batch[batch.length - 1];
        if (batches !== undefined) {
          batches.push(batch);
        } else {
          yield batch;
        }
      }
      previousLast = last === undefined ? undefined : JSON.stringify(last);
      if (batches !== undefined) {
        yield batches.length === 1 ? (batches[0] as Point[]) : batches.flat();
      }
    }
  } finally {
    download.close();
  }
}

class Download<Point> {
  readonly settings: DownloadSettings;
  readonly #request: RequestPage;
  readonly #stop = new AbortController();
  readonly #signal: AbortSignal;
  readonly #ahead = new Map<number, Launched>();
  #pageSize: number;
  /** `count` of the first page. */
  #count: number | undefined;
  /** The last page `count` implies, once known. */
  #lastPage: number | undefined;
  #nextToLaunch = 2;
  #current: PageRead<Point> | undefined;
  /** Points of the pages read whole so far, the length of the last one, and its URL (redacted). */
  #points = 0;
  #lastLength = -1;
  #lastUrl = '';

  constructor(request: RequestPage, settings: DownloadSettings) {
    this.#request = request;
    this.settings = settings;
    this.#pageSize = settings.pageSize;
    this.#signal = settings.signal
      ? AbortSignal.any([settings.signal, this.#stop.signal])
      : this.#stop.signal;
  }

  /** The error for pages that shifted under the download (found at the start of page `page`). */
  shifted(page: number): StreamDataChangedError {
    return new StreamDataChangedError({
      url: this.#lastUrl,
      expectedCount: this.#count ?? this.#points,
      actualCount: this.#current?.envelope?.count ?? this.#points,
      page,
      reason: `page ${page} starts with the last point of page ${page - 1}: a point was inserted before it`,
    });
  }

  /** Starts reading page `page` (requested ahead, or now). */
  open(page: number): PageRead<Point> {
    let launched = this.#ahead.get(page);
    if (launched === undefined) {
      launched = this.launch(page, false);
    } else {
      this.#ahead.delete(page);
      launched.ticket?.promote();
    }
    this.#nextToLaunch = Math.max(this.#nextToLaunch, page + 1);
    this.#current = new PageRead(this, page, launched);
    this.#refill();
    return this.#current;
  }

  /**
   * The page after `page`, or undefined when `page` was the last: no `next`, an empty page, or
   * `count` points read, whatever `next` says. An empty page before `count` points is the server
   * contradicting itself: `PaginationError`, rather than requesting pages without end.
   */
  after(page: number): number | undefined {
    const envelope = this.#current?.envelope;
    if (envelope === undefined || envelope.next === null) {
      return undefined;
    }
    if (this.#lastLength === 0) {
      if (this.#points < envelope.count) {
        throw new PaginationError(
          `GET ${this.#lastUrl}: page ${page} is empty, but count is ${envelope.count} and ${this.#points} ` +
            'points came so far; the download was stopped',
          { url: this.#lastUrl },
        );
      }
      return undefined;
    }
    return this.#points >= envelope.count ? undefined : page + 1;
  }

  /**
   * Requests page `page` once the budget gives a permit (`ahead`: behind the pages being read), or at
   * once with the permit of an earlier request of the same page (`reuse`).
   */
  launch(page: number, ahead: boolean, reuse?: Launched): Launched {
    const abort = new AbortController();
    const signal = AbortSignal.any([this.#signal, abort.signal]);
    const budget = this.settings.budget;
    const ticket = reuse?.ticket ?? budget?.acquire(signal, ahead ? 'low' : 'high');
    const launched: Launched = { response: undefined as never, abort, ahead, ticket, permit: reuse?.permit };
    launched.response = (async () => {
      if (ticket !== undefined && launched.permit === undefined) {
        try {
          launched.permit = await ticket.permit;
        } catch (error) {
          throw new RequestAbortedError(`GET ${this.settings.url} was aborted by the caller`, {
            method: 'GET',
            url: this.settings.url,
            cause: signal.reason ?? error,
          });
        }
      }
      const response = await this.#request(page, signal);
      // The server's part is done (the body may wait unread for the consumer: the client's time).
      launched.permit?.responded();
      return response;
    })();
    launched.response.catch(() => undefined); // observed when its turn comes; avoids unhandled rejections
    return launched;
  }

  /** Gives back the permit of a request (or its place in the queue). */
  drop(launched: Launched): void {
    launched.abort.abort();
    launched.ticket?.cancel();
  }

  /** Requests pages ahead, up to `concurrency` requests open with the current one. */
  #refill(): void {
    const last = this.#lastPage;
    while (
      last !== undefined &&
      this.#nextToLaunch <= last &&
      this.#ahead.size < this.settings.concurrency - 1
    ) {
      this.#ahead.set(this.#nextToLaunch, this.launch(this.#nextToLaunch, true));
      this.#nextToLaunch++;
    }
  }

  /** A page's envelope arrived (before any of its points is yielded). */
  onEnvelope(page: number, envelope: PageEnvelope, response: Response): void {
    if (this.#count === undefined) {
      this.#count = envelope.count;
      if (envelope.next !== null) {
        // Pages are requested ahead as soon as the count is known; `onPageEnd` checks page 1's
        // length against the page size assumed here.
        this.#lastPage = Math.max(page, Math.ceil(envelope.count / this.#pageSize));
        this.#refill();
      }
    } else if (this.settings.checkCount && envelope.count !== this.#count) {
      throw new StreamDataChangedError({
        url: response.url,
        expectedCount: this.#count,
        actualCount: envelope.count,
        page,
      });
    }
  }

  /** A page was read whole, with `length` points. */
  onPageEnd(page: number, envelope: PageEnvelope, length: number, response: Response): void {
    this.#points += length;
    this.#lastLength = length;
    this.#lastUrl = redactedUrl(response);
    const count = this.#count ?? envelope.count;
    if (page === 1 && length > 0 && length !== this.#pageSize && envelope.next !== null) {
      // The server serves pages of another size than asked for (a lower maximum). It does so for
      // every page, so the pages requested ahead are the right ones; only the last page changes.
      this.#pageSize = length;
      this.#lastPage = Math.ceil(count / length);
      for (const [number, launched] of this.#ahead) {
        if (number > this.#lastPage) {
          this.drop(launched);
          this.#ahead.delete(number);
        }
      }
      this.#nextToLaunch = Math.min(this.#nextToLaunch, this.#lastPage + 1);
      this.#refill();
      return;
    }
    if (!this.settings.checkCount || this.#lastPage === undefined) {
      return;
    }
    const expected =
      page < this.#lastPage ? this.#pageSize : Math.max(0, count - (this.#lastPage - 1) * this.#pageSize);
    if (length !== expected) {
      throw new InvalidResponseError(
        `GET ${redactedUrl(response)}: page ${page} has ${length} points, where count ${count} and ` +
          `page size ${this.#pageSize} imply ${expected}`,
        { method: 'GET', response },
      );
    }
  }

  close(): void {
    this.#stop.abort();
    this.#current?.cancel();
    this.#current?.drop();
    for (const launched of this.#ahead.values()) {
      this.drop(launched);
    }
    this.#ahead.clear();
  }
}

/** One page, over as many requests as it takes. */
class PageRead<Point> {
  envelope: PageEnvelope | undefined;
  readonly #download: Download<Point>;
  readonly #page: number;
  #launched: Launched;
  #body: BodySource | undefined;
  #parser: PageParser<Point> | undefined;
  /** Points of this page yielded so far (over all attempts). */
  #yielded = 0;
  /** Points still to skip in the current attempt (already yielded by an earlier one). */
  #skip = 0;
  #retriesLeft: number;
  #done = false;

  constructor(download: Download<Point>, page: number, launched: Launched) {
    this.#download = download;
    this.#page = page;
    this.#launched = launched;
    this.#retriesLeft = download.settings.pageRetries;
  }

  /** The next points of the page (maybe none), or undefined when the page is complete. */
  async next(): Promise<Point[] | undefined> {
    for (;;) {
      if (this.#done) {
        return undefined;
      }
      let body = this.#body;
      if (body === undefined) {
        // Failures before the response are the client's (already retried by the Api).
        let response: Response;
        try {
          response = await this.#launched.response;
        } catch (error) {
          this.drop();
          throw error;
        }
        body = new BodySource(response);
        this.#body = body;
        this.#parser = new PageParser<Point>(this.#download.settings.limits);
        this.#skip = this.#yielded;
        body.start();
      }
      const parser = this.#parser as PageParser<Point>;
      let items: Point[];
      try {
        const chunk = await body.read();
        const hadEnvelope = parser.envelope !== undefined;
        items = chunk === undefined ? parser.end() : parser.push(chunk);
        if (!hadEnvelope && parser.envelope !== undefined) {
          this.envelope = parser.envelope;
          this.#download.onEnvelope(this.#page, parser.envelope, body.response);
        }
        if (chunk === undefined) {
          this.#done = true;
          this.#launched.permit?.release({ weight: parser.itemCount });
          this.#download.onPageEnd(
            this.#page,
            parser.envelope as PageEnvelope,
            parser.itemCount,
            body.response,
          );
        }
      } catch (error) {
        const failure =
          error instanceof PageBodyError
            ? parserFailure(error, body.response)
            : asPageLimit(error, this.#download.settings.limits);
        if (this.#retry(failure)) {
          continue;
        }
        this.drop();
        throw failure;
      }
      if (this.#skip > 0) {
        const skipped = Math.min(this.#skip, items.length);
        this.#skip -= skipped;
        items = skipped === items.length ? [] : items.slice(skipped);
      }
      this.#yielded += items.length;
      return items;
    }
  }

  /** After a body failure: requests the page again if allowed (true), else false. */
  #retry(failure: unknown): boolean {
    const settings = this.#download.settings;
    if (settings.signal?.aborted === true) {
      return false;
    }
    const timedOutWaiting = failure instanceof RequestTimeoutError && this.#launched.ahead;
    if (!timedOutWaiting) {
      if (!(failure instanceof ConnectionError || failure instanceof RequestTimeoutError)) {
        return false;
      }
      if (this.#retriesLeft === 0) {
        return false;
      }
      this.#retriesLeft--;
    }
    this.cancel();
    this.#launched.abort.abort();
    // The same permit: the page being read must not queue behind the pages ahead of it.
    this.#launched = this.#download.launch(this.#page, false, this.#launched);
    return true;
  }

  /** Gives back this page's permit (its request failed or the download stopped). */
  drop(): void {
    this.#download.drop(this.#launched);
  }

  cancel(): void {
    this.#body?.cancel();
    this.#body = undefined;
    this.#parser = undefined;
  }
}

/** The client's body limit, which the page request is sent with, is this download's `maxPageBytes`. */
function asPageLimit(error: unknown, limits: PageLimits): unknown {
  if (
    error instanceof ResponseTooLargeError &&
    error.unit === 'body' &&
    error.limit === limits.maxPageBytes
  ) {
    return new ResponseTooLargeError({
      method: 'GET',
      response: error.response,
      limit: error.limit,
      bytesRead: error.bytesRead,
      unit: 'page',
      option: 'maxPageBytes',
    });
  }
  return error;
}

function parserFailure(error: PageBodyError, response: Response): IOTileCloudError {
  const where = `GET ${redactedUrl(response)}`;
  if (error.reason === 'too-large' && error.limit !== undefined) {
    return new ResponseTooLargeError({
      method: 'GET',
      response,
      limit: error.limit.bytes,
      bytesRead: error.limit.held,
      unit: error.limit.unit,
      option: error.limit.unit === 'page' ? 'maxPageBytes' : 'maxRowBytes',
    });
  }
  if (error.reason === 'truncated') {
    return new ConnectionError(`${where}: ${error.message}`, {
      method: 'GET',
      url: response.url,
      cause: error,
      secrets: secretsOf(response),
    });
  }
  return new InvalidResponseError(`${where} answered a body that is not a page: ${error.message}`, {
    method: 'GET',
    response,
    cause: error,
  });
}

/**
 * Checking and encoding the parameters of a download, before anything is sent: dates become the
 * server's `YYYY-MM-DDTHH:MM:SSZ` (through the client's `datetimeToStr`), numbers are checked against
 * the server's limits, and every problem is a `StreamInputError` naming the parameter.
 */

import { datetimeToStr, MAX_PAGE_CONCURRENCY } from '@iotile/client';
import {
  describeInput,
  parseIsoDate,
  readBoolean as readBooleanOption,
  readByteLimit,
  readConcurrency,
  readInteger as readIntegerOption,
  readSignal,
} from '@iotile/client/internal';
import { StreamInputError } from './errors.js';
import type { PageLimits } from './page-parser.js';

/** A point in time: a `Date`, or an ISO-8601 string (read as UTC when it has no offset, as the server does). */
export type DateInput = Date | string;

/** A value passed through to the server as a query parameter (`Date`s are sent in the server's format). */
export type FilterValue = string | number | boolean | Date | readonly (string | number | boolean)[];

/** Largest `lastn` the server serves (`/data/` answers 400 above it, `/stream/{slug}/data/` clamps). */
export const MAX_LASTN = 100_000;

/**
 * The default of `concurrency`: as many requests (the page being read and those requested ahead) as
 * the `Api`'s request budget for the server gives, at most `MAX_PAGE_CONCURRENCY` (8).
 */
export const DEFAULT_CONCURRENCY = 'auto';

/** Extra re-requests of a page whose body failed after the response started (connection cut, timeout). */
export const DEFAULT_PAGE_RETRIES = 2;

/** The most bytes of one page by default (a 20,000-point page is about 3 MB). */
export const DEFAULT_MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** The most bytes of one row by default (a point is about 150 bytes): what bounds memory while a page streams. */
export const DEFAULT_MAX_ROW_BYTES = 1024 * 1024;

/** The shared checks of `@iotile/client/internal` throw this package's input error. */
const streamInput = (param: string, message: string) => new StreamInputError(param, message);

export interface PageSizeLimits {
  /** The page size sent when the caller gives none. */
  default: number;
  /** The server's maximum for the endpoint; larger values are clamped to it (as the server would). */
  max: number;
}

/** Options of a download (not sent to the server). */
export interface DownloadOptions {
  /**
   * Requests open at once: the page being read and up to `concurrency - 1` requested ahead once the
   * first page gave `count`. `'auto'` (default): as many as the `Api`'s request budget for the server
   * gives (shared with every other download of the `Api`; adaptive unless `new Api({ concurrency: N })`),
   * at most 8. A number (1..8) caps this download, within the budget: 1 = one page at a time, as the
   * Python client.
   */
  concurrency?: 'auto' | number;
  /** Aborts the download: requests in flight are cancelled and the iterator throws `RequestAbortedError`. */
  signal?: AbortSignal;
  /**
   * Without an `end`, send `end` = the current time (rounded up to the next second) so that the set
   * being paged cannot grow while it is downloaded. Default true. Points stamped later than the local
   * clock (a device with a wrong clock, a client clock behind the server's) are then left out: pass an
   * explicit `end` or `pinEnd: false` to include them.
   */
  pinEnd?: boolean;
  /**
   * Re-requests of one page (same page number, so the same points) when its body fails after the
   * response started (cut, timed out); the points already yielded from it are skipped. Failures
   * before a response are retried by the `Api` itself. Default 2.
   */
  pageRetries?: number;
  /** Add `converted_value`: `value` converted with the stream's `output_unit` MDO. Default false. */
  convert?: boolean;
  /**
   * The most bytes of one page (after decoding), else `ResponseTooLargeError` (`unit: 'page'`).
   * Default 64 MiB (a 20,000-point page is about 3 MB). `Infinity`: no limit.
   */
  maxPageBytes?: number;
  /**
   * The most bytes the parser holds unparsed: one point (or the blanks between two), else
   * `ResponseTooLargeError` (`unit: 'row'`). This is what bounds memory while a page streams.
   * Default 1 MiB (a point is about 150 bytes). `Infinity`: no limit.
   */
  maxRowBytes?: number;
}

/** The checked options. */
export interface ResolvedOptions {
  /** The cap of this download (`'auto'`: 8). */
  concurrency: number;
  signal: AbortSignal | undefined;
  pinEnd: boolean;
  pageRetries: number;
  convert: boolean;
  limits: PageLimits;
}

/** The query a download sends, and whether its window is closed (an explicit or pinned `end`). */
export interface PreparedQuery {
  query: Record<string, string | number | boolean | readonly (string | number | boolean)[]>;
  /** True when `end` is set: the set of points can then only change by backfill or deletion. */
  closedWindow: boolean;
}

/** Reads a date parameter; `ms` is exact, `text` is the whole second sent to the server. */
export function readDate(param: string, value: unknown): { ms: number; text: string } {
  if (!(value instanceof Date) && typeof value !== 'string') {
    throw new StreamInputError(
      param,
      `${param}: expected a Date or an ISO-8601 string such as "2018-01-01T00:00:00Z", got ${describe(value)}`,
    );
  }
  const parsed = parseIsoDate(value);
  if ('reason' in parsed) {
    throw new StreamInputError(
      param,
      `${param}: ${parsed.reason} (expected a Date or an ISO-8601 string such as "2018-01-01T00:00:00Z")`,
    );
  }
  const truncated = datetimeToStr(new Date(parsed.ms));
  const seconds = Date.parse(truncated);
  const fraction = value instanceof Date ? mod(value.getTime(), 1000) : stringFraction(value);
  // The server has second precision (`>= start`, `< end`) and stream data timestamps are whole
  // seconds, so rounding a fractional bound up selects exactly the points before/after it.
  const rounded = fraction > 0 ? seconds + 1000 : seconds;
  return {
    ms: seconds + fraction,
    text: rounded === seconds ? truncated : datetimeToStr(new Date(rounded)),
  };
}

/** The fraction of a second in an ISO string, in ms (0 when none). */
function stringFraction(text: string): number {
  const match = /\d{2}:\d{2}:\d{2}[.,](\d+)/.exec(text);
  if (!match?.[1]) {
    return 0;
  }
  return Number(`0.${match[1]}`) * 1000;
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}

/** Checks an integer parameter. */
/** An integer in `[min, max]` (the shared check, with this package's error). */
export function readInteger(param: string, value: unknown, min: number, max: number, what = ''): number {
  const read = readIntegerOption(streamInput, param, value, min, max, what);
  if (read === undefined) {
    throw streamInput(param, `${param} must be an integer from ${min} to ${max}, got undefined`);
  }
  return read;
}

export function resolveOptions(options: DownloadOptions | undefined): ResolvedOptions {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new StreamInputError('options', `options: expected an object, got ${describe(options)}`);
  }
  const { concurrency, signal, pinEnd, pageRetries, convert, maxPageBytes, maxRowBytes } = options ?? {};
  return {
    concurrency: readDownloadConcurrency(concurrency),
    signal: readSignal(streamInput, 'signal', signal),
    pinEnd: readBoolean('pinEnd', pinEnd, true),
    pageRetries:
      pageRetries === undefined ? DEFAULT_PAGE_RETRIES : readInteger('pageRetries', pageRetries, 0, 10),
    convert: readBoolean('convert', convert, false),
    limits: {
      maxPageBytes: readByteLimit(streamInput, 'maxPageBytes', maxPageBytes) ?? DEFAULT_MAX_PAGE_BYTES,
      maxRowBytes: readByteLimit(streamInput, 'maxRowBytes', maxRowBytes) ?? DEFAULT_MAX_ROW_BYTES,
    },
  };
}

/** `'auto'` (or absent) is the most a download opens, `MAX_PAGE_CONCURRENCY`; the budget decides the rest. */
function readDownloadConcurrency(value: unknown): number {
  const setting =
    readConcurrency(streamInput, 'concurrency', value, MAX_PAGE_CONCURRENCY, 'requests open at once') ??
    DEFAULT_CONCURRENCY;
  return setting === 'auto' ? MAX_PAGE_CONCURRENCY : setting;
}

function readBoolean(param: string, value: unknown, fallback: boolean): boolean {
  return readBooleanOption(streamInput, param, value) ?? fallback;
}

/**
 * Checks `params` and builds the query: `start`/`end` in the server's format, `end` pinned when asked,
 * `lastn` and `page_size` within the limits, other filters passed through. `page` is refused: pages
 * are the iterator's business.
 */
export function prepareQuery(
  params: Record<string, unknown> | undefined,
  limits: PageSizeLimits,
  options: Pick<ResolvedOptions, 'pinEnd'>,
  now: () => number = Date.now,
): PreparedQuery {
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params))) {
    throw new StreamInputError('params', `params: expected an object of filters, got ${describe(params)}`);
  }
  const query: PreparedQuery['query'] = {};
  let start: { ms: number; text: string } | undefined;
  let end: { ms: number; text: string } | undefined;
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) {
      continue;
    }
    switch (key) {
      case 'page':
        throw new StreamInputError(
          'page',
          'page: pages are requested by the iterator; use lastn, start/end or page_size instead',
        );
      case 'start':
        start = readDate('start', value);
        query.start = start.text;
        break;
      case 'end':
        end = readDate('end', value);
        query.end = end.text;
        break;
      case 'lastn':
        query.lastn = readInteger('lastn', value, 1, MAX_LASTN, "the server's limit");
        break;
      case 'page_size':
        query.page_size = Math.min(readInteger('page_size', value, 1, Number.MAX_SAFE_INTEGER), limits.max);
        break;
      default:
        query[key] = readFilterValue(key, value);
    }
  }
  if (start !== undefined && end !== undefined && start.ms > end.ms) {
    throw new StreamInputError(
      'start',
      `start (${start.text}) is after end (${end.text}): nothing can match; swap them or drop one`,
    );
  }
  query.page_size ??= limits.default;
  if (end === undefined && options.pinEnd) {
    const pinned = Math.ceil(now() / 1000) * 1000;
    if (start !== undefined && start.ms > pinned) {
      throw new StreamInputError(
        'start',
        `start (${start.text}) is in the future, after the pinned end (now); pass an explicit end or pinEnd: false`,
      );
    }
    query.end = datetimeToStr(new Date(pinned));
  }
  return { query, closedWindow: query.end !== undefined };
}

function readFilterValue(key: string, value: unknown): PreparedQuery['query'][string] {
  if (value instanceof Date) {
    return readDate(key, value).text;
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' || typeof item === 'boolean' || Number.isFinite(item))
  ) {
    return value as (string | number | boolean)[];
  }
  throw new StreamInputError(
    key,
    `${key}: expected a string, a finite number, a boolean, a Date or an array of them, got ${describe(value)}`,
  );
}

/** A short description of a value for an error message (the client's, shared by every package). */
export const describe = describeInput;

/**
 * `BaseReportGenerator`, as Python's `iotile_cloud.stream.report.BaseReportGenerator`: resolves
 * project (`p--`), device (`d--`) and stream (`s--`) sources into a list of streams, then hands them to
 * `processData`, which subclasses implement.
 *
 * Unlike Python: every page of a stream list is read (Python read the first one only), a stream named
 * twice (directly and through its device or project) is processed once, sources and streams are
 * fetched `concurrency` at a time, and malformed sources are refused before any request.
 *
 * Every request of a report takes a permit of the `Api`'s request budget for the server (the stream
 * lists, each stream's record, and each stream's pages), so a report never has more requests open
 * than the budget allows, however many streams it has: with `pageConcurrency: 'auto'` (default) the
 * budget decides how the requests are split between streams and pages (the page a stream's download
 * is waiting for first, pages ahead with what is left).
 */

import {
  type Api,
  datetimeToStr,
  InvalidInputError,
  MAX_PAGE_CONCURRENCY,
  type Schema,
} from '@iotile/client';
import { HttpClientError } from '@iotile/client/errors';
import {
  mapConcurrent,
  readConcurrency,
  readInteger as readIntegerOption,
  requestBudgetOf,
} from '@iotile/client/internal';
import { GidError, IOTileDeviceSlug, IOTileProjectSlug, IOTileStreamSlug } from '@iotile/gid';
import type { DateInput } from '@iotile/stream';
import { ReportInputError } from './errors.js';
import { defaultLogger, type ReportLogger, redactingLogger } from './logger.js';

/** A stream as `/stream/` returns it (`slug`, `output_unit`, ...). */
export type StreamRecord = Schema<'Stream'>;

/** What `computeSum` resolves when no source gave a stream. */
export interface ReportError {
  error: string;
}

export interface ReportOptions {
  /** Sources resolved, and streams processed, at the same time (1..16). Default 4. */
  concurrency?: number;
  /**
   * Requests open at once within one stream's download, the page being read included: `'auto'`
   * (default) as many as the `Api`'s request budget gives, which all the report's requests share, so
   * the split between streams and pages is the SDK's; 1..8 caps each stream (1 = one page at a time),
   * still within the budget. It is `@iotile/stream`'s `concurrency`.
   */
  pageConcurrency?: 'auto' | number;
  /** Where skipped sources and progress are logged. Default: warnings and errors to the console. */
  logger?: ReportLogger;
  /** Cancels the report: requests in flight are aborted and `computeSum` rejects. */
  signal?: AbortSignal;
}

/** A source of a report, normalised. */
export interface ReportSource {
  kind: 'project' | 'device' | 'stream';
  slug: string;
}

/** The processing window: `start` as given, `end` as given or the time `computeSum` was called. */
export interface ReportWindow {
  start: DateInput;
  end: DateInput;
}

export const DEFAULT_REPORT_CONCURRENCY = 4;
export const DEFAULT_PAGE_CONCURRENCY = 'auto';
const MAX_REPORT_CONCURRENCY = 16;

export abstract class BaseReportGenerator<Result extends object> {
  /** The connection (Python: `_api`). */
  protected readonly api: Api;
  protected readonly logger: ReportLogger;
  protected readonly concurrency: number;
  protected readonly pageConcurrency: 'auto' | number;
  protected readonly signal: AbortSignal | undefined;
  /** Slugs of the streams found by the last `computeSum`, each once (Python: `_stream_slugs`). */
  protected streamSlugs: string[] = [];
  /** The streams found by the last `computeSum`, in source order (Python: `_streams`). */
  protected streams: StreamRecord[] = [];

  constructor(api: Api, options: ReportOptions = {}) {
    if (typeof (api as Partial<Api> | null)?.paginate !== 'function') {
      throw new ReportInputError('api', 'api: expected an Api from @iotile/client');
    }
    if (options === null || typeof options !== 'object') {
      throw new ReportInputError('options', 'options: expected an object');
    }
    this.api = api;
    this.logger = redactingLogger(options.logger ?? defaultLogger, () => [api.token]);
    this.concurrency =
      readInteger('concurrency', options.concurrency, 1, MAX_REPORT_CONCURRENCY) ??
      DEFAULT_REPORT_CONCURRENCY;
    this.pageConcurrency =
      readConcurrency(
        (name, message) => new ReportInputError(name, message),
        'pageConcurrency',
        options.pageConcurrency,
        MAX_PAGE_CONCURRENCY,
      ) ?? DEFAULT_PAGE_CONCURRENCY;
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
      throw new ReportInputError('signal', 'signal: expected an AbortSignal');
    }
    this.signal = options.signal;
  }

  /** Forgets the streams of the previous run (Python: `_clean`). */
  protected clean(): void {
    this.streamSlugs = [];
    this.streams = [];
  }

  /** Adds streams, skipping any already there (Python: `_add_streams`, which kept duplicates). */
  protected addStreams(streams: readonly StreamRecord[]): void {
    const known = new Set(this.streamSlugs);
    let added = 0;
    for (const stream of streams) {
      if (!known.has(stream.slug)) {
        known.add(stream.slug);
        this.streamSlugs.push(stream.slug);
        this.streams.push(stream);
        added++;
      }
    }
    this.logger.debug?.(`Adding ${added} streams`);
  }

  /** Every stream of a project (all pages of `/stream/?project=`). */
  protected async fetchStreamsFromProjectSlug(slug: string, signal: AbortSignal): Promise<StreamRecord[]> {
    return this.#list({ project: slug }, signal);
  }

  /** Every stream of a device (all pages of `/stream/?device=`). */
  protected async fetchStreamsFromDeviceSlug(slug: string, signal: AbortSignal): Promise<StreamRecord[]> {
    return this.#list({ device: slug }, signal);
  }

  /** One stream (`/stream/{slug}/`), within the request budget like the report's other requests. */
  protected async fetchStreamFromSlug(slug: string, signal: AbortSignal): Promise<StreamRecord[]> {
    const permit = await requestBudgetOf(this.api, this.api.baseUrl)?.acquire(signal, 'high').permit;
    try {
      return [await this.api.get('/stream/{slug}/', { params: { path: { slug } }, signal })];
    } finally {
      permit?.release({ completed: false });
    }
  }

  async #list(query: { project?: string; device?: string }, signal: AbortSignal): Promise<StreamRecord[]> {
    const streams: StreamRecord[] = [];
    for await (const stream of this.api.paginate('/stream/', { params: { query }, signal })) {
      streams.push(stream);
    }
    return streams;
  }

  /** Processes `this.streams` from `start` to `end` (Python: `_process_data`). */
  protected abstract processData(start: DateInput, end: DateInput): Promise<Result>;

  /**
   * Resolves `sources` (project, device and stream slugs, short forms allowed) into streams and
   * processes them from `start` to `end` (default: now). A source the server rejects (4xx) is logged
   * and skipped; `{ error }` when no stream was found. Throws `ReportInputError` for bad arguments
   * before any request.
   */
  async computeSum(
    sources: readonly string[],
    start: DateInput,
    end?: DateInput,
  ): Promise<Result | ReportError> {
    const normalised = readSources(sources);
    const window = readWindow(start, end);
    this.clean();
    const found = await mapConcurrent(normalised, this.concurrency, this.signal, (source, signal) =>
      this.#resolve(source, signal),
    );
    for (const streams of found) {
      this.addStreams(streams);
    }
    if (this.streams.length === 0) {
      const error = 'No streams were found for these GIDs';
      this.logger.error?.(error);
      return { error };
    }
    this.logger.info?.(`Processing ${this.streams.length} streams`);
    return this.processData(window.start, window.end);
  }

  async #resolve(source: ReportSource, signal: AbortSignal): Promise<StreamRecord[]> {
    try {
      switch (source.kind) {
        case 'project':
          return await this.fetchStreamsFromProjectSlug(source.slug, signal);
        case 'device':
          return await this.fetchStreamsFromDeviceSlug(source.slug, signal);
        case 'stream':
          return await this.fetchStreamFromSlug(source.slug, signal);
      }
    } catch (error) {
      if (error instanceof HttpClientError) {
        this.logger.warn?.(`Skipping source ${source.slug}: ${error.message}`);
        return [];
      }
      throw error;
    }
  }

  /** Runs `task` over `items`, `concurrency` at a time, results in order; the first failure stops all. */
  protected mapConcurrent<Item, Value>(
    items: readonly Item[],
    task: (item: Item, signal: AbortSignal) => Promise<Value>,
  ): Promise<Value[]> {
    return mapConcurrent(items, this.concurrency, this.signal, task);
  }
}

const SOURCE_KINDS = {
  'p--': { kind: 'project', make: (slug: string) => new IOTileProjectSlug(slug) },
  'd--': { kind: 'device', make: (slug: string) => new IOTileDeviceSlug(slug) },
  's--': { kind: 'stream', make: (slug: string) => new IOTileStreamSlug(slug) },
} as const;

/** Normalises the sources (`d--1111` → `d--0000-0000-0000-1111`) and refuses malformed ones. */
export function readSources(sources: unknown): ReportSource[] {
  if (!Array.isArray(sources)) {
    throw new ReportInputError('sources', 'sources: expected an array of p--, d-- or s-- slugs');
  }
  return sources.map((source: unknown, index) => {
    const prefix = typeof source === 'string' ? source.slice(0, 3) : '';
    const entry = SOURCE_KINDS[prefix as keyof typeof SOURCE_KINDS];
    if (entry === undefined) {
      throw new ReportInputError(
        'sources',
        `sources[${index}]: expected a project (p--), device (d--) or stream (s--) slug, got ${JSON.stringify(source)}`,
      );
    }
    try {
      return { kind: entry.kind, slug: entry.make(source as string).toString() };
    } catch (error) {
      if (error instanceof GidError) {
        throw new ReportInputError('sources', `sources[${index}]: ${error.message}`, { cause: error });
      }
      throw error;
    }
  });
}

/** Checks `start`/`end`; `end` defaults to now (Python: `datetime.utcnow()`). */
export function readWindow(start: unknown, end: unknown): ReportWindow {
  const startMs = readDateMs('start', start);
  const endValue = end === undefined || end === null ? new Date() : (end as DateInput);
  const endMs = readDateMs('end', endValue);
  if (startMs > endMs) {
    throw new ReportInputError(
      'start',
      `start (${datetimeToStr(start as DateInput)}) is after end (${datetimeToStr(endValue)})`,
    );
  }
  return { start: start as DateInput, end: endValue };
}

function readDateMs(param: string, value: unknown): number {
  if (!(value instanceof Date) && typeof value !== 'string') {
    throw new ReportInputError(param, `${param}: expected a Date or an ISO-8601 string`);
  }
  try {
    datetimeToStr(value);
  } catch (error) {
    const reason =
      error instanceof InvalidInputError ? error.message.replace(/^datetimeToStr\(\): /, '') : '';
    throw new ReportInputError(param, `${param}: ${reason || 'not a valid date'}`, { cause: error });
  }
  return value instanceof Date ? value.getTime() : Date.parse(datetimeToStr(value));
}

function readInteger(param: string, value: unknown, min: number, max: number): number | undefined {
  return readIntegerOption((name, message) => new ReportInputError(name, message), param, value, min, max);
}

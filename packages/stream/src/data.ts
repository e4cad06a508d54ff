/**
 * `StreamData` and `RawData`, as Python's `iotile_cloud.stream.data`: `initializeFromServer(params)`
 * downloads every page into `.data`; beyond Python, `iterate(params)` yields the points one by one
 * while holding only a few pages, and `iteratePages(params)` yields them a page at a time.
 *
 * Subclass them as in the Python README: `class MyStreamData extends StreamData { analyze() {...} }`.
 */

import type { Api, Schema } from '@iotile/client';
import { httpErrorFromResponse } from '@iotile/client/errors';
import { type RequestBudget, redactUrl, requestBudgetOf } from '@iotile/client/internal';
import { IOTileStreamSlug, parseSlug, type StreamSlugString } from '@iotile/gid';
import type { MdoHelper } from '@iotile/mdo';
import { redactedUrl } from './body-source.js';
import { parseSlugInput, StreamDataChangedError, StreamInputError } from './errors.js';
import { type PageLimits, PageParser } from './page-parser.js';
import { downloadPoints } from './pages.js';
import {
  type DateInput,
  type DownloadOptions,
  describe,
  type FilterValue,
  type PageSizeLimits,
  type PreparedQuery,
  prepareQuery,
  type ResolvedOptions,
  resolveOptions,
} from './params.js';
import { PointIterator } from './point-iterator.js';
import { addConvertedValues, OutputUnits, type UnitConversion } from './units.js';

/** A point of `/stream/{slug}/data/`: `timestamp`, `value` (storage units), `output_value`, ... */
export type StreamDataPoint = Schema<'StreamDataPoint'>;

/** A point of `/data/`: `id`, `stream`, `timestamp`, `value` (storage units), `int_value`, ... */
export type RawDataPoint = Schema<'DataPoint'>;

/** A point as kept in `.data`: `converted_value` is there after a download with `convert: true`. */
export type LoadedPoint<Point> = Point & Partial<UnitConversion>;

/** Filters of `/stream/{slug}/data/` (other keys are passed through to the server as they are). */
export interface StreamDataParams {
  /** `timestamp >= start` (sent as `YYYY-MM-DDTHH:MM:SSZ`). */
  start?: DateInput;
  /** `timestamp < end`. Without it, `end` is pinned to now (see the `pinEnd` option). */
  end?: DateInput;
  /** Only the last N points by timestamp (1..100000). */
  lastn?: number;
  /** Points per request: default and maximum 20000 on `/stream/{slug}/data/`, 10000 on `/data/` (larger values are clamped). */
  page_size?: number;
  /** Pages are requested by the iterator. */
  page?: never;
  [filter: string]: FilterValue | undefined;
}

/** Filters of `/data/`: `filter` is required (`s--`, `d--`, `b--`, `v--` or `a--` slug). */
export interface RawDataParams extends StreamDataParams {
  /** The points of this stream, device, data block, variable or stream alias. */
  filter: string;
  /** Exact timestamp. */
  timestamp?: DateInput;
}

/** Page sizes: the server's maximum per endpoint, also our default (fewest round trips; see the README). */
export const STREAM_DATA_PAGE_SIZE: PageSizeLimits = { default: 20_000, max: 20_000 };
export const RAW_DATA_PAGE_SIZE: PageSizeLimits = { default: 10_000, max: 10_000 };

/**
 * The shared part of `StreamData` and `RawData` (Python's `BaseData`). `Params` is the filters'
 * type; include `void` in it to let callers leave them out.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: see `StreamData`: `void` marks params that may be omitted
export abstract class BaseData<Point extends { value: number | null }, Params extends object | void> {
  /** The points of the last `initializeFromServer`, in server order. */
  data: LoadedPoint<Point>[] = [];
  /** The connection (Python: `_api`). */
  protected readonly api: Api;

  constructor(api: Api) {
    // Duck-typed rather than `instanceof`, so two installed copies of the client still work together.
    if (typeof (api as Partial<Api> | null)?.GET !== 'function') {
      throw new StreamInputError('api', `api: expected an Api from @iotile/client, got ${describe(api)}`);
    }
    this.api = api;
  }

  /** The endpoint's page size limits. */
  protected abstract readonly pageSizeLimits: PageSizeLimits;

  /** Checks the caller's params and builds the query (throws `StreamInputError`). */
  protected prepare(params: Params, options: ResolvedOptions): PreparedQuery {
    return prepareQuery(params as Record<string, unknown> | undefined, this.pageSizeLimits, options);
  }

  /**
   * Sends the request for page `page` (1-based) of the query with its body as a stream
   * (`parseAs: 'stream'`), through the `Api` (token, timeouts, retries of failed requests). Resolves
   * the 2xx response with its body unread; throws the client's errors otherwise.
   */
  protected abstract requestPage(
    query: PreparedQuery['query'],
    page: number,
    signal: AbortSignal,
    limits: PageLimits,
  ): Promise<Response>;

  /** The endpoint's URL (without query), for errors. */
  protected abstract readonly endpoint: string;

  /** The `Api`'s request budget for the server (shared by its downloads), if it keeps one. */
  protected get budget(): RequestBudget | undefined {
    return requestBudgetOf(this.api, this.api.baseUrl);
  }

  /** Adds `converted_value` to points (a batch or a page, in order). */
  protected abstract convertPage(points: Point[], units: OutputUnits): Promise<(Point & UnitConversion)[]>;

  /** Starts fetching the output units a download will need, before the first page arrives. */
  protected prefetchUnits(_units: OutputUnits): void {}

  /**
   * Downloads every page into `.data` (replacing what was there), with at most `concurrency` requests
   * open at once. On failure the error is thrown and `.data` holds the points received before it, in
   * order.
   */
  async initializeFromServer(params: Params, options?: DownloadOptions): Promise<this> {
    const resolved = resolveOptions(options);
    const batches = this.#download(this.prepare(params, resolved), resolved, false);
    this.data = [];
    for await (const points of batches) {
      for (const point of points) {
        this.data.push(point);
      }
    }
    return this;
  }

  /**
   * The points one by one, in server order, parsed as each page's body arrives: the points of one
   * chunk of a response exist at a time, and the responses fetched ahead (at most `concurrency`
   * requests open at once) wait unread. Stop early with `break` (requests in flight are cancelled)
   * or with `options.signal`. Arguments are checked here, before any request: a bad one throws
   * `StreamInputError` at once. The iterator's `batches()` gives the same points an array at a time
   * (what `writeCsv` and `writeNdjson` read), without a promise per point.
   */
  iterate(
    params: Params,
    options: DownloadOptions & { convert: true },
  ): PointIterator<Point & UnitConversion>;
  iterate(params: Params, options?: DownloadOptions): PointIterator<Point>;
  iterate(params: Params, options?: DownloadOptions): PointIterator<Point> {
    const resolved = resolveOptions(options);
    return new PointIterator(this.#download(this.prepare(params, resolved), resolved, false));
  }

  /** Like `iterate`, a page (array of points) at a time (so one page of points is held at a time). */
  iteratePages(
    params: Params,
    options: DownloadOptions & { convert: true },
  ): AsyncGenerator<(Point & UnitConversion)[], void, undefined>;
  iteratePages(params: Params, options?: DownloadOptions): AsyncGenerator<Point[], void, undefined>;
  iteratePages(params: Params, options?: DownloadOptions): AsyncGenerator<Point[], void, undefined> {
    const resolved = resolveOptions(options);
    return this.#download(this.prepare(params, resolved), resolved, true);
  }

  /** The points in batches (a chunk of a response each), or a page at a time with `wholePages`. */
  async *#download(
    prepared: PreparedQuery,
    options: ResolvedOptions,
    wholePages: boolean,
  ): AsyncGenerator<Point[], void, undefined> {
    const units = options.convert ? new OutputUnits(this.api, options.signal) : undefined;
    if (units) {
      this.prefetchUnits(units);
    }
    const batches = downloadPoints<Point>(
      (page, signal) => this.requestPage(prepared.query, page, signal, options.limits),
      {
        limits: options.limits,
        concurrency: options.concurrency,
        budget: this.budget,
        url: redactUrl(`${this.api.baseUrl}${this.endpoint}`),
        pageRetries: options.pageRetries,
        checkCount: prepared.closedWindow,
        signal: options.signal,
        pageSize: prepared.query.page_size as number,
      },
      wholePages,
    );
    // `lastn` selects the last N points at each request: a point added (or removed) inside that
    // window while its pages are read shifts them, and `count` stays N. The window's first point is
    // requested again at the end: if it moved, pages were read from different windows.
    const lastn = prepared.query.lastn !== undefined;
    let first: Point | undefined;
    let points = 0;
    for await (const batch of batches) {
      if (lastn) {
        first ??= batch[0];
        points += batch.length;
      }
      yield units ? await this.convertPage(batch, units) : batch;
    }
    if (first !== undefined && points > (prepared.query.page_size as number)) {
      await this.#checkLastnWindow(prepared, first, options);
    }
  }

  /** Throws `StreamDataChangedError` when the first point of the `lastn` window is no longer `first`. */
  async #checkLastnWindow(prepared: PreparedQuery, first: Point, options: ResolvedOptions): Promise<void> {
    const signal = options.signal ?? new AbortController().signal;
    // One request more: within the budget like the pages.
    const ticket = this.budget?.acquire(signal, 'high');
    const permit = await ticket?.permit;
    try {
      await this.#compareLastnFirst(prepared, first, signal, options);
      permit?.release({ completed: false });
    } catch (error) {
      permit?.release({ completed: false });
      throw error;
    }
  }

  async #compareLastnFirst(
    prepared: PreparedQuery,
    first: Point,
    signal: AbortSignal,
    options: ResolvedOptions,
  ): Promise<void> {
    const response = await this.requestPage({ ...prepared.query, page_size: 1 }, 1, signal, options.limits);
    const parser = new PageParser<Point>(options.limits);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const now: Point[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      now.push(...parser.push(read.value));
    }
    now.push(...parser.end());
    if (JSON.stringify(now[0]) !== JSON.stringify(first)) {
      throw new StreamDataChangedError({
        url: redactedUrl(response),
        expectedCount: parser.envelope?.count ?? 0,
        actualCount: parser.envelope?.count ?? 0,
        page: 1,
        reason:
          'points were added or removed inside the lastn window while it was read, so its pages shifted',
      });
    }
  }
}

/** The data of one stream, from `/stream/{slug}/data/` (Python: `StreamData(stream_id, api)`). */
// biome-ignore lint/suspicious/noConfusingVoidType: `| void` lets callers omit the params (`iterate()`), `| undefined` would not
export class StreamData extends BaseData<StreamDataPoint, StreamDataParams | void> {
  /** The stream's slug, normalised (`s--0000-0001--0000-0000-0000-00d2--5001`). */
  readonly streamId: StreamSlugString;
  protected readonly pageSizeLimits = STREAM_DATA_PAGE_SIZE;
  protected get endpoint(): string {
    return `/stream/${this.streamId}/data/`;
  }

  /** `streamId`: a stream slug, short forms allowed (`s--0001--00d2--5001`); checked here. */
  constructor(streamId: string, api: Api) {
    super(api);
    this.streamId = parseSlugInput('streamId', () => new IOTileStreamSlug(streamId).toString());
  }

  protected async requestPage(
    query: PreparedQuery['query'],
    page: number,
    signal: AbortSignal,
    limits: PageLimits,
  ): Promise<Response> {
    return okResponse(
      await this.api.GET('/stream/{slug}/data/', {
        params: { path: { slug: this.streamId }, query: withPage(query, page) as never },
        parseAs: 'stream',
        headers: { accept: 'application/json' },
        maxResponseBytes: limits.maxPageBytes,
        signal,
      }),
    );
  }

  protected override prefetchUnits(units: OutputUnits): void {
    units.helperFor(this.streamId);
  }

  protected async convertPage(
    points: StreamDataPoint[],
    units: OutputUnits,
  ): Promise<(StreamDataPoint & UnitConversion)[]> {
    const helper = await units.helperFor(this.streamId);
    return addConvertedValues(points, () => helper);
  }
}

/** Points of `/data/?filter=<slug>`, any stream, device, block, variable or alias (Python: `RawData(api)`). */
export class RawData extends BaseData<RawDataPoint, RawDataParams> {
  protected readonly pageSizeLimits = RAW_DATA_PAGE_SIZE;
  protected readonly endpoint = '/data/';

  protected override prepare(params: RawDataParams, options: ResolvedOptions): PreparedQuery {
    const prepared = super.prepare(params, options);
    prepared.query.filter = readDataFilter(params?.filter);
    return prepared;
  }

  protected async requestPage(
    query: PreparedQuery['query'],
    page: number,
    signal: AbortSignal,
    limits: PageLimits,
  ): Promise<Response> {
    return okResponse(
      await this.api.GET('/data/', {
        params: { query: withPage(query, page) as never },
        parseAs: 'stream',
        headers: { accept: 'application/json' },
        maxResponseBytes: limits.maxPageBytes,
        signal,
      }),
    );
  }

  protected async convertPage(
    points: RawDataPoint[],
    units: OutputUnits,
  ): Promise<(RawDataPoint & UnitConversion)[]> {
    const slugs = [...new Set(points.map((point) => point.stream))];
    const helpers = new Map<string, MdoHelper | null>(
      await Promise.all(slugs.map(async (slug) => [slug, await units.helperFor(slug)] as const)),
    );
    return addConvertedValues(points, (point) => helpers.get(point.stream) ?? null);
  }
}

/** The response of a page request (`parseAs: 'stream'` resolves whatever the status), or its `HttpError`. */
function okResponse({ response, error }: { response: Response; error?: unknown }): Response {
  if (!response.ok) {
    throw httpErrorFromResponse({ method: 'GET', response, body: error });
  }
  return response;
}

function withPage(query: PreparedQuery['query'], page: number): PreparedQuery['query'] {
  return page === 1 ? query : { ...query, page };
}

/** Checks and normalises the `filter` of `/data/` (short slug forms are padded). */
export function readDataFilter(filter: unknown): string {
  if (typeof filter !== 'string' || filter === '') {
    throw new StreamInputError(
      'filter',
      `filter: expected a stream (s--), device (d--), data block (b--), variable (v--) or alias (a--) slug, got ${describe(filter)}`,
    );
  }
  const prefix = filter.slice(0, 3);
  if (prefix === 'a--') {
    if (!/^a--[0-9a-fA-F-]+$/.test(filter)) {
      throw new StreamInputError('filter', `filter: malformed stream alias slug ${describe(filter)}`);
    }
    return filter.toLowerCase();
  }
  if (prefix === 'p--') {
    throw new StreamInputError(
      'filter',
      `filter: /data/ does not select by project (${filter} would give no points); ` +
        'use a device, variable or stream slug',
    );
  }
  if (!['s--', 'd--', 'b--', 'v--'].includes(prefix)) {
    throw new StreamInputError(
      'filter',
      `filter: expected a slug starting with s--, d--, b--, v-- or a--, got ${describe(filter)}`,
    );
  }
  return parseSlugInput('filter', () => parseSlug(filter).slug);
}

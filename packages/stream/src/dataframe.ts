/**
 * `/df/`: the data of a stream, device or data block as one table (CSV by default, JSON or text),
 * rendered by the server and not paginated. `downloadDataFrame` streams the body to a sink as it
 * arrives, so a large export never sits in memory.
 */

import type { Api } from '@iotile/client';
import { parseSlug } from '@iotile/gid';
import { parseSlugInput, StreamInputError } from './errors.js';
import { type DateInput, describe, readDate } from './params.js';
import { type SinkOptions, SinkWriter, type TextSink } from './sink.js';

/** Parameters of `/df/`. */
export interface DataFrameParams {
  /** The stream (`s--`), device (`d--`, its non-block streams) or data block (`b--`). Short forms are padded. */
  filter: string;
  /** `timestamp >= start`. */
  start?: DateInput;
  /** `timestamp < end`. */
  end?: DateInput;
  /** Renderer; default `csv`. */
  format?: 'csv' | 'json' | 'txt';
  /** Convert `value` with each stream's output MDO. */
  apply_mdo?: boolean;
  /** Add the `device_timestamp` and `streamer_local_id` columns. */
  extended?: boolean;
  /** One column per stream. */
  pivot?: boolean;
  /** With `pivot`: count/sum/mean/std/min/median/max rows. */
  stats?: boolean;
  /** Also clip to the device's data mask. */
  mask?: boolean;
  /** JSON only: the pandas orient (default `records-index`). */
  orient?: 'records-index' | 'split' | 'records' | 'index' | 'columns' | 'values' | 'table';
  /** JSON only: `iso` (default) or `epoch`. */
  date_format?: 'iso' | 'epoch';
}

export interface DataFrameOptions {
  signal?: AbortSignal;
  /**
   * Deadline for the whole response, body included, in ms (the `Api`'s `timeoutMs` by default; `/df/`
   * is not paginated, so a long export may need more).
   */
  timeoutMs?: number;
}

const FLAGS = ['apply_mdo', 'extended', 'pivot', 'stats', 'mask'] as const;
const FORMATS = ['csv', 'json', 'txt'];

/** Checks `params` and builds the `/df/` query (throws `StreamInputError` before any request). */
export function dataFrameQuery(params: DataFrameParams): Record<string, string | number> {
  if (params === null || typeof params !== 'object') {
    throw new StreamInputError('params', `params: expected an object with a filter, got ${describe(params)}`);
  }
  const query: Record<string, string | number> = {
    filter: readFrameFilter(params.filter),
    format: params.format ?? 'csv',
  };
  if (!FORMATS.includes(String(query.format))) {
    throw new StreamInputError('format', `format: expected csv, json or txt, got ${describe(params.format)}`);
  }
  const start = params.start === undefined ? undefined : readDate('start', params.start);
  const end = params.end === undefined ? undefined : readDate('end', params.end);
  if (start && end && start.ms > end.ms) {
    throw new StreamInputError(
      'start',
      `start (${start.text}) is after end (${end.text}): nothing can match`,
    );
  }
  if (start) {
    query.start = start.text;
  }
  if (end) {
    query.end = end.text;
  }
  for (const flag of FLAGS) {
    const value = params[flag];
    if (value !== undefined) {
      if (typeof value !== 'boolean') {
        throw new StreamInputError(flag, `${flag}: expected true or false, got ${describe(value)}`);
      }
      if (value) {
        query[flag] = 1;
      }
    }
  }
  for (const key of ['orient', 'date_format'] as const) {
    if (params[key] !== undefined) {
      if (query.format !== 'json') {
        throw new StreamInputError(key, `${key}: only applies with format: 'json'`);
      }
      query[key] = String(params[key]);
    }
  }
  return query;
}

/** The body of `GET /df/` as a byte stream (throws the client's `HttpError`s on a 4xx/5xx). */
export async function fetchDataFrame(
  api: Api,
  params: DataFrameParams,
  options: DataFrameOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const query = dataFrameQuery(params);
  const body = await api.get('/df/', {
    params: { query: query as never },
    parseAs: 'stream',
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return (body ?? new Blob([]).stream()) as ReadableStream<Uint8Array>;
}

/**
 * Downloads `/df/` into `sink` (a Node writable or a web `WritableStream`), chunk by chunk with
 * backpressure; ends the sink when done unless `end: false`. Resolves the number of bytes written.
 */
export async function downloadDataFrame(
  api: Api,
  params: DataFrameParams,
  sink: TextSink,
  options: DataFrameOptions & SinkOptions = {},
): Promise<{ bytes: number }> {
  const body = await fetchDataFrame(api, params, options);
  const writer = new SinkWriter(sink, options);
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      bytes += value.byteLength;
      await writer.write(decoder.decode(value, { stream: true }));
    }
    await writer.write(decoder.decode());
    await writer.finish();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    await writer.fail(error);
    throw error;
  }
  return { bytes };
}

function readFrameFilter(filter: unknown): string {
  if (typeof filter !== 'string' || !['s--', 'd--', 'b--'].includes(filter.slice(0, 3))) {
    throw new StreamInputError(
      'filter',
      `filter: expected a stream (s--), device (d--) or data block (b--) slug, got ${describe(filter)}`,
    );
  }
  return parseSlugInput('filter', () => parseSlug(filter).slug);
}

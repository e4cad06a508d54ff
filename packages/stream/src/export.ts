/**
 * Exporting points as CSV or NDJSON to a Node writable or a web `WritableStream`, one page at a time:
 * the source can be `streamData.iterate()` / `iteratePages()` (nothing is held beyond a few pages) or
 * any array or iterable of objects, e.g. `streamData.data`.
 */

import { StreamInputError } from './errors.js';
import { describe } from './params.js';
import { PointIterator } from './point-iterator.js';
import { type SinkOptions, SinkWriter, type TextSink } from './sink.js';

/** Points one by one or a page (array) at a time, sync or async. */
export type PointSource<Point extends object> =
  | AsyncIterable<Point | readonly Point[]>
  | Iterable<Point | readonly Point[]>;

export interface CsvOptions extends SinkOptions {
  /** The columns, in order. Default: the keys of the first point. */
  columns?: readonly string[];
  /** Write the header line. Default true. */
  header?: boolean;
}

export interface ExportResult {
  /** Points written. */
  rows: number;
}

/**
 * Writes points as CSV (RFC 4180 quoting, `\n` line ends): a header, then one line per point. Null and
 * missing values are empty fields, objects are written as JSON. The sink is ended when done unless
 * `end: false`.
 */
export async function writeCsv<Point extends object>(
  source: PointSource<Point>,
  sink: TextSink,
  options: CsvOptions = {},
): Promise<ExportResult> {
  const { columns, header = true } = options;
  if (columns !== undefined && (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string'))) {
    throw new StreamInputError(
      'columns',
      `columns: expected an array of column names, got ${describe(columns)}`,
    );
  }
  checkSource(source);
  let names: readonly string[] | undefined = columns;
  const writer = new SinkWriter(sink, options);
  let rows = 0;
  const start = async (first: object | undefined) => {
    names ??= first === undefined ? [] : Object.keys(first);
    if (header && names.length > 0) {
      await writer.write(`${names.map(csvField).join(',')}\n`);
    }
  };
  // One array reused for every line's fields, joined once: building a line field by field would
  // allocate two strings per field (a million points, seven columns: ~150 MB more garbage).
  const fields: string[] = [];
  const line = (record: Record<string, unknown>) => {
    const keys = names as readonly string[];
    fields.length = keys.length;
    for (let i = 0; i < keys.length; i++) {
      fields[i] = csvField(record[keys[i] as string]);
    }
    return `${fields.join(',')}\n`;
  };
  const first = async (point: Point) => {
    await start(point);
    await writer.write(line(point as Record<string, unknown>));
  };
  return run(writer, async () => {
    await forEachPoint(source, (point) =>
      rows++ === 0 ? first(point) : writer.write(line(point as Record<string, unknown>)),
    );
    if (rows === 0) {
      await start(undefined);
    }
    return { rows };
  });
}

/** Writes points as newline-delimited JSON, one object per line. */
export async function writeNdjson<Point extends object>(
  source: PointSource<Point>,
  sink: TextSink,
  options: SinkOptions = {},
): Promise<ExportResult> {
  checkSource(source);
  const writer = new SinkWriter(sink, options);
  let rows = 0;
  return run(writer, async () => {
    await forEachPoint(source, (point) => writer.write(`${toJson(point, rows++)}\n`));
    return { rows };
  });
}

/**
 * What makes a CSV field quoted. Made once: a regular expression literal in `csvField` is a new
 * object at every call, seven per point of a download (~400 MB of garbage for a million points).
 */
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'object' ? toJson(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * `JSON.stringify(value)`, or a `StreamInputError` naming the row for what JSON cannot hold (a bigint,
 * a cycle): a point of the server is always JSON, so such a value came from the caller.
 */
function toJson(value: unknown, row?: number): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    const param = row === undefined ? 'value' : `points[${row}]`;
    throw new StreamInputError(param, `${param} can not be written as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function run(writer: SinkWriter, body: () => Promise<ExportResult>): Promise<ExportResult> {
  let result: ExportResult;
  try {
    result = await body();
    await writer.finish();
  } catch (error) {
    await writer.fail(error);
    throw error;
  }
  return result;
}

/**
 * Calls `write` for every point of `source`, in order, awaiting only the promises it returns (a full
 * chunk waiting for the sink). `iterate()`'s iterator is read a batch at a time and arrays are walked
 * in place: no promise per point, which is most of what an export of a download would allocate.
 */
async function forEachPoint<Point extends object>(
  source: PointSource<Point>,
  write: (point: Point) => Promise<void> | undefined,
): Promise<void> {
  const items: PointSource<Point> = source instanceof PointIterator ? source.batches() : source;
  if (!(Symbol.asyncIterator in items)) {
    for (const item of items) {
      const wait = Array.isArray(item) ? writeBatch(item, write) : write(item as Point);
      if (wait !== undefined) {
        await wait;
      }
    }
    return;
  }
  for await (const item of items) {
    const wait = Array.isArray(item) ? writeBatch(item, write) : write(item as Point);
    if (wait !== undefined) {
      await wait;
    }
  }
}

/** Writes the points of `batch`; returns a promise only if a write had to wait. */
function writeBatch<Point>(
  batch: readonly Point[],
  write: (point: Point) => Promise<void> | undefined,
  from = 0,
): Promise<void> | undefined {
  for (let i = from; i < batch.length; i++) {
    const wait = write(batch[i] as Point);
    if (wait !== undefined) {
      return wait.then(() => writeBatch(batch, write, i + 1));
    }
  }
  return undefined;
}

function checkSource(source: unknown): void {
  if (
    source === null ||
    typeof source !== 'object' ||
    !(Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    throw new StreamInputError('source', `source: expected an iterable of points, got ${describe(source)}`);
  }
}

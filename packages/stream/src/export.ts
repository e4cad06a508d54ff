/**
 * Exporting points as CSV or NDJSON to a Node writable or a web `WritableStream`, one page at a time:
 * the source can be `streamData.iterate()` / `iteratePages()` (nothing is held beyond a few pages) or
 * any array or iterable of objects, e.g. `streamData.data`.
 */

import { StreamInputError } from './errors.js';
import { describe } from './params.js';
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
  return run(writer, async () => {
    for await (const point of points(source)) {
      if (rows === 0) {
        await start(point);
      }
      const record = point as Record<string, unknown>;
      let line = '';
      for (let i = 0; i < (names as readonly string[]).length; i++) {
        line += (i === 0 ? '' : ',') + csvField(record[(names as readonly string[])[i] as string]);
      }
      await writer.write(`${line}\n`);
      rows++;
    }
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
    for await (const point of points(source)) {
      await writer.write(`${toJson(point, rows)}\n`);
      rows++;
    }
    return { rows };
  });
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  const text = typeof value === 'object' ? toJson(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
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

/** Flattens pages into points. */
async function* points<Point extends object>(source: PointSource<Point>): AsyncGenerator<Point> {
  for await (const item of source as AsyncIterable<Point | readonly Point[]>) {
    if (Array.isArray(item)) {
      yield* item as Point[];
    } else {
      yield item as Point;
    }
  }
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

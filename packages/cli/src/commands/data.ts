/**
 * `iotile data <stream>`: a stream's points, streamed from `/stream/{slug}/data/` a page at a time
 * (bounded memory, as `iterate()`), as CSV (default), NDJSON, JSON or a table.
 *
 * - A progress bar on stderr, only when stderr is a terminal (the total is the server's `count` for
 *   the same window, asked with `page_size=1`).
 * - `--out FILE` writes to a temporary file next to FILE and renames it once complete, so an
 *   interrupted or failed download never leaves a file that looks complete.
 * - Ctrl-C aborts the requests in flight, removes the temporary file and exits with 130; a second
 *   Ctrl-C exits at once.
 */

import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Api } from '@iotile/client';
import type { PointIterator } from '@iotile/stream';
import { type Context, onInterrupt } from '../context.js';
import { checkWindow, parseDateOption, parseIntegerOption } from '../dates.js';
import { EXIT_INTERRUPTED, InterruptedError, UsageError } from '../errors.js';
import { type Column, createRecordWriter, type Format } from '../format.js';
import { type TextOutput, textOutput } from '../output.js';
import { createProgress, type Progress, progressWanted } from '../progress.js';
import { openSession } from '../session.js';

export const DATA_FORMATS = ['csv', 'ndjson', 'json', 'table'] as const;

export interface DataOptions {
  start?: string;
  end?: string;
  lastn?: string;
  format: Format;
  out?: string;
  convert?: boolean;
  columns?: string;
}

interface Point {
  timestamp: string;
  value: number | null;
  [key: string]: unknown;
}

export async function data(context: Context, stream: string, options: DataOptions): Promise<void> {
  const { IOTileStreamSlug } = await import('@iotile/gid');
  const slug = new IOTileStreamSlug(stream).toString();
  const start = options.start === undefined ? undefined : parseDateOption('--start', options.start);
  // The window is pinned here (as iterate() would) so the count and the download see the same points.
  const end =
    options.end === undefined
      ? new Date(Math.ceil(Date.now() / 1000) * 1000)
      : parseDateOption('--end', options.end);
  checkWindow(start, end);
  const lastn =
    options.lastn === undefined
      ? undefined
      : parseIntegerOption(
          '--lastn',
          options.lastn,
          1,
          100_000,
          'the server allows --lastn from 1 to 100000',
        );
  const columns = options.columns
    ?.split(',')
    .map((column) => column.trim())
    .filter((column) => column !== '');
  if (columns !== undefined && columns.length === 0) {
    throw new UsageError('--columns: no column given', 'e.g. --columns timestamp,value,output_value');
  }
  const params = { start, end, lastn };

  const { api } = await openSession(context);
  const { StreamData } = await import('@iotile/stream');

  const target = options.out === undefined ? undefined : await openTemporary(options.out);
  const sink: NodeJS.WritableStream = target?.stream ?? context.io.stdout;
  let progress: Progress | undefined;
  // Ctrl-C aborts the download (every request open, the page being read and those fetched ahead) and
  // lets it unwind: the temporary file is removed below and the command ends with InterruptedError
  // (exit 130) once nothing is left open. A second Ctrl-C exits at once.
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.exit(EXIT_INTERRUPTED);
    }
    controller.abort(new InterruptedError());
  };
  const stopWatching = onInterrupt(context.io, onSigint);

  try {
    const total = progressWanted({ stream: context.io.stderr, quiet: context.globals.quiet })
      ? await countPoints(api, slug, params, controller.signal)
      : undefined;
    progress = await createProgress({
      stream: context.io.stderr,
      quiet: context.globals.quiet,
      total,
      label: 'Downloading',
    });
    const points = new StreamData(slug, api).iterate(params, {
      convert: options.convert === true,
      signal: controller.signal,
    }) as PointIterator<Point>;
    // Read a chunk of a page at a time (batches(), no promise per point): only that chunk is held.
    const source = progress ? counted(points.batches(), progress) : points;
    const rows = await writePoints(source, sink, options, columns, controller.signal);
    progress?.stop();
    progress = undefined;
    if (target) {
      await target.commit();
      context.log.info(`Wrote ${rows.toLocaleString('en-US')} points to ${options.out}`);
    }
  } catch (error) {
    progress?.stop();
    await target?.discard();
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    stopWatching();
  }
}

/** The number of points in the window: `count` of a one-point page. */
async function countPoints(
  api: Api,
  slug: string,
  params: { start?: Date | undefined; end: Date; lastn?: number | undefined },
  signal: AbortSignal,
): Promise<number | undefined> {
  const { datetimeToStr } = await import('@iotile/client');
  const page = await api.get('/stream/{slug}/data/', {
    params: {
      path: { slug },
      query: {
        page_size: 1,
        start: params.start === undefined ? undefined : datetimeToStr(params.start),
        end: datetimeToStr(params.end),
        lastn: params.lastn,
      },
    },
    signal,
  });
  return params.lastn === undefined ? page.count : Math.min(page.count, params.lastn);
}

/** Points per progress update (the bar redraws at most 10 times a second anyway). */
const PROGRESS_STEP = 1024;

/** The batches of `batches`, their points counted into `progress` on the way. */
async function* counted(batches: AsyncIterable<Point[]>, progress: Progress): AsyncGenerator<Point[]> {
  let pending = 0;
  try {
    for await (const batch of batches) {
      pending += batch.length;
      if (pending >= PROGRESS_STEP) {
        progress.add(pending);
        pending = 0;
      }
      yield batch;
    }
  } finally {
    progress.add(pending);
  }
}

const TABLE_COLUMNS = ['timestamp', 'value', 'output_value'];

async function writePoints(
  points: AsyncIterable<Point | Point[]>,
  sink: NodeJS.WritableStream,
  options: DataOptions,
  columns: string[] | undefined,
  signal: AbortSignal,
): Promise<number> {
  const { writeCsv, writeNdjson } = await import('@iotile/stream');
  switch (options.format) {
    case 'csv':
      return (await writeCsv(points, sink as never, { columns, end: false, signal })).rows;
    case 'ndjson':
      if (columns === undefined) {
        return (await writeNdjson(points, sink as never, { end: false, signal })).rows;
      }
      return writeRecords(points, 'ndjson', columns, textOutput(sink), true);
    case 'json':
      return writeRecords(points, 'json', columns ?? [], textOutput(sink), columns !== undefined);
    case 'table': {
      const names = columns ?? (options.convert ? [...TABLE_COLUMNS, 'converted_value'] : TABLE_COLUMNS);
      return writeRecords(points, 'table', names, textOutput(sink), true);
    }
    default:
      throw new UsageError(
        `unknown format ${JSON.stringify(options.format)}`,
        `expected one of: ${DATA_FORMATS.join(', ')}`,
      );
  }
}

async function writeRecords(
  points: AsyncIterable<Point | Point[]>,
  format: Format,
  names: readonly string[],
  out: TextOutput,
  pick: boolean,
): Promise<number> {
  const columns: Column<Point>[] = names.map((name) => ({
    header: format === 'table' ? name.toUpperCase() : name,
    value: (point) => point[name],
  }));
  const json = pick
    ? (point: Point) => Object.fromEntries(names.map((name) => [name, point[name] ?? null]))
    : undefined;
  const writer = createRecordWriter(format, columns, out, json === undefined ? {} : { json });
  for await (const item of points) {
    for (const point of Array.isArray(item) ? item : [item]) {
      await writer.write(point);
    }
  }
  return writer.end();
}

/** A file written under a temporary name in the target's directory, renamed over it by `commit()`. */
async function openTemporary(
  path: string,
): Promise<{ stream: WriteStream; commit(): Promise<void>; discard(): Promise<void> }> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(3).toString('hex')}.part`,
  );
  const stream = createWriteStream(temporary, { flags: 'wx' });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(
      `--out: cannot write in ${JSON.stringify(dirname(path))} (${code})`,
      'give a file in an existing, writable directory',
    );
  }
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  let discarded: Promise<void> | undefined;
  return {
    stream,
    async commit() {
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      await closed;
      await rename(temporary, path);
    },
    async discard() {
      discarded ??= (async () => {
        stream.destroy();
        await closed;
        await rm(temporary, { force: true });
      })();
      await discarded;
    },
  };
}

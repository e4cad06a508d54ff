/**
 * Downloads a stream to a CSV file (`timestamp,value,output_value`), every page of it, in bounded
 * memory: `iterate()` yields the points as pages arrive and `writeCsv` waits whenever the file asks it
 * to. The file is written under a temporary name and renamed at the end, so an interrupted download
 * never leaves a file that looks complete.
 *
 *   IOTILE_PASSWORD=... tsx src/csv-export.ts --email you@example.com \
 *     s--0000-0010--0000-0000-0000-0a01--5001 inflow.csv [2025-01-01T00:00:00Z [2026-01-01T00:00:00Z]]
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';

import { IOTileStreamSlug } from '@iotile/gid';
import { StreamData, writeCsv } from '@iotile/stream';

import { type Connection, isMain, type Log, printLine, runFromCommandLine, withApi } from './session.js';

export interface CsvExportResult {
  file: string;
  rows: number;
}

export async function main(
  connection: Connection,
  stream: string,
  file: string,
  window: { start?: string | Date; end?: string | Date } = {},
  log: Log = printLine,
): Promise<CsvExportResult> {
  new IOTileStreamSlug(stream); // a malformed slug throws here, before any request
  return withApi(connection, async (api) => {
    const partial = `${file}.part`;
    try {
      const { rows } = await writeCsv(
        new StreamData(stream, api).iterate(window),
        createWriteStream(partial),
        {
          columns: ['timestamp', 'value', 'output_value'],
        },
      );
      await rename(partial, file);
      log(`Wrote ${rows} points of ${stream} to ${file}`);
      return { file, rows };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  });
}

if (isMain(import.meta.url)) {
  await runFromCommandLine(
    'csv-export [options] <stream-slug> <file.csv> [start [end]]',
    { min: 2, max: 4 },
    (connection, [stream, file, start, end]) =>
      main(connection, stream as string, file as string, {
        ...(start ? { start } : {}),
        ...(end ? { end } : {}),
      }),
  );
}

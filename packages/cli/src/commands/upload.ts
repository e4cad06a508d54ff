/**
 * `iotile upload report <file> [--timestamp]`: a streamer report (`.bin`, `.json`, `.mp`) to
 * POST /streamer/report/?timestamp=; `iotile upload event <file> --stream <slug>`: a raw JSON event
 * file to POST /event/upload/.
 */

import { stat } from 'node:fs/promises';
import type { Context } from '../context.js';
import { parseDateOption } from '../dates.js';
import { UsageError } from '../errors.js';
import { parseJsonData } from '../key-value.js';
import { openSession } from '../session.js';

export interface UploadReportOptions {
  timestamp?: string;
  json?: boolean;
}

export interface UploadEventOptions {
  stream: string;
  timestamp?: string;
  extraData?: string;
  json?: boolean;
}

async function checkFile(file: string): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(file);
  } catch {
    throw new UsageError(`no such file: ${file}`, 'give the path of the file to upload');
  }
  if (!info.isFile()) {
    throw new UsageError(`not a file: ${file}`, 'give the path of the file to upload');
  }
}

export async function uploadReport(
  context: Context,
  file: string,
  options: UploadReportOptions,
): Promise<void> {
  const timestamp =
    options.timestamp === undefined ? new Date() : parseDateOption('--timestamp', options.timestamp);
  await checkFile(file);
  const { api } = await openSession(context);
  const result = await api.rest.streamer.report.uploadFile<{ count?: number }>(file, {
    query: { timestamp },
  });
  if (options.json) {
    context.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  context.io.stdout.write(`Uploaded ${file}: ${result?.count ?? 0} readings\n`);
}

export async function uploadEvent(
  context: Context,
  file: string,
  options: UploadEventOptions,
): Promise<void> {
  const { IOTileStreamSlug } = await import('@iotile/gid');
  const stream = new IOTileStreamSlug(options.stream).toString();
  const timestamp =
    options.timestamp === undefined ? new Date() : parseDateOption('--timestamp', options.timestamp);
  if (!/\.json(?:\.gz)?$/i.test(file)) {
    throw new UsageError(
      `an event file must end with .json or .json.gz: ${file}`,
      'the server reads the raw event data as JSON',
    );
  }
  const extra =
    options.extraData === undefined ? undefined : parseJsonData(options.extraData, '--extra-data');
  await checkFile(file);
  const { api } = await openSession(context);
  const data: Record<string, string> = { stream, timestamp: timestamp.toISOString() };
  if (extra !== undefined) {
    data.encoded_extra_data = JSON.stringify(extra);
  }
  const result = await api.rest.event.upload.uploadFile<{ id?: number }>(file, { data });
  if (options.json) {
    context.io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  context.io.stdout.write(`Uploaded ${file}: event ${result?.id ?? '?'} on ${stream}\n`);
}

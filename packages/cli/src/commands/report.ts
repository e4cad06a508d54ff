/**
 * `iotile report sum <slug...> --start [--end]`: the accumulation report (@iotile/report's
 * `AccumulationReportGenerator.computeSum`) over projects, devices and streams, as a table or JSON.
 */

import type { Context } from '../context.js';
import { checkWindow, parseDateOption } from '../dates.js';
import { CliError, UsageError } from '../errors.js';
import { createRecordWriter } from '../format.js';
import { textOutput } from '../output.js';
import { openSession } from '../session.js';

export interface ReportSumOptions {
  start: string;
  end?: string;
  json?: boolean;
}

export async function reportSum(
  context: Context,
  sources: readonly string[],
  options: ReportSumOptions,
): Promise<void> {
  if (sources.length === 0) {
    throw new UsageError(
      'report sum needs at least one project, device or stream slug',
      'e.g. iotile report sum p--0000-0001 --start 2024-01-01',
    );
  }
  const start = parseDateOption('--start', options.start);
  const end = options.end === undefined ? undefined : parseDateOption('--end', options.end);
  checkWindow(start, end);
  const { readSources, AccumulationReportGenerator } = await import('@iotile/report');
  readSources(sources); // malformed slugs are usage errors, before logging in
  const { api } = await openSession(context);
  const generator = new AccumulationReportGenerator(api, {
    logger: {
      warn: (message) => context.log.warn(message),
      error: (message) => context.log.warn(message),
      info: (message) => context.log.verbose(message),
      debug: (message) => context.log.verbose(message),
    },
  });
  const report = await generator.computeSum([...sources], start, end);
  if ('error' in report) {
    throw new CliError(`report: ${report.error}`, {
      hint: 'check the slugs with: iotile ls streams --project <slug>',
    });
  }
  if (options.json) {
    context.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(report.streams).map(([slug, line]) => ({ slug, ...line }));
  rows.push({ slug: 'TOTAL', sum: report.total, units: null });
  const writer = createRecordWriter(
    'table',
    [
      { header: 'STREAM', value: (row: (typeof rows)[number]) => row.slug },
      { header: 'SUM', value: (row) => formatNumber(row.sum) },
      { header: 'UNITS', value: (row) => row.units },
    ],
    textOutput(context.io.stdout),
  );
  for (const row of rows) {
    await writer.write(row);
  }
  await writer.end();
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

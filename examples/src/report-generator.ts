/**
 * The Python `report-generator-example.py`: totals across projects, devices and streams over a time
 * window, with the accumulation report (each stream's output values added up, in its output unit).
 *
 *   IOTILE_PASSWORD=... tsx src/report-generator.ts --email you@example.com \
 *     2025-01-01T00:00:00Z 2025-02-01T00:00:00Z p--0000-0010 d--0b01 s--0000-0010--0000-0000-0000-0a01--5001
 */
import { AccumulationReportGenerator } from '@iotile/report';

import { type Connection, isMain, type Log, printLine, runFromCommandLine, withApi } from './session.js';

export interface ReportResult {
  streams: Record<string, { sum: number; units: string | null }>;
  total: number;
}

export async function main(
  connection: Connection,
  sources: string[],
  start: string | Date,
  end: string | Date,
  log: Log = printLine,
): Promise<ReportResult> {
  return withApi(connection, async (api) => {
    const generator = new AccumulationReportGenerator(api, {
      logger: { warn: (message) => log(`warning: ${message}`), error: (message) => log(`error: ${message}`) },
    });
    const report = await generator.computeSum(sources, start, end);
    if ('error' in report) {
      throw new Error(report.error);
    }
    log(`From ${String(start)} to ${String(end)}:`);
    for (const [slug, { sum, units }] of Object.entries(report.streams)) {
      log(`  ${slug}: ${sum.toFixed(2)} ${units ?? ''}`.trimEnd());
    }
    log(`  total: ${report.total.toFixed(2)}`);
    return report;
  });
}

if (isMain(import.meta.url)) {
  await runFromCommandLine(
    'report-generator [options] <start> <end> <source...> (sources: p--, d-- or s-- slugs)',
    { min: 3, max: Number.POSITIVE_INFINITY },
    (connection, [start, end, ...sources]) => main(connection, sources, start as string, end as string),
  );
}

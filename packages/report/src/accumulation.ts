/**
 * `AccumulationReportGenerator`, as Python's: the sum of every stream's `output_value` over the
 * window, and the grand total. Streams are downloaded `concurrency` at a time; the total is added up
 * in stream order, so the result does not depend on which download finished first.
 */

import { datetimeToStr } from '@iotile/client';
import { HttpClientError } from '@iotile/client/errors';
import { type DateInput, StreamData } from '@iotile/stream';
import { BaseReportGenerator, type StreamRecord } from './base.js';

/** One stream's line of the report. */
export interface StreamSum {
  /** Sum of the stream's `output_value`s in the window. */
  sum: number;
  /** The output unit's `unit_short` (`null` when the stream has no output unit). */
  units: string | null;
}

/** `{ streams: { [slug]: { sum, units } }, total }` */
export interface AccumulationReport {
  streams: Record<string, StreamSum>;
  total: number;
}

export class AccumulationReportGenerator extends BaseReportGenerator<AccumulationReport> {
  protected async processData(start: DateInput, end: DateInput): Promise<AccumulationReport> {
    this.logger.debug?.(`Processing data from ${datetimeToStr(start)} to ${datetimeToStr(end)}`);
    const sums = await this.mapConcurrent(this.streams, (stream, signal) =>
      this.processStream(stream, start, end, signal),
    );
    const report: AccumulationReport = { streams: {}, total: 0 };
    this.streams.forEach((stream, index) => {
      const line = sums[index];
      if (line !== undefined) {
        report.streams[stream.slug] = line;
        report.total += line.sum;
      }
    });
    return report;
  }

  /**
   * One stream's sum; `undefined` leaves the stream out of the report (no points in the window, or
   * the server refused its data, which is logged). Override to change what is computed per stream.
   */
  protected async processStream(
    stream: StreamRecord,
    start: DateInput,
    end: DateInput,
    signal: AbortSignal,
  ): Promise<StreamSum | undefined> {
    let sum = 0;
    let points = 0;
    try {
      const pages = this.createStreamData(stream.slug).iteratePages(
        { start, end },
        { concurrency: this.pageConcurrency, signal },
      );
      for await (const page of pages) {
        for (const point of page) {
          if (typeof point.output_value === 'number') {
            sum += point.output_value;
            points++;
          }
        }
      }
    } catch (error) {
      if (error instanceof HttpClientError) {
        this.logger.error?.(`Skipping stream ${stream.slug}: ${error.message}`);
        return undefined;
      }
      throw error;
    }
    return points === 0 ? undefined : { sum, units: stream.output_unit?.unit_short ?? null };
  }

  /** The `StreamData` a stream is read with (override to use a subclass). */
  protected createStreamData(slug: string): StreamData {
    return new StreamData(slug, this.api);
  }
}

import type { Api } from '@iotile/client';
import type { DateInput } from '@iotile/stream';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AccumulationReport,
  AccumulationReportGenerator,
  BaseReportGenerator,
  type ReportError,
  type StreamSum,
} from '../src/index.js';

declare const api: Api;

describe('computeSum', () => {
  it('resolves the report or { error }, told apart with `in`', async () => {
    const result = await new AccumulationReportGenerator(api).computeSum(['p--0001'], new Date());
    expectTypeOf(result).toEqualTypeOf<AccumulationReport | ReportError>();
    if ('error' in result) {
      expectTypeOf(result.error).toEqualTypeOf<string>();
    } else {
      expectTypeOf(result.streams).toEqualTypeOf<Record<string, StreamSum>>();
      expectTypeOf(result.total).toEqualTypeOf<number>();
      expectTypeOf<StreamSum['units']>().toEqualTypeOf<string | null>();
    }
  });

  it('takes slugs and dates', () => {
    const sources: readonly string[] = ['d--00d2'];
    new AccumulationReportGenerator(api).computeSum(sources, '2017-09-01', new Date());
    // @ts-expect-error sources are slug strings
    new AccumulationReportGenerator(api).computeSum([0x1111], '2017-09-01');
    // @ts-expect-error start is a Date or a string
    new AccumulationReportGenerator(api).computeSum(['d--00d2'], 1_500_000_000);
    // @ts-expect-error start is required
    new AccumulationReportGenerator(api).computeSum(['d--00d2']);
  });

  it('a subclass chooses its result type', async () => {
    class Counts extends BaseReportGenerator<{ counts: number }> {
      protected async processData(_start: DateInput, _end: DateInput) {
        return { counts: this.streams.length };
      }
    }
    expectTypeOf(await new Counts(api).computeSum([], '2017-09-01')).toEqualTypeOf<
      { counts: number } | ReportError
    >();
  });

  it('options are typed', () => {
    // @ts-expect-error concurrency is a number
    new AccumulationReportGenerator(api, { concurrency: 'high' });
    // @ts-expect-error pageConcurrency is a number or 'auto'
    new AccumulationReportGenerator(api, { pageConcurrency: 'high' });
    new AccumulationReportGenerator(api, { pageConcurrency: 'auto' });
    new AccumulationReportGenerator(api, { logger: { warn: (message: string) => message.length } });
  });
});

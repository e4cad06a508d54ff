import type { Api } from '@iotile/client';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type LoadedPoint,
  type PointIterator,
  RawData,
  type RawDataPoint,
  StreamData,
  type StreamDataPoint,
  type UnitConversion,
  writeCsv,
} from '../src/index.js';

declare const api: Api;
const stream = new StreamData('s--0000-0001--0000-0000-0000-00d2--5001', api);

describe('points', () => {
  it('StreamData yields the /stream/{slug}/data/ point type', () => {
    expectTypeOf(stream.iterate()).toEqualTypeOf<PointIterator<StreamDataPoint>>();
    expectTypeOf(stream.iterate()).toMatchTypeOf<AsyncGenerator<StreamDataPoint, void, undefined>>();
    expectTypeOf(stream.iterate().batches()).toEqualTypeOf<
      AsyncGenerator<StreamDataPoint[], void, undefined>
    >();
    expectTypeOf<StreamDataPoint['output_value']>().toEqualTypeOf<number | null>();
    expectTypeOf<StreamDataPoint['timestamp']>().toEqualTypeOf<string>();
    expectTypeOf(stream.iteratePages()).toEqualTypeOf<AsyncGenerator<StreamDataPoint[], void, undefined>>();
  });

  it('RawData yields /data/ points (with id and stream, without output_value)', () => {
    const raw = new RawData(api).iterate({ filter: 'd--00d2' });
    expectTypeOf(raw).toEqualTypeOf<PointIterator<RawDataPoint>>();
    expectTypeOf<RawDataPoint['id']>().toEqualTypeOf<number>();
    expectTypeOf<RawDataPoint['stream']>().toEqualTypeOf<string>();
    expectTypeOf<RawDataPoint>().not.toHaveProperty('output_value');
  });

  it('convert: true adds converted_value to the yielded type', () => {
    expectTypeOf(stream.iterate({}, { convert: true })).toEqualTypeOf<
      PointIterator<StreamDataPoint & UnitConversion>
    >();
    expectTypeOf<UnitConversion['converted_value']>().toEqualTypeOf<number | null>();
    expectTypeOf(new RawData(api).iteratePages({ filter: 'd--00d2' }, { convert: true })).toEqualTypeOf<
      AsyncGenerator<(RawDataPoint & UnitConversion)[], void, undefined>
    >();
  });

  it('.data may carry converted_value, and subclasses see it typed', () => {
    expectTypeOf(stream.data).toEqualTypeOf<LoadedPoint<StreamDataPoint>[]>();
    class MyStreamData extends StreamData {
      values(): (number | null)[] {
        return this.data.map((row) => row.value);
      }
      converted(): (number | null | undefined)[] {
        return this.data.map((row) => row.converted_value);
      }
    }
    expectTypeOf(new MyStreamData('s--0001--00d2--5001', api).initializeFromServer()).toEqualTypeOf<
      Promise<MyStreamData>
    >();
  });
});

describe('params', () => {
  it('accepts dates as Date or string, numbers for lastn/page_size, and other filters', () => {
    stream.iterate({ start: new Date(), end: '2020-01-01', lastn: 5, page_size: 100, mask: 1 });
    new RawData(api).iterate({ filter: 's--0001--00d2--5001', timestamp: new Date(), id_min: 3 });
  });

  it('refuses wrong types and page', () => {
    // @ts-expect-error lastn is a number
    stream.iterate({ lastn: '5' });
    // @ts-expect-error start is a Date or a string
    stream.iterate({ start: 1_600_000_000 });
    // @ts-expect-error pages are the iterator's
    stream.iterate({ page: 2 });
    // @ts-expect-error filters are strings, numbers, booleans or dates
    stream.iterate({ other: { nested: true } });
  });

  it('RawData needs a filter', () => {
    // @ts-expect-error filter is required
    new RawData(api).iterate({ lastn: 5 });
    // @ts-expect-error filter is required
    new RawData(api).initializeFromServer();
  });

  it('options are typed', () => {
    // @ts-expect-error concurrency is a number or 'auto'
    stream.iterate({}, { concurrency: 'many' });
    stream.iterate({}, { concurrency: 'auto' });
    // @ts-expect-error unknown option
    stream.iterate({}, { pageSize: 5 });
  });
});

describe('export', () => {
  it('takes points, pages, iterators and both kinds of sink', () => {
    expectTypeOf(writeCsv).toBeCallableWith(stream.iterate(), new WritableStream<Uint8Array>());
    expectTypeOf(writeCsv).toBeCallableWith(stream.iteratePages(), new WritableStream<Uint8Array>());
    expectTypeOf(writeCsv).toBeCallableWith(stream.data, new WritableStream<Uint8Array>(), {
      columns: ['value'],
    });
    // @ts-expect-error a sink is a writable
    writeCsv(stream.data, 'file.csv');
  });
});

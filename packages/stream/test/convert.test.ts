import { describe, expect, it } from 'vitest';
import { RawData, StreamData } from '../src/index.js';
import { apiFor, collect, FakeCloud, makePoints, STREAM } from './helpers.js';

const OTHER = 's--0000-0001--0000-0000-0000-00d2--5002';
const NO_RECORD = 's--0000-0001--0000-0000-0000-00d2--5003';
const unit = (m: number, d: number, o: number) => ({
  slug: 'out--x',
  unit_full: 'X',
  unit_short: 'X',
  m,
  d,
  o,
});

function rawPoints(): unknown[] {
  return [STREAM, OTHER, NO_RECORD, STREAM, OTHER, NO_RECORD].map((stream, i) => ({
    id: i + 1,
    stream,
    timestamp: `2020-01-01T00:00:0${i}Z`,
    value: i === 3 ? null : 10 * (i + 1),
  }));
}

describe('convert: true', () => {
  it('RawData converts each point with its own stream unit, reading each unit once', async () => {
    const cloud = new FakeCloud({
      points: rawPoints(),
      streams: {
        [STREAM]: { slug: STREAM, output_unit: unit(3, 2, 1) },
        [OTHER]: { slug: OTHER, output_unit: null },
      },
    });
    const points = await collect(
      new RawData(apiFor(cloud)).iterate({ filter: 'd--00d2', page_size: 2 }, { convert: true }),
    );
    expect(points.map((p) => [p.stream, p.value, p.converted_value])).toEqual([
      [STREAM, 10, 1 + (10 * 3) / 2],
      [OTHER, 20, null], // no output unit
      [NO_RECORD, 30, null], // no Stream record (404)
      [STREAM, null, null], // null value
      [OTHER, 50, null],
      [NO_RECORD, 60, null],
    ]);
    expect([...cloud.unitRequests].sort()).toEqual([STREAM, OTHER, NO_RECORD].sort());
  });

  it('StreamData reads the unit once, before the first page arrives', async () => {
    const cloud = new FakeCloud({
      points: makePoints(250),
      streams: { [STREAM]: { slug: STREAM, output_unit: unit(1, 4, 0) } },
    });
    const points = await collect(
      new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 100 }, { convert: true }),
    );
    expect(points.map((p) => p.converted_value)).toEqual(points.map((p) => (p.value as number) / 4));
    expect(cloud.unitRequests).toEqual([STREAM]);
  });

  it('an invalid unit (m = 0) converts to null rather than failing the download', async () => {
    const cloud = new FakeCloud({
      points: makePoints(3),
      streams: { [STREAM]: { slug: STREAM, output_unit: unit(0, 1, 0) } },
    });
    const points = await collect(new StreamData(STREAM, apiFor(cloud)).iterate({}, { convert: true }));
    expect(points.map((p) => p.converted_value)).toEqual([null, null, null]);
  });

  it('without convert, no unit is read and no field is added', async () => {
    const cloud = new FakeCloud({
      points: makePoints(3),
      streams: { [STREAM]: { slug: STREAM, output_unit: unit(2, 1, 0) } },
    });
    const points = await collect(new StreamData(STREAM, apiFor(cloud)).iterate());
    expect(points.every((p) => !('converted_value' in p))).toBe(true);
    expect(cloud.unitRequests).toEqual([]);
  });
});

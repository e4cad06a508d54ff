/** The hand-written JSON of the hot paths must equal `JSON.stringify` of the regular serializers. */
import { describe, expect, it } from 'vitest';

import type { DataPoint } from '../src/points.js';
import {
  dataPoint,
  dataPointJson,
  outputConversion,
  slugFields,
  streamDataPoint,
  streamDataPointJson,
} from '../src/serializers.js';
import { formatSecondsZ, SecondsZFormatter } from '../src/timestamps.js';

const base: DataPoint = {
  id: 7,
  timestamp: Date.UTC(2019, 5, 1, 8, 0, 0) * 1000 + 250_000,
  type: 'ITR',
  intValue: 100,
  value: 37854.1,
  streamerLocalId: 3,
  deviceTimestamp: null,
  dirtyTs: false,
  status: 'unk',
};

const variants: DataPoint[] = [
  base,
  { ...base, value: null, intValue: null },
  { ...base, value: Number.NaN },
  { ...base, value: 1e-7, deviceTimestamp: 12, dirtyTs: true, status: 'drt' },
  { ...base, displayValue: 'quote " and \\ backslash' },
  { ...base, timestamp: -86_400_000_000 + 1 },
];

const streamObj = { output_unit: { m: 1, d: 1000, o: 0, decimal_places: 2 } };

describe('fast JSON rows', () => {
  it('streamDataPointJson equals JSON.stringify(streamDataPoint())', () => {
    const times = new SecondsZFormatter();
    for (const point of variants) {
      for (const stream of [undefined, streamObj].map((s) => outputConversion(s))) {
        const fast = streamDataPointJson(point, stream, times);
        expect(JSON.parse(fast)).toEqual(JSON.parse(JSON.stringify(streamDataPoint(point, stream))));
        expect(fast).toBe(JSON.stringify(streamDataPoint(point, stream)));
      }
    }
  });

  it('dataPointJson equals JSON.stringify(dataPoint())', () => {
    const times = new SecondsZFormatter();
    const f = slugFields('s--0000-0042--0000-0000-0000-0a1b--5001');
    for (const point of variants) {
      expect(dataPointJson(point, f, times)).toBe(JSON.stringify(dataPoint(point, f)));
    }
  });

  it('SecondsZFormatter equals formatSecondsZ across days, years and before 1970', () => {
    const times = new SecondsZFormatter();
    let us = Date.UTC(1969, 11, 31, 23, 59, 0) * 1000;
    for (let i = 0; i < 5000; i++) {
      expect(times.format(us)).toBe(formatSecondsZ(us));
      us += 7_919_999_937;
    }
  });
});

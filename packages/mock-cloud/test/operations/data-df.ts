/** `/df/`: a demo stream's data as a table. */
import { expect } from 'vitest';

import { DEMO_STREAMS } from '../../src/index.js';
import type { OperationCase } from './case.js';

export const cases: OperationCase[] = [
  {
    op: 'GET /df/',
    path: '/df/',
    query: { filter: DEMO_STREAMS.tripStart },
    status: 200,
    check: (res) => {
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.text.split(/\r?\n/).slice(0, 2)).toEqual([
        'row,value,stream_slug',
        `2025-11-03 08:00:00+00:00,1.0,${DEMO_STREAMS.tripStart}`,
      ]);
    },
  },
  {
    op: 'GET /df/',
    path: '/df/',
    query: { filter: DEMO_STREAMS.tripStart, format: 'json' },
    status: 200,
    check: (res) =>
      expect(res.body).toEqual([
        { row: '2025-11-03T08:00:00.000Z', value: 1, stream_slug: DEMO_STREAMS.tripStart },
      ]),
  },
  { op: 'GET /df/', path: '/df/', as: 'anonymous', status: 401 },
];

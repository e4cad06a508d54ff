/**
 * `output_value` on `/stream/{slug}/data/` is what the server's StreamDataDisplayHelper computes: the
 * stored `value` through the output unit's MDO (`o + value * m / d`, m and d default 1, o 0), through the
 * derived stream's output unit first when the stream has one; `value` itself when there is no output unit.
 * Never a value a fixture or a CSV row carries.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { MockIOTileCloud, type RunningServer } from '../src/index.js';
import { SpecClient } from './support/spec-client.js';

const slug = (lid: string) => `s--0000-0077--0000-0000-0000-00d2--${lid}`;
const GALLONS = { slug: 'out--water-meter-volume--gallons', unit_short: 'G', m: 100000, d: 378541 };

let server: RunningServer;
let client: SpecClient;
beforeAll(async () => {
  const cloud = new MockIOTileCloud({
    data: {
      users: { 'u@example.com': 'pw' },
      devices: [{ slug: 'd--00d2' }],
      streams: [
        { slug: slug('5001'), output_unit: GALLONS },
        // A unit that leaves out d and o: the serializer shows d 1 and o 0, and the value follows them.
        { slug: slug('5002'), output_unit: { slug: 'out--x', m: 3 } },
        { slug: slug('5003'), output_unit: { slug: 'out--temp--f', m: 9, d: 5, o: 32 } },
        { slug: slug('5004') },
        { slug: slug('5005'), derived_stream: slug('5003'), output_unit: { slug: 'out--k', m: 1, d: 2 } },
      ],
      data: {
        // The fixture's output_value is not what the server would say: it is ignored.
        [slug('5001')]: [{ timestamp: '2020-01-01T00:00:00Z', value: 378.541, output_value: 378.541 }],
        [slug('5002')]: [{ timestamp: '2020-01-01T00:00:00Z', int_value: 7 }],
        [slug('5003')]: [{ timestamp: '2020-01-01T00:00:00Z', value: 100 }],
        [slug('5004')]: [{ timestamp: '2020-01-01T00:00:00Z', value: 4.5, output_value: 99 }],
      },
    },
  });
  server = await cloud.start({ port: 0 });
  client = new SpecClient(server.url);
  await client.login('u@example.com', 'pw');
  return () => server.close();
});

const first = async (s: string) => (await client.get(`/stream/${s}/data/`)).body.results[0];

describe('output_value', () => {
  it('converts value with the output unit m/d', async () => {
    expect((await first(slug('5001'))).output_value).toBeCloseTo(100, 9);
  });

  it('takes d = 1 and o = 0 when the unit leaves them out', async () => {
    expect((await first(slug('5002'))).output_value).toBe(21);
  });

  it('adds the offset o', async () => {
    expect((await first(slug('5003'))).output_value).toBe(212);
  });

  it('is the value itself when the stream has no output unit', async () => {
    expect((await first(slug('5004'))).output_value).toBe(4.5);
  });

  it("goes through the derived stream's output unit first", async () => {
    expect((await first(slug('5005'))).output_value).toBe(106);
  });

  it('is what /df/?apply_mdo=1 gives as value', async () => {
    for (const lid of ['5001', '5002', '5003', '5004']) {
      const res = await client.get('/df/', { filter: slug(lid), format: 'json', apply_mdo: 1 });
      expect(res.body[0].value).toBe((await first(slug(lid))).output_value);
    }
  });
});

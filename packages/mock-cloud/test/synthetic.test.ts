import { beforeAll, describe, expect, it } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';

const SLUG = 's--0000-0042--0000-0000-0000-0a1b--5f00';
let t: Started;
beforeAll(async () => {
  t = await startCloud();
  t.cloud.addSyntheticStream(SLUG, {
    count: 1_000_000,
    start: '2021-01-01T00:00:00Z',
    intervalSeconds: 10,
    value: (i) => (i % 1000) / 4,
  });
  await t.client.login('ada@example.com', 'lovelace');
});

describe('a synthetic million-point stream', () => {
  it('serves its first page with the SuperLarge default and links to the next', async () => {
    const res = await t.client.get(`/stream/${SLUG}/data/`);
    expect(res.body.count).toBe(1_000_000);
    expect(res.body.results).toHaveLength(5000);
    expect(res.body.results[1]).toEqual({
      type: 'Num',
      timestamp: '2021-01-01T00:00:10Z',
      int_value: 0,
      value: 0.25,
      display_value: '0.25',
      output_value: 0.25,
      streamer_local_id: 2,
    });
    expect(res.body.next).toBe(`${t.server.url}/api/v1/stream/${SLUG}/data/?page=2`);
  });

  it('serves a page from the middle and the last page (max page size 20000)', async () => {
    const mid = await t.client.get(`/stream/${SLUG}/data/`, { page_size: 20000, page: 25 });
    expect(mid.body.results).toHaveLength(20000);
    expect(mid.body.results[0].streamer_local_id).toBe(480_001);
    expect(mid.body.results[0].timestamp).toBe(
      new Date(Date.UTC(2021, 0, 1) + 480_000 * 10_000).toISOString().replace('.000', ''),
    );
    const last = await t.client.get(`/stream/${SLUG}/data/`, { page_size: 20000, page: 'last' });
    expect(last.body.results).toHaveLength(20000);
    expect(last.body.next).toBeNull();
    expect(last.body.results.at(-1).streamer_local_id).toBe(1_000_000);
  });

  it('narrows by time with binary search (start/end/lastn)', async () => {
    const res = await t.client.get(`/stream/${SLUG}/data/`, {
      start: '2021-01-02T00:00:00Z',
      end: '2021-01-02T00:01:00Z',
    });
    expect(res.body.count).toBe(6);
    expect(res.body.results[0].streamer_local_id).toBe(8641);
    const tail = await t.client.get(`/stream/${SLUG}/data/`, { lastn: 3 });
    expect(tail.body.results.map((p: { streamer_local_id: number }) => p.streamer_local_id)).toEqual([
      999_998, 999_999, 1_000_000,
    ]);
  });

  it('is served by /data/ too, and counted in device extra', async () => {
    const res = await t.client.get('/data/', { filter: SLUG, page: 1000 });
    expect(res.body.results).toHaveLength(1000);
    expect(res.body.next).toBeNull();
    const extra = await t.client.get('/device/d--0000-0000-0000-0a1b/extra/');
    expect(extra.body.stream_counts[SLUG]).toEqual({ data_cnt: 1_000_000, has_streamid: true });
  });

  it('accepts typed arrays and constants as values, and rejects bad options', () => {
    const values = new Float64Array([1.5, 2.5, 3.5]);
    t.cloud.addSyntheticStream('s--0000-0042--0000-0000-0000-0a1b--5f01', { count: 3, value: values });
    t.cloud.addSyntheticStream('s--0000-0042--0000-0000-0000-0a1b--5f02', { count: 3, value: 7 });
    expect(() => t.cloud.addSyntheticStream(SLUG, { count: -1 })).toThrow(RangeError);
    expect(() => t.cloud.addSyntheticStream(SLUG, { count: 4, value: values })).toThrow(/value array/);
    expect(() => t.cloud.addSyntheticStream('s--bad', { count: 1 })).toThrow(/stream slug/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';

import { DEVICE, INFLOW, NO_RECORD, type Started, startCloud } from './support/cloud.js';

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  await t.client.login('ada@example.com', 'lovelace');
});

describe('GET /df/', () => {
  it('answers CSV by default (no format, Accept */*), values as floats', async () => {
    const res = await t.client.get('/df/', { filter: INFLOW }, { headers: { accept: '*/*' } });
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.body.trim().split('\n')).toEqual([
      'row,value,stream_slug',
      `2019-06-02 00:30:00.000001+00:00,5.0,${INFLOW}`,
      `2019-06-02 01:30:00.000001+00:00,7.0,${INFLOW}`,
      `2019-06-02 02:30:00.000001+00:00,0.0,${INFLOW}`,
      `2019-06-02 03:30:00.000001+00:00,12.0,${INFLOW}`,
    ]);
  });

  it('names the column int_value for a stream without record, and adds extended columns', async () => {
    const res = await t.client.get('/df/', { filter: NO_RECORD, format: 'csv', extended: 1 });
    expect(res.body.split('\n')[0]).toBe('row,int_value,stream_slug,device_timestamp,streamer_local_id');
  });

  it('answers JSON records with the row index, by format or Accept', async () => {
    const byFormat = await t.client.get('/df/', { filter: INFLOW, format: 'json' });
    const byAccept = await t.client.get(
      '/df/',
      { filter: INFLOW },
      { headers: { accept: 'application/json' } },
    );
    expect(byFormat.body).toEqual(byAccept.body);
    expect(byFormat.body[0]).toEqual({ row: '2019-06-02T00:30:00.000Z', value: 5, stream_slug: INFLOW });
    const split = await t.client.get('/df/', {
      filter: INFLOW,
      format: 'json',
      orient: 'split',
      date_format: 'epoch',
    });
    expect(split.body.columns).toEqual(['value', 'stream_slug']);
    expect(split.body.index[0]).toBe(Date.UTC(2019, 5, 2, 0, 30));
  });

  it('pivots a device into one column per stream', async () => {
    const res = await t.client.get('/df/', { filter: DEVICE, format: 'csv', pivot: 1 });
    const header = res.body.split('\n')[0].split(',');
    expect(header[0]).toBe('row');
    expect(header.slice(1)).toHaveLength(3);
  });

  it('answers text/plain for format=txt, and only the header without a filter', async () => {
    const txt = await t.client.get('/df/', { filter: INFLOW, format: 'txt' });
    expect(txt.headers.get('content-type')).toMatch(/^text\/plain/);
    const none = await t.client.get('/df/', { format: 'csv' });
    expect(none.body).toBe('row,value,stream_slug\n');
  });

  it('answers 406 when the Accept header cannot be satisfied', async () => {
    expect(
      (await t.client.get('/df/', { filter: INFLOW }, { headers: { accept: 'application/xml' } })).status,
    ).toBe(406);
  });
});

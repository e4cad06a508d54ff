import { Writable } from 'node:stream';
import { Api } from '@iotile/client';
import { HttpClientError } from '@iotile/client/errors';
import { IOTileStreamSlug } from '@iotile/gid';
import { MockIOTileCloud } from '@iotile/mock-cloud';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dataFrameQuery, downloadDataFrame, fetchDataFrame, StreamInputError } from '../src/index.js';
import { DOMAIN, STREAM } from './helpers.js';

function collectingSink() {
  const chunks: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { sink, text: () => chunks.join('') };
}

describe('dataFrameQuery', () => {
  it('normalises the filter, formats dates, sends flags as 1 and csv by default', () => {
    expect(
      dataFrameQuery({
        filter: 'd--00d2',
        start: '2020-01-01',
        end: new Date('2020-01-02T00:00:00.500Z'),
        apply_mdo: true,
        extended: false,
      }),
    ).toEqual({
      filter: 'd--0000-0000-0000-00d2',
      format: 'csv',
      start: '2020-01-01T00:00:00Z',
      end: '2020-01-02T00:00:01Z',
      apply_mdo: 1,
    });
  });

  it.each([
    [{ filter: 'p--0001' }, 'filter'],
    [{ filter: 's--1' }, 'filter'],
    [{ filter: STREAM, format: 'xls' }, 'format'],
    [{ filter: STREAM, start: '2020-02-01', end: '2020-01-01' }, 'start'],
    [{ filter: STREAM, end: 'soon' }, 'end'],
    [{ filter: STREAM, pivot: 'yes' }, 'pivot'],
    [{ filter: STREAM, orient: 'split' }, 'orient'],
  ])('rejects %j', (params, param) => {
    expect(() => dataFrameQuery(params as never)).toThrow(StreamInputError);
    try {
      dataFrameQuery(params as never);
    } catch (error) {
      expect((error as StreamInputError).param).toBe(param);
    }
  });

  it('sends nothing for bad params', async () => {
    const fetch = vi.fn();
    const api = new Api({ domain: DOMAIN, fetch });
    await expect(fetchDataFrame(api, { filter: 'x' })).rejects.toBeInstanceOf(StreamInputError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('downloadDataFrame with nock', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('GETs /df/ and streams the body to the sink', async () => {
    const csv = `row,value,stream_slug\n${Array.from({ length: 5000 }, (_, i) => `2020-01-01 00:00:00+00:00,${i}.0,${STREAM}`).join('\n')}\n`;
    let query: Record<string, unknown> = {};
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query((q) => {
        query = q;
        return true;
      })
      .reply(200, csv, { 'content-type': 'text/csv' });
    const { sink, text } = collectingSink();
    const result = await downloadDataFrame(
      new Api({ domain: DOMAIN, token: 't' }),
      { filter: STREAM, apply_mdo: true },
      sink,
    );
    expect(query).toEqual({ filter: STREAM, format: 'csv', apply_mdo: '1' });
    expect(text()).toBe(csv);
    expect(result.bytes).toBe(Buffer.byteLength(csv));
  });

  it('throws the client error on a 4xx, leaving the sink alone', async () => {
    nock(DOMAIN)
      .get('/api/v1/df/')
      .query(true)
      .reply(403, { detail: 'You do not have permission to perform this action.' });
    const { sink, text } = collectingSink();
    await expect(
      downloadDataFrame(new Api({ domain: DOMAIN, token: 't' }), { filter: STREAM }, sink),
    ).rejects.toBeInstanceOf(HttpClientError);
    expect(text()).toBe('');
    expect(sink.destroyed).toBe(false);
  });
});

describe('downloadDataFrame against the mock cloud', () => {
  it('downloads the CSV of a stream', async () => {
    const cloud = new MockIOTileCloud();
    cloud.quickAddUser('a@b.c', 'pw');
    const project = cloud.quickAddProject('P');
    const device = cloud.quickAddDevice(project.id, 0xd2);
    const slug = IOTileStreamSlug.fromParts(project.slug, device, 0x5001).toString();
    cloud.addSyntheticStream(slug, { count: 3, start: '2020-01-01T00:00:00Z', value: (i) => i * 10 });
    const server = await cloud.start();
    try {
      const api = new Api({ domain: server.url });
      await api.login({ email: 'a@b.c', password: 'pw' });
      const { sink, text } = collectingSink();
      await downloadDataFrame(api, { filter: slug, end: '2020-01-01T00:02:00Z' }, sink);
      const lines = text().trimEnd().split('\n');
      expect(lines[0]).toBe('row,value,stream_slug');
      expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['0.0', '10.0']);
    } finally {
      await server.close();
    }
  });
});

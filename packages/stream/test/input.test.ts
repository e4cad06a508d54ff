/** Bad input: a clear `StreamInputError` naming the parameter, thrown before any request is sent. */

import { Api, InvalidInputError } from '@iotile/client';
import { describe, expect, it, vi } from 'vitest';
import { RawData, StreamData, StreamInputError, writeCsv, writeNdjson } from '../src/index.js';
import { DOMAIN, STREAM } from './helpers.js';

function spyApi() {
  const fetch = vi.fn(async () => new Response('{}', { headers: { 'content-type': 'application/json' } }));
  return { fetch, api: new Api({ domain: DOMAIN, token: 't', fetch }) };
}

function thrown(run: () => unknown): StreamInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StreamInputError);
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as StreamInputError;
  }
  throw new Error('expected a StreamInputError');
}

describe('StreamData input checks', () => {
  it.each([
    ['not a slug', 'stream'],
    ['d--0000-0000-0000-00d2', 'stream slug'],
    ['s--0001', 'three terms'],
    ['s--zz--00d2--5001', 'zz'],
    ['s--0001--00d2--10000', 'variable'],
  ])('a malformed stream slug %j', (slug, words) => {
    const { api, fetch } = spyApi();
    const error = thrown(() => new StreamData(slug, api));
    expect(error.param).toBe('streamId');
    expect(error.message).toContain(words);
    expect(error.cause).toBeDefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('start after end', () => {
    const { api, fetch } = spyApi();
    const error = thrown(() =>
      new StreamData(STREAM, api).iterate({ start: '2020-02-01', end: new Date('2020-01-01T00:00:00Z') }),
    );
    expect(error.param).toBe('start');
    expect(error.message).toBe(
      'start (2020-02-01T00:00:00Z) is after end (2020-01-01T00:00:00Z): nothing can match; swap them or drop one',
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ['start', 'yesterday'],
    ['start', '2021-02-30T00:00:00Z'],
    ['end', '2021-13-01'],
    ['end', new Date(Number.NaN)],
    ['start', 1_600_000_000_000],
  ])('an unparseable %s: %j', async (param, value) => {
    const { api, fetch } = spyApi();
    const error = thrown(() => new StreamData(STREAM, api).iterate({ [param]: value as string }));
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}: `)).toBe(true);
    // initializeFromServer rejects the same way.
    await expect(
      new StreamData(STREAM, api).initializeFromServer({ [param]: value as string }),
    ).rejects.toThrow(StreamInputError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    [{ lastn: 0 }, 'lastn'],
    [{ lastn: 1.5 }, 'lastn'],
    [{ lastn: 100_001 }, 'lastn'],
    [{ page_size: 0 }, 'page_size'],
    [{ page: 2 }, 'page'],
    [{ foo: { a: 1 } }, 'foo'],
    [{ foo: Number.NaN }, 'foo'],
  ])('a bad parameter %j', (params, param) => {
    const { api, fetch } = spyApi();
    const error = thrown(() => new StreamData(STREAM, api).iterate(params as never));
    expect(error.param).toBe(param);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 9 }, 'concurrency'],
    [{ pageRetries: -1 }, 'pageRetries'],
    [{ pinEnd: 'no' }, 'pinEnd'],
    [{ signal: {} }, 'signal'],
  ])('a bad option %j', (options, param) => {
    const { api, fetch } = spyApi();
    const error = thrown(() => new StreamData(STREAM, api).iterate({}, options as never));
    expect(error.param).toBe(param);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a start in the future with a pinned end', () => {
    const { api, fetch } = spyApi();
    const error = thrown(() =>
      new StreamData(STREAM, api).iterate({ start: new Date(Date.now() + 86_400_000) }),
    );
    expect(error.message).toContain('pinEnd: false');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('something that is not an Api', () => {
    const error = thrown(() => new StreamData(STREAM, {} as Api));
    expect(error.param).toBe('api');
  });
});

describe('RawData input checks', () => {
  it.each([
    [undefined, 'filter'],
    ['', 'filter'],
    ['p--0000-0001', 'does not select by project'],
    ['x--1234', 'starting with s--'],
    ['d--zzzz', 'zzzz'],
    ['a--', 'alias'],
  ])('filter %j', (filter, words) => {
    const { api, fetch } = spyApi();
    const error = thrown(() => new RawData(api).iterate({ filter } as never));
    expect(error.param).toBe('filter');
    expect(error.message).toContain(words);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('export input checks', () => {
  it.each([
    ['a bigint', { id: 1n }],
    [
      'a cycle',
      (() => {
        const point: Record<string, unknown> = { id: 1 };
        point.self = point;
        return point;
      })(),
    ],
  ])('writeNdjson with %s names the row', async (_, bad) => {
    const chunks: string[] = [];
    const sink = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(String(chunk.length)) });
    const error = await writeNdjson([{ id: 0 }, bad], sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInputError);
    expect(error).toMatchObject({ param: 'points[1]' });
  });

  it('writeCsv with an object field JSON cannot hold', async () => {
    const sink = new WritableStream<Uint8Array>();
    const error = await writeCsv([{ id: 0, extra: { n: 1n } }], sink).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamInputError);
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { csvField, StreamData, StreamInputError, writeCsv, writeNdjson } from '../src/index.js';
import { apiFor, FakeCloud, makePoints, STREAM } from './helpers.js';

/**
 * A Node writable that keeps what it gets. Each write completes on a later macrotask (no clock), so
 * a producer that writes without waiting fills it; `highWaterMark` makes it small; `onWrite` sees
 * the number of writes received so far.
 */
function memorySink(
  options: { highWaterMark?: number; failAfter?: number; onWrite?: (writes: number) => void } = {},
) {
  const chunks: string[] = [];
  let maxBuffered = 0;
  const sink = new Writable({
    highWaterMark: options.highWaterMark ?? 16 * 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      chunks.push(String(chunk));
      if (options.failAfter !== undefined && chunks.length > options.failAfter) {
        callback(new Error('disk full'));
        return;
      }
      options.onWrite?.(chunks.length);
      setImmediate(callback);
    },
  });
  const write = sink.write.bind(sink);
  sink.write = ((chunk: string) => {
    const ok = write(chunk);
    maxBuffered = Math.max(maxBuffered, sink.writableLength);
    return ok;
  }) as typeof sink.write;
  return { sink, text: () => chunks.join(''), maxBuffered: () => maxBuffered };
}

/**
 * A web WritableStream of bytes that records how many writes were queued at once; with `slow`, each
 * write completes on a later macrotask (no clock).
 */
function webSink(slow = true) {
  const decoder = new TextDecoder();
  let text = '';
  let closed = false;
  let queued = 0;
  let maxQueued = 0;
  const stream = new WritableStream<Uint8Array>(
    {
      async write(chunk) {
        text += decoder.decode(chunk, { stream: true });
        if (slow) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        queued--;
      },
      close() {
        closed = true;
      },
    },
    { highWaterMark: 1 },
  );
  const original = stream.getWriter.bind(stream);
  stream.getWriter = () => {
    const writer = original();
    const write = writer.write.bind(writer);
    writer.write = (chunk?: Uint8Array) => {
      queued++;
      maxQueued = Math.max(maxQueued, queued);
      return write(chunk);
    };
    return writer;
  };
  return { stream, text: () => text, closed: () => closed, maxQueued: () => maxQueued };
}

describe('csvField', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [1.5, '1.5'],
    [true, 'true'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [{ a: 1, b: 'x' }, '"{""a"":1,""b"":""x""}"'],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('writeCsv', () => {
  it('writes a header from the first point and one line per point, then ends the sink', async () => {
    const { sink, text } = memorySink();
    const result = await writeCsv(
      [
        { timestamp: '2020-01-01T00:00:00Z', value: 1, note: 'a,b' },
        { timestamp: '2020-01-01T00:01:00Z', value: null, note: 'say "x"' },
      ],
      sink,
    );
    expect(result).toEqual({ rows: 2 });
    expect(text()).toBe(
      'timestamp,value,note\n2020-01-01T00:00:00Z,1,"a,b"\n2020-01-01T00:01:00Z,,"say ""x"""\n',
    );
    expect(sink.writableFinished).toBe(true);
  });

  it('takes columns, no header, pages of points, and end: false', async () => {
    const { sink, text } = memorySink();
    await writeCsv([[{ a: 1, b: 2 }], [{ a: 3, b: 4, c: 5 }]], sink, {
      columns: ['b', 'c'],
      header: false,
      end: false,
    });
    expect(text()).toBe('2,\n4,5\n');
    expect(sink.writableEnded).toBe(false);
  });

  it('writes only the header for no points when columns are given, and nothing otherwise', async () => {
    const one = memorySink();
    await writeCsv([], one.sink, { columns: ['timestamp', 'value'] });
    expect(one.text()).toBe('timestamp,value\n');
    const two = memorySink();
    expect(await writeCsv([], two.sink)).toEqual({ rows: 0 });
    expect(two.text()).toBe('');
  });

  it('waits for a slow Node sink instead of buffering everything', async () => {
    const { sink, text, maxBuffered } = memorySink({ highWaterMark: 1024 });
    const many = makePoints(60_000);
    await writeCsv(many, sink);
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(60_001);
    expect(text().length).toBeGreaterThan(3_000_000);
    // At most one batch (~64 KiB) is ever waiting in the sink.
    expect(maxBuffered()).toBeLessThan(140 * 1024);
  });

  it('waits for a slow web WritableStream', async () => {
    const web = webSink();
    const result = await writeCsv(makePoints(20_000), web.stream);
    expect(result.rows).toBe(20_000);
    expect(web.text().split('\n')).toHaveLength(20_002);
    expect(web.closed()).toBe(true);
    expect(web.maxQueued()).toBeLessThanOrEqual(2);
  });

  it('streams a download straight from iterate()', async () => {
    const cloud = new FakeCloud({ points: makePoints(2500) });
    const { sink, text } = memorySink();
    const result = await writeCsv(new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 1000 }), sink, {
      columns: ['timestamp', 'value'],
    });
    expect(result.rows).toBe(2500);
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,value');
    expect(lines[2500]).toBe('2020-01-02T17:39:00Z,2499');
  });

  it('reads iterate() a batch at a time (no next() per point), also when the sink makes it wait mid-batch', async () => {
    const cloud = new FakeCloud({ points: makePoints(5000) });
    const points = new StreamData(STREAM, apiFor(cloud)).iterate({ page_size: 2000 });
    const next = vi.spyOn(points, 'next');
    const { sink, text } = memorySink({ highWaterMark: 1024 });
    const result = await writeCsv(points, sink, { columns: ['timestamp', 'value'] });
    expect(result.rows).toBe(5000);
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(5001);
    expect(lines.slice(1).map((line) => Number(line.split(',')[1]))).toEqual(
      makePoints(5000).map((point) => point.value),
    );
    expect(next).not.toHaveBeenCalled();
  });

  it('rejects with the sink error and stops reading the source', async () => {
    const { sink } = memorySink({ failAfter: 1 });
    sink.on('error', () => undefined);
    let pulled = 0;
    function* source() {
      for (const point of makePoints(200_000)) {
        pulled++;
        yield point;
      }
    }
    await expect(writeCsv(source(), sink)).rejects.toThrow('disk full');
    expect(pulled).toBeLessThan(20_000);
  });

  it('stops on abort with the signal reason and destroys the sink', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    // Aborted once the sink has received a first write: the export is under way, far from done.
    const { sink, text } = memorySink({
      highWaterMark: 1024,
      onWrite: (writes) => {
        if (writes === 1) {
          controller.abort(reason);
        }
      },
    });
    await expect(writeCsv(makePoints(200_000), sink, { signal: controller.signal })).rejects.toBe(reason);
    expect(sink.destroyed).toBe(true);
    expect(text().split('\n').length).toBeLessThan(100_000);
  });

  it('the signal also stops an export waiting for a sink that never drains (Node writable and web stream)', async () => {
    const reason = new Error('stop');
    const nodeController = new AbortController();
    const stuck = new Writable({
      highWaterMark: 1024,
      write() {
        // Never calls back: the first chunk stays in flight, so 'drain' never comes.
        nodeController.abort(reason);
      },
    });
    await expect(writeCsv(makePoints(10_000), stuck, { signal: nodeController.signal })).rejects.toBe(reason);
    expect(stuck.destroyed).toBe(true);

    const webController = new AbortController();
    const web = new WritableStream<Uint8Array>(
      {
        write() {
          webController.abort(reason);
          return new Promise<void>(() => {});
        },
      },
      { highWaterMark: 1 },
    );
    await expect(writeCsv(makePoints(10_000), web, { signal: webController.signal })).rejects.toBe(reason);
  });

  it('rejects a bad sink or source before writing', async () => {
    await expect(writeCsv([], {} as never)).rejects.toBeInstanceOf(StreamInputError);
    const { sink, text } = memorySink();
    await expect(writeCsv(42 as never, sink)).rejects.toMatchObject({ param: 'source' });
    expect(sink.destroyed).toBe(false);
    expect(text()).toBe('');
  });
});

describe('writeNdjson', () => {
  it('writes one JSON object per line', async () => {
    const { sink, text } = memorySink();
    const points = makePoints(3);
    expect(await writeNdjson(points, sink)).toEqual({ rows: 3 });
    expect(
      text()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual(points);
  });

  it('to a web WritableStream, from pages', async () => {
    const web = webSink(false);
    await writeNdjson([makePoints(2), makePoints(1, 2)], web.stream);
    expect(
      web
        .text()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).value),
    ).toEqual([0, 1, 2]);
    expect(web.closed()).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { PointIterator } from '../src/point-iterator.js';

async function* pagesOf(pages: number[][], log: string[] = []): AsyncGenerator<number[], void, undefined> {
  try {
    for (const page of pages) {
      // Each page comes on a later macrotask (no clock), as a page from the network would.
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`page ${page[0]}`);
      yield page;
    }
  } finally {
    log.push('closed');
  }
}

describe('PointIterator', () => {
  it('yields every point in order, skipping empty pages, then stays done', async () => {
    const iterator = new PointIterator(pagesOf([[1, 2], [], [3], [4, 5, 6]]));
    const seen: number[] = [];
    for await (const point of iterator) {
      seen.push(point);
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('serves next() calls made before the previous one settled, in order', async () => {
    const iterator = new PointIterator(pagesOf([[1, 2], [3], [4, 5]]));
    const results = await Promise.all(Array.from({ length: 7 }, () => iterator.next()));
    expect(results).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
      { value: 4, done: false },
      { value: 5, done: false },
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
  });

  it('return() closes the page iterator and ends the iteration', async () => {
    const log: string[] = [];
    const iterator = new PointIterator(pagesOf([[1, 2], [3], [4]], log));
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(await iterator.return()).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['page 1', 'closed']);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('break in for await closes the page iterator', async () => {
    const log: string[] = [];
    for await (const point of new PointIterator(pagesOf([[1, 2], [3]], log))) {
      if (point === 2) {
        break;
      }
    }
    expect(log).toEqual(['page 1', 'closed']);
  });

  it('throw() closes and rejects with the error', async () => {
    const log: string[] = [];
    const iterator = new PointIterator(pagesOf([[1], [2]], log));
    await iterator.next();
    const error = new Error('stop');
    await expect(iterator.throw(error)).rejects.toBe(error);
    expect(log).toEqual(['page 1', 'closed']);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('passes a page failure on, once, then is done', async () => {
    async function* failing(): AsyncGenerator<number[], void, undefined> {
      yield [1];
      throw new Error('page 2 failed');
    }
    const iterator = new PointIterator(failing());
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(iterator.next()).rejects.toThrow('page 2 failed');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('batches(): the rest of the current page, then the other pages, as arrays; next() is then done', async () => {
    const log: string[] = [];
    const iterator = new PointIterator(pagesOf([[1, 2, 3], [], [4], [5, 6]], log));
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    const batches: number[][] = [];
    for await (const batch of iterator.batches()) {
      batches.push(batch);
    }
    expect(batches).toEqual([[2, 3], [], [4], [5, 6]]);
    expect(log.at(-1)).toBe('closed');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('batches(): waits for a next() in progress, and breaking out of it closes the page iterator', async () => {
    const log: string[] = [];
    const iterator = new PointIterator(pagesOf([[1, 2], [3], [4]], log));
    const first = iterator.next();
    const batches = iterator.batches();
    expect(await batches.next()).toEqual({ value: [2], done: false });
    expect(await first).toEqual({ value: 1, done: false });
    expect(await batches.return(undefined)).toEqual({ value: undefined, done: true });
    expect(log).toEqual(['page 1', 'closed']);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('batches(): a page failure is thrown from it, and the iterator is done', async () => {
    async function* failing(): AsyncGenerator<number[], void, undefined> {
      yield [1, 2];
      throw new Error('page 2 failed');
    }
    const iterator = new PointIterator(failing());
    const batches = iterator.batches();
    expect(await batches.next()).toEqual({ value: [1, 2], done: false });
    await expect(batches.next()).rejects.toThrow('page 2 failed');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});

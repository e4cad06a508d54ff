/**
 * Writes a page of a large list as a sequence of JSON text chunks, so a 20,000-point page never exists as
 * one object tree or one giant string: rows are serialised a few hundred at a time as the socket drains.
 */
import type { JsonText } from './api-types.js';
import { JSON_TYPE, type Reply } from './http.js';
import type { Page, PageWindow } from './pagination.js';

/** Rows per chunk: big enough to amortise socket writes, small enough to keep memory flat. */
const ROWS_PER_CHUNK = 500;

function* chunks<T>(window: PageWindow, rows: Iterable<T>, toJson: (row: T) => string): Generator<string> {
  yield `{"count":${window.count},"next":${JSON.stringify(window.next)},"previous":${JSON.stringify(window.previous)},"results":[`;
  let buffer: string[] = [];
  let first = true;
  for (const row of rows) {
    buffer.push(toJson(row));
    if (buffer.length === ROWS_PER_CHUNK) {
      yield (first ? '' : ',') + buffer.join(',');
      first = false;
      buffer = [];
    }
  }
  if (buffer.length > 0) {
    yield (first ? '' : ',') + buffer.join(',');
  }
  yield ']}';
}

/** A paginated JSON response whose body is produced chunk by chunk; `toJson` writes one `Item`. */
export function streamedPage<T, Item>(
  window: PageWindow,
  rows: Iterable<T>,
  toJson: (row: T) => JsonText<Item>,
): Reply<200, Page<Item>> {
  const iterable = chunks(window, rows, toJson);
  return {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    body: {
      async *[Symbol.asyncIterator]() {
        yield* iterable;
      },
    },
  };
}

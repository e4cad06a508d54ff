/**
 * Errors of this package. Bad arguments are `StreamInputError`s, a subclass of the client's
 * `InvalidInputError`, thrown before any request is sent; a download whose result set changed while
 * it was paged is a `StreamDataChangedError`. HTTP and network failures are the client's errors.
 */

import { InvalidInputError, IOTileCloudError } from '@iotile/client';
import { GidError } from '@iotile/gid';

/** An argument of a stream call is invalid (a malformed slug, `start` after `end`, a bad date, ...). */
export class StreamInputError extends InvalidInputError {
  /** The name of the argument that was rejected (`streamId`, `start`, `filter`, `concurrency`, ...). */
  declare readonly param: string;

  constructor(param: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { param, cause: options.cause });
    this.name = 'StreamInputError';
  }
}

/**
 * The server's `count` changed between two pages of one download: points were added or removed inside
 * the requested window while it was paged, so page boundaries may have moved and a point could have
 * been yielded twice or skipped. Nothing more is yielded after this error; download again (the window
 * is pinned, so a second attempt sees a stable set unless the data keeps changing).
 */
export class StreamDataChangedError extends IOTileCloudError {
  /** `count` reported by the first page. */
  readonly expectedCount: number;
  /** `count` reported by the page that disagreed. */
  readonly actualCount: number;
  /** The 1-based number of that page. */
  readonly page: number;

  constructor(init: {
    url: string;
    expectedCount: number;
    actualCount: number;
    page: number;
    reason?: string;
  }) {
    super(
      `The data changed during the download (${
        init.reason ??
        `count ${init.expectedCount} on the first page, ${init.actualCount} on page ${init.page}`
      }); pages may have shifted, so the download was stopped`,
      { method: 'GET', url: init.url },
    );
    this.name = 'StreamDataChangedError';
    this.expectedCount = init.expectedCount;
    this.actualCount = init.actualCount;
    this.page = init.page;
  }
}

/** `parse(value)` of a slug argument, a `GidError` turned into a `StreamInputError` naming `param`. */
export function parseSlugInput<T>(param: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof GidError) {
      throw new StreamInputError(param, `${param}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Reading a page's response body chunk by chunk, with the failures of that read turned into the
 * client's typed errors (the client maps failures up to the response; a body read as a stream fails
 * after it, out of the client's sight).
 *
 * `start()` begins reading the socket into a queue of raw chunks at network speed, whatever the
 * consumer's pace: the per-attempt deadline of the `Api` covers the body too, so a page read only as
 * fast as a slow consumer takes its points would time out. Until `start()`, nothing is read, and the
 * transport's flow control keeps the unread body in the socket buffers (responses fetched ahead).
 */

import {
  ConnectionError,
  InvalidResponseError,
  IOTileCloudError,
  RequestAbortedError,
  RequestTimeoutError,
} from '@iotile/client';

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

export class BodySource {
  readonly response: Response;
  /** Bytes received from the socket so far. */
  bytes = 0;
  readonly #callerSignal: AbortSignal | undefined;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #queue: Uint8Array[] = [];
  #head = 0;
  #ended = false;
  #failure: unknown;
  #failed = false;
  #started = false;
  #wake: (() => void) | undefined;

  /** Checks that `response` is JSON with a body (throws `InvalidResponseError` otherwise). */
  constructor(response: Response, callerSignal: AbortSignal | undefined) {
    const contentType = response.headers.get('content-type');
    if (contentType !== null && !JSON_CONTENT_TYPE.test(contentType.trim())) {
      throw new InvalidResponseError(
        `GET ${redact(response.url)} answered ${response.status} with Content-Type "${contentType}" where JSON was expected`,
        { method: 'GET', response },
      );
    }
    if (response.body === null) {
      throw new InvalidResponseError(
        `GET ${redact(response.url)} answered ${response.status} without a body where a page was expected`,
        { method: 'GET', response },
      );
    }
    this.response = response;
    this.#callerSignal = callerSignal;
    this.#reader = response.body.getReader();
  }

  /** True once `start()` was called. */
  get started(): boolean {
    return this.#started;
  }

  /** Starts reading the body into the queue (at network speed). */
  start(): void {
    if (this.#started) {
      return;
    }
    this.#started = true;
    void this.#pump();
  }

  /** The next chunk, or `undefined` at the end; throws the typed failure of the read. */
  async read(): Promise<Uint8Array | undefined> {
    this.start();
    for (;;) {
      if (this.#head < this.#queue.length) {
        const chunk = this.#queue[this.#head] as Uint8Array;
        this.#queue[this.#head++] = EMPTY_CHUNK;
        if (this.#head === this.#queue.length) {
          this.#queue.length = 0;
          this.#head = 0;
        }
        return chunk;
      }
      if (this.#failed) {
        throw this.#failure;
      }
      if (this.#ended) {
        return undefined;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  /** Stops reading and releases the connection. */
  cancel(): void {
    this.#ended = true;
    this.#queue.length = 0;
    this.#head = 0;
    this.#reader.cancel().catch(() => undefined);
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.#reader.read();
        if (done) {
          break;
        }
        if (this.#ended) {
          return;
        }
        this.bytes += value.length;
        this.#queue.push(value);
        this.#notify();
      }
    } catch (error) {
      this.#failure = this.#bodyFailure(error);
      this.#failed = true;
    }
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    if (wake !== undefined) {
      this.#wake = undefined;
      wake();
    }
  }

  /** The typed error for a body that failed after the response started. */
  #bodyFailure(error: unknown): IOTileCloudError {
    if (error instanceof IOTileCloudError) {
      return error;
    }
    const url = this.response.url;
    const where = `GET ${redact(url)}`;
    if (this.#callerSignal?.aborted === true) {
      return new RequestAbortedError(`${where} was aborted by the caller`, {
        method: 'GET',
        url,
        cause: this.#callerSignal.reason,
      });
    }
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError') {
      // The Api's per-attempt deadline, whose value this package cannot see.
      return new RequestTimeoutError(
        `${where} timed out while its body was read (after ${this.bytes} bytes)`,
        {
          method: 'GET',
          url,
          timeoutMs: Number.NaN,
          cause: error,
        },
      );
    }
    if (name === 'AbortError') {
      return new RequestAbortedError(`${where} was aborted`, { method: 'GET', url, cause: error });
    }
    return new ConnectionError(
      `${where}: the body failed after ${this.bytes} bytes: ${describeCause(error)}`,
      {
        method: 'GET',
        url,
        cause: error,
      },
    );
  }
}

const EMPTY_CHUNK = new Uint8Array(0);

/** The URL as the client's errors show it (credentials and secret query values removed). */
export function redact(url: string): string {
  return new IOTileCloudError('', { url }).url ?? url;
}

/** The most specific reason in an error chain, e.g. `other side closed`. */
function describeCause(error: unknown): string {
  let current: unknown = error;
  let message = 'network error';
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { message: text, code } = current as { message?: unknown; code?: unknown };
    if (typeof text === 'string' && text !== '') {
      message = typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

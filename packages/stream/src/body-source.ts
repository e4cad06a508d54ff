/**
 * Reading a page's response body chunk by chunk. The `Api` hands back responses whose body fails
 * with its typed errors (`ConnectionError` for a cut, `RequestTimeoutError` with the deadline,
 * `RequestAbortedError` for the caller's signal, each saying how many bytes arrived), so a failure
 * is passed on as it is.
 *
 * `start()` begins reading the socket into a queue of raw chunks at network speed, whatever the
 * consumer's pace: the per-attempt deadline of the `Api` covers the body too, so a page read only as
 * fast as a slow consumer takes its points would time out. Until `start()`, nothing is read, and the
 * transport's flow control keeps the unread body in the socket buffers (responses fetched ahead).
 */

import { InvalidResponseError } from '@iotile/client/errors';
import { isJsonContentType, redactUrl, secretsOf } from '@iotile/client/internal';

export class BodySource {
  readonly response: Response;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #queue: Uint8Array[] = [];
  #head = 0;
  #ended = false;
  #failure: unknown;
  #failed = false;
  #started = false;
  #wake: (() => void) | undefined;

  /** Checks that `response` is JSON with a body (throws `InvalidResponseError` otherwise). */
  constructor(response: Response) {
    const contentType = response.headers.get('content-type');
    if (contentType !== null && !isJsonContentType(contentType)) {
      throw new InvalidResponseError(
        `GET ${redactedUrl(response)} answered ${response.status} with Content-Type "${contentType}" where JSON was expected`,
        { method: 'GET', response },
      );
    }
    if (response.body === null) {
      throw new InvalidResponseError(
        `GET ${redactedUrl(response)} answered ${response.status} without a body where a page was expected`,
        { method: 'GET', response },
      );
    }
    this.response = response;
    this.#reader = response.body.getReader();
  }

  /** Starts reading the body into the queue (at network speed). */
  start(): void {
    if (this.#started) {
      return;
    }
    this.#started = true;
    void this.#pump();
  }

  /** The next chunk, or `undefined` at the end; throws the failure of the read (the client's error). */
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
        this.#queue.push(value);
        this.#notify();
      }
    } catch (error) {
      this.#failure = error;
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
}

const EMPTY_CHUNK = new Uint8Array(0);

/** The URL of `response` as the client's errors show it (secret parameters and the secrets it carried removed). */
export function redactedUrl(response: Response): string {
  return redactUrl(response.url, secretsOf(response));
}

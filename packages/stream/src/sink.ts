/**
 * Writing text to a Node writable (a file, a socket, `process.stdout`) or a web `WritableStream`
 * of bytes, waiting whenever the sink asks to (Node's `write() === false` until `'drain'`, the web
 * writer's `ready`), so a producer faster than the disk or the network never piles up memory.
 * Small strings are batched into chunks of about 64 KiB first: one write per row would be slow.
 */

import { StreamInputError } from './errors.js';
import { describe } from './params.js';

/** The part of a Node `Writable` this package uses (kept structural, so no Node types are needed). */
export interface NodeWritableLike {
  write(chunk: string | Uint8Array): boolean;
  end(callback?: () => void): unknown;
  once(event: 'drain' | 'error' | 'close' | 'finish', listener: (...args: unknown[]) => void): unknown;
  removeListener(
    event: 'drain' | 'error' | 'close' | 'finish',
    listener: (...args: unknown[]) => void,
  ): unknown;
  destroy?(error?: Error): unknown;
  readonly destroyed?: boolean;
  readonly writableEnded?: boolean;
}

/** Where an export writes: a Node writable, or a web `WritableStream` of bytes. */
export type TextSink = NodeWritableLike | WritableStream<Uint8Array>;

export interface SinkOptions {
  /**
   * End (close) the sink when done, and abort/destroy it on failure. Default true. Pass `false` for
   * `process.stdout` or a sink you keep writing to.
   */
  end?: boolean;
  /** Stops the export: the error thrown is the signal's reason. */
  signal?: AbortSignal;
}

const CHUNK_CHARS = 64 * 1024;

/** A batching writer over a sink; `write` resolves when the sink can take more. */
export class SinkWriter {
  readonly #target: NodeTarget | WebTarget;
  readonly #signal: AbortSignal | undefined;
  readonly #end: boolean;
  #pending: string[] = [];
  #pendingChars = 0;
  /** Characters handed to the sink so far. */
  chars = 0;

  constructor(sink: TextSink, options: SinkOptions = {}) {
    this.#target = isWebStream(sink) ? new WebTarget(sink) : new NodeTarget(checkNodeSink(sink));
    this.#signal = options.signal;
    this.#end = options.end ?? true;
  }

  /**
   * Queues `text`; once a chunk is full, flushes it and returns the promise of the sink taking it
   * (await it before writing more). Returns undefined otherwise: no promise per row.
   */
  write(text: string): Promise<void> | undefined {
    this.#pending.push(text);
    this.#pendingChars += text.length;
    return this.#pendingChars >= CHUNK_CHARS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    this.#signal?.throwIfAborted();
    if (this.#pendingChars === 0) {
      return;
    }
    const chunk = this.#pending.join('');
    this.#pending = [];
    this.#pendingChars = 0;
    this.chars += chunk.length;
    await this.#target.write(chunk, this.#signal);
  }

  /** Writes what is left and ends the sink (unless `end: false`). */
  async finish(): Promise<void> {
    await this.flush();
    await this.#target.finish(this.#end);
  }

  /** After a failure: aborts/destroys the sink when we own its end, releases it otherwise. */
  async fail(error: unknown): Promise<void> {
    await this.#target.fail(error, this.#end);
  }
}

function isWebStream(sink: unknown): sink is WritableStream<Uint8Array> {
  return typeof (sink as WritableStream | null)?.getWriter === 'function';
}

function checkNodeSink(sink: unknown): NodeWritableLike {
  const candidate = sink as Partial<NodeWritableLike> | null;
  if (
    typeof candidate?.write !== 'function' ||
    typeof candidate.end !== 'function' ||
    typeof candidate.once !== 'function' ||
    typeof candidate.removeListener !== 'function'
  ) {
    throw new StreamInputError(
      'sink',
      `sink: expected a Node writable stream or a web WritableStream, got ${describe(sink)}`,
    );
  }
  return candidate as NodeWritableLike;
}

class NodeTarget {
  #error: unknown;

  constructor(readonly sink: NodeWritableLike) {
    // Kept for the whole export: an 'error' with no listener would crash the process.
    sink.once('error', (error) => {
      this.#error = error ?? new Error('the sink failed');
    });
  }

  async write(chunk: string, signal?: AbortSignal): Promise<void> {
    this.#check();
    if (!this.sink.write(chunk)) {
      await this.#wait('drain', signal);
    }
  }

  async finish(end: boolean): Promise<void> {
    this.#check();
    if (end) {
      const finished = this.#wait('finish');
      this.sink.end();
      await finished;
    }
  }

  async fail(error: unknown, end: boolean): Promise<void> {
    if (end && !this.sink.destroyed) {
      this.sink.destroy?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #check(): void {
    if (this.#error !== undefined) {
      throw this.#error;
    }
    if (this.sink.destroyed || this.sink.writableEnded) {
      throw new Error('the sink was closed before the export finished');
    }
  }

  /** Waits for `event`, failing on 'error', a 'close' that comes first, or `signal` (a sink that never drains). */
  #wait(event: 'drain' | 'finish', signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        this.sink.removeListener(event, onEvent);
        this.sink.removeListener('error', onError);
        this.sink.removeListener('close', onClose);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason);
      };
      const onEvent = () => {
        cleanup();
        resolve();
      };
      const onError = (error: unknown) => {
        cleanup();
        reject(error);
      };
      const onClose = () => {
        cleanup();
        if (event === 'finish') {
          resolve();
        } else {
          reject(this.#error ?? new Error('the sink was closed before the export finished'));
        }
      };
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      this.sink.once(event, onEvent);
      this.sink.once('error', onError);
      this.sink.once('close', onClose);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

class WebTarget {
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #encoder = new TextEncoder();
  #failed: unknown;

  constructor(sink: WritableStream<Uint8Array>) {
    this.#writer = sink.getWriter();
  }

  async write(chunk: string, signal?: AbortSignal): Promise<void> {
    if (this.#failed !== undefined) {
      throw this.#failed;
    }
    await (signal === undefined ? this.#writer.ready : abortable(this.#writer.ready, signal));
    // Not awaited: `ready` is the backpressure signal; a failed write also rejects `ready`/`close`.
    this.#writer.write(this.#encoder.encode(chunk)).catch((error: unknown) => {
      this.#failed ??= error;
    });
  }

  async finish(end: boolean): Promise<void> {
    if (end) {
      await this.#writer.close();
    } else {
      await this.#writer.ready;
      this.#writer.releaseLock();
    }
    if (this.#failed !== undefined) {
      throw this.#failed;
    }
  }

  async fail(error: unknown, end: boolean): Promise<void> {
    if (end) {
      // Not awaited: abort() settles only once a write in flight does, which a stuck sink never does;
      // the stream errors at once anyway.
      this.#writer.abort(error).catch(() => undefined);
    } else {
      this.#writer.releaseLock();
    }
  }
}

/** `promise`, or a rejection with `signal.reason` if the signal aborts first. */
function abortable(promise: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => {
    signal.removeEventListener('abort', onAbort as () => void);
  });
}

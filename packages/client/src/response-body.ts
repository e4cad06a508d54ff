/**
 * Responses whose body reports read failures as this package's typed errors.
 *
 * `fetch` resolves once the headers arrive; the body is read later (openapi-fetch's `parseAs`, the
 * generic resources, `@iotile/stream`'s pages), where undici fails with raw errors (`TypeError:
 * terminated`, the signal's `DOMException`). The transport hands back a response whose body maps
 * those failures through the same function as the request's own (`requestFailure`, which knows the
 * attempt's deadline and the caller's signal).
 *
 * The body is a pull-through stream with no buffer of its own (`highWaterMark` 0): nothing is read
 * from the original until the caller reads, so a response left unread keeps its bytes in the socket
 * buffers (transport flow control), and cancelling it cancels the original. Everything else the
 * caller sees (`status`, `statusText`, `headers`, `url`, `redirected`, `type`) is the original's.
 *
 * The attempt's signal (the caller's and the deadline) is watched here too: when it aborts, the body
 * fails with the typed error at once and the original is cancelled, which releases the connection.
 * undici's own propagation of that signal cannot be relied on once the headers arrived: it follows
 * it through the `Request` objects of the call, held only weakly, so after a garbage collection the
 * abort may never reach the body (nodejs/undici#4068), and a body left unread (a page fetched ahead)
 * would hold its connection until the deadline.
 */

/**
 * Turns a failure of the original body, after `bytesRead` bytes, into the error the reader gets: at
 * once, or as a promise while the code of the typed errors loads (the first failure of an `Api`).
 */
export type BodyFailure = (error: unknown, bytesRead: number) => Error | Promise<Error>;

/**
 * The most bytes of the body that may be read (after decoding: a gzip bomb is counted as what it
 * inflates to); past it the read fails with `tooLarge(bytesRead)` and the original is cancelled.
 */
export interface BodyLimit {
  maxBytes: number;
  tooLarge(bytesRead: number): Error | Promise<Error>;
}

/** Statuses that `new Response()` refuses together with a body (and that never carry one). */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

interface BodyState {
  reader: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>;
  /** True once the wrapper was read or cancelled. */
  touched: boolean;
  /** Stops watching the attempt's signal. */
  detach(): void;
}

/**
 * undici cancels the body of a `Response` that is garbage-collected unread, which frees its
 * connection. The original is locked by our reader (it has to be, or that cleanup would cancel it
 * under us), so the same is done here for the wrapper: collected while its body stream is gone, or
 * alive but never read nor locked, the original is cancelled.
 */
const unreadBodies = new FinalizationRegistry<{ state: BodyState; body: WeakRef<ReadableStream> }>(
  ({ state, body }) => {
    const stream = body.deref();
    if (stream === undefined || (!state.touched && !stream.locked)) {
      state.reader.cancel().catch(() => undefined);
    }
    state.detach();
  },
);

/**
 * `response` with a body whose read failures are `failure(error, bytesRead)`; `response` itself when
 * it has no body. `redirected` is what the copy reports (true when the client followed redirects to
 * it, which fetch cannot know as the client follows them itself). When `signal` aborts before the
 * body ended, the body fails with `failure(signal.reason, bytesRead)` and the original is cancelled.
 */
export function withTypedBodyErrors(
  response: Response,
  failure: BodyFailure,
  redirected: boolean = response.redirected,
  limit?: BodyLimit,
  signal?: AbortSignal,
): Response {
  const original = response.body;
  if (original === null || NULL_BODY_STATUSES.has(response.status) || response.status < 200) {
    return redirected === response.redirected ? response : new ForwardedResponse(null, response, redirected);
  }
  let bytesRead = 0;
  /** Set once the wrapper is closed, errored or cancelled: nothing more is enqueued or reported. */
  let settled = false;
  let wrapper: ReadableStreamDefaultController<Uint8Array<ArrayBuffer>> | undefined;
  const onAbort = () => {
    fail(failure(signal?.reason, bytesRead));
  };
  const state: BodyState = {
    reader: original.getReader(),
    touched: false,
    detach: () => signal?.removeEventListener('abort', onAbort),
  };
  const settle = () => {
    settled = true;
    state.detach();
  };
  const fail = (error: Error | Promise<Error>) => {
    if (settled) {
      return;
    }
    settle();
    if (error instanceof Promise) {
      // The original is released now; a read waits for the typed error until its code is loaded.
      state.reader.cancel().catch(() => undefined);
      void error.then((typed) => wrapper?.error(typed));
      return;
    }
    state.reader.cancel(error).catch(() => undefined);
    wrapper?.error(error);
  };
  // A default stream, not a byte stream as fetch's own bodies are (so no BYOB readers): enqueueing a
  // chunk into a byte stream detaches its ArrayBuffer, which the source may share with other views
  // (nock answers with Buffers from Node's pool), and copying every chunk would cost time.
  const body = new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      start(controller) {
        wrapper = controller;
      },
      async pull(controller) {
        state.touched = true;
        if (limit !== undefined && bytesRead === 0 && declaredLength(response) > limit.maxBytes) {
          // Announced too large: fail before reading a byte.
          fail(limit.tooLarge(declaredLength(response)));
          return;
        }
        let chunk: ReadableStreamReadResult<Uint8Array<ArrayBuffer>>;
        try {
          chunk = await state.reader.read();
        } catch (error) {
          fail(failure(error, bytesRead));
          return;
        }
        if (settled) {
          // The signal aborted while this read was pending (it resolved when the original was cancelled).
          return;
        }
        if (chunk.done) {
          settle();
          controller.close();
        } else {
          bytesRead += chunk.value.byteLength;
          if (limit !== undefined && bytesRead > limit.maxBytes) {
            fail(limit.tooLarge(bytesRead));
            return;
          }
          controller.enqueue(chunk.value);
        }
      },
      cancel(reason) {
        state.touched = true;
        settle();
        return state.reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  if (signal !== undefined) {
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
  }
  const forwarded = new ForwardedResponse(body, response, redirected);
  unreadBodies.register(forwarded, { state, body: new WeakRef(body) });
  return forwarded;
}

/** The `Content-Length` the server announced, or -1 (absent, unreadable, or a compressed body's). */
function declaredLength(response: Response): number {
  const value = response.headers.get('content-length');
  // With Content-Encoding the length is of the encoded bytes; the decoded size is checked as it is read.
  if (value === null || response.headers.has('content-encoding') || !/^\d+$/.test(value.trim())) {
    return -1;
  }
  return Number(value);
}

/**
 * A `Response` over another body that shows the original's `url`, `redirected` and `type` (which
 * `new Response()` would reset to `''`, `false` and `'default'`), also through `clone()`.
 */
class ForwardedResponse extends Response {
  readonly #url: string;
  readonly #redirected: boolean;
  readonly #type: ResponseType;

  constructor(
    body: ReadableStream<Uint8Array> | null,
    from: Response,
    redirected: boolean = from.redirected,
  ) {
    super(NULL_BODY_STATUSES.has(from.status) ? null : body, {
      status: from.status,
      statusText: from.statusText,
      headers: from.headers,
    });
    this.#url = from.url;
    this.#redirected = redirected;
    this.#type = from.type;
  }

  override get url(): string {
    return this.#url;
  }

  override get redirected(): boolean {
    return this.#redirected;
  }

  override get type(): ResponseType {
    return this.#type;
  }

  override clone(): Response {
    return new ForwardedResponse(super.clone().body, this);
  }
}

import {
  ConnectionError,
  InvalidResponseError,
  RequestAbortedError,
  RequestTimeoutError,
} from '@iotile/client';
import { describe, expect, it } from 'vitest';
import { BodySource } from '../src/body-source.js';

const URL_ = 'https://iotile.test/api/v1/stream/s--1/data/?page=2&token=secret';

function failingResponse(chunks: string[], error: unknown, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) {
        controller.enqueue(encoder.encode(chunks[index++]));
      } else {
        controller.error(error);
      }
    },
  });
  const response = new Response(body, { headers: { 'content-type': 'application/json', ...headers } });
  Object.defineProperty(response, 'url', { value: URL_ });
  return response;
}

async function readAll(source: BodySource): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (let chunk = await source.read(); chunk !== undefined; chunk = await source.read()) {
    text += decoder.decode(chunk, { stream: true });
  }
  return text;
}

describe('BodySource', () => {
  it('reads the body to its end once started, before anyone asks', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled++;
          if (pulled > 3) {
            controller.close();
          } else {
            controller.enqueue(new TextEncoder().encode(`${pulled}`));
          }
        },
      },
      { highWaterMark: 0 },
    );
    const source = new BodySource(new Response(body), undefined);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pulled).toBe(0);
    expect(source.started).toBe(false);
    source.start();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pulled).toBe(4);
    expect(source.bytes).toBe(3);
    expect(await readAll(source)).toBe('123');
  });

  it('turns a cut into a ConnectionError naming the bytes received, after the chunks before it', async () => {
    const source = new BodySource(
      failingResponse(['{"a":', '1'], new TypeError('terminated', { cause: new Error('other side closed') })),
      undefined,
    );
    expect(new TextDecoder().decode(await source.read())).toBe('{"a":');
    expect(new TextDecoder().decode(await source.read())).toBe('1');
    const error = await source.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(
      'GET https://iotile.test/api/v1/stream/s--1/data/?page=2&token=%5Bredacted%5D: the body failed after 6 bytes: other side closed',
    );
    expect(error).toMatchObject({ method: 'GET', url: expect.stringContaining('token=%5Bredacted%5D') });
  });

  it("turns the Api's deadline into a RequestTimeoutError", async () => {
    const source = new BodySource(
      failingResponse([], new DOMException('timeout', 'TimeoutError')),
      undefined,
    );
    const error = await source.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toContain('timed out while its body was read (after 0 bytes)');
  });

  it("turns the caller's abort into a RequestAbortedError carrying the reason", async () => {
    const controller = new AbortController();
    const reason = new Error('user stop');
    controller.abort(reason);
    const source = new BodySource(
      failingResponse([], new DOMException('aborted', 'AbortError')),
      controller.signal,
    );
    const error = await source.read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toBe(reason);
  });

  it('refuses a body that is not JSON, or no body', () => {
    expect(
      () => new BodySource(failingResponse([], null, { 'content-type': 'text/html' }), undefined),
    ).toThrow(InvalidResponseError);
    expect(
      () =>
        new BodySource(new Response(null, { headers: { 'content-type': 'application/json' } }), undefined),
    ).toThrow(/without a body/);
  });

  it('cancel() stops reading and releases the stream', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(10));
      },
      cancel() {
        cancelled = true;
      },
    });
    const source = new BodySource(new Response(body), undefined);
    source.start();
    await source.read();
    source.cancel();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(cancelled).toBe(true);
    expect(await source.read()).toBeUndefined();
  });
});

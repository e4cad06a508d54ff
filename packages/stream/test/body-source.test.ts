import { ConnectionError, InvalidResponseError } from '@iotile/client/errors';
import { describe, expect, it } from 'vitest';
import { BodySource } from '../src/body-source.js';
import { settled } from './helpers.js';

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
    const source = new BodySource(new Response(body));
    // Settled (one macrotask: these streams live on promises): nothing read before start() ...
    await settled();
    expect(pulled).toBe(0);
    source.start();
    // ... and the whole body after it, with no read() asked for.
    await settled();
    expect(pulled).toBe(4);
    expect(await readAll(source)).toBe('123');
  });

  it("passes the read's failure on as it is (the client's typed error), after the chunks before it", async () => {
    // What the Api's responses fail with (see @iotile/client: errors of bodies read as streams).
    const failure = new ConnectionError('GET https://iotile.test/ failed while its body was read', {
      method: 'GET',
      url: URL_,
    });
    const source = new BodySource(failingResponse(['{"a":', '1'], failure));
    expect(new TextDecoder().decode(await source.read())).toBe('{"a":');
    expect(new TextDecoder().decode(await source.read())).toBe('1');
    await expect(source.read()).rejects.toBe(failure);
    await expect(source.read()).rejects.toBe(failure);
  });

  it('refuses a body that is not JSON, or no body', () => {
    expect(() => new BodySource(failingResponse([], null, { 'content-type': 'text/html' }))).toThrow(
      InvalidResponseError,
    );
    expect(
      () => new BodySource(new Response(null, { headers: { 'content-type': 'application/json' } })),
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
    const source = new BodySource(new Response(body));
    source.start();
    await source.read();
    source.cancel();
    await settled();
    expect(cancelled).toBe(true);
    expect(await source.read()).toBeUndefined();
  });
});

/**
 * Streamed pages wait for the socket to drain whenever a write is refused. Each wait must take its
 * listeners away again: a leftover `close`/`error` listener per wait piles up on a long page and floods
 * the process with MaxListenersExceededWarning (as `Promise.race` of two `events.once` did).
 */
import { once } from 'node:events';
import { OutgoingMessage, request, ServerResponse } from 'node:http';

import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { type Started, startCloud } from './support/cloud.js';

const SLUG = 's--0000-0042--0000-0000-0000-0a1b--5f10';
const POINTS = 20_000;

let t: Started;
beforeAll(async () => {
  t = await startCloud();
  t.cloud.addSyntheticStream(SLUG, { count: POINTS, start: '2021-01-01T00:00:00Z', intervalSeconds: 10 });
  await t.client.login('ada@example.com', 'lovelace');
});

const warnings: Error[] = [];
const onWarning = (warning: Error) => {
  warnings.push(warning);
};
afterEach(() => {
  process.off('warning', onWarning);
});

/**
 * The reader's side of the socket, driven by what the server does rather than by a clock: it stays
 * paused while the server writes, and reads only once a write of the server was refused (or the
 * server ended the response). So every refill of the socket ends in a refused write, however fast or
 * loaded the machine is.
 */
class ReadGate {
  open = false;
  private listener: ((open: boolean) => void) | undefined;
  set(open: boolean): void {
    if (open !== this.open) {
      this.open = open;
      this.listener?.(open);
    }
  }
  onChange(listener: (open: boolean) => void): void {
    this.listener = listener;
  }
}

function gatedGet(url: string, token: string, gate: ReadGate): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `jwt ${token}` }, agent: false }, (res) => {
      let bytes = 0;
      gate.onChange((open) => (open ? res.resume() : res.pause()));
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
      if (!gate.open) {
        res.pause();
      }
    });
    req.on('error', reject);
    req.end();
  });
}

interface WriteSample {
  accepted: boolean;
  /** close + error + drain listeners on the response just before the write. */
  listeners: number;
}

/**
 * Records, for every write of a server response, whether it was accepted and the listeners present,
 * and drives `gate`: a refused write (or the end of the response) lets the reader read; the next write
 * (the server saw `drain`) pauses it again.
 */
function sampleServerWrites(gate: ReadGate): { samples: WriteSample[]; responses: ServerResponse[] } {
  const samples: WriteSample[] = [];
  const responses: ServerResponse[] = [];
  const write = OutgoingMessage.prototype.write;
  vi.spyOn(OutgoingMessage.prototype, 'write').mockImplementation(function (
    this: OutgoingMessage,
    ...args: Parameters<typeof write>
  ) {
    if (!(this instanceof ServerResponse)) {
      return write.apply(this, args);
    }
    if (!responses.includes(this)) {
      responses.push(this);
    }
    gate.set(false);
    const listeners = ['close', 'error', 'drain'].reduce((sum, name) => sum + this.listenerCount(name), 0);
    const accepted = write.apply(this, args);
    samples.push({ accepted, listeners });
    if (!accepted) {
      gate.set(true);
    }
    return accepted;
  });
  const end = OutgoingMessage.prototype.end;
  vi.spyOn(OutgoingMessage.prototype, 'end').mockImplementation(function (
    this: OutgoingMessage,
    ...args: Parameters<typeof end>
  ) {
    if (this instanceof ServerResponse) {
      gate.set(true);
    }
    return end.apply(this, args);
  });
  return { samples, responses };
}

describe('back-pressure on a streamed page', () => {
  it('keeps the listeners on the response bounded and emits no MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    const gate = new ReadGate();
    const { samples, responses } = sampleServerWrites(gate);
    const url = t.client.url(`/stream/${SLUG}/data/`, { page_size: POINTS });
    const { status, bytes } = await gatedGet(url, t.client.token as string, gate);
    // The server is done with the response once it closed; a MaxListenersExceededWarning is emitted
    // on the tick after the listener that caused it, long before the last write.
    expect(responses).toHaveLength(1);
    const [response] = responses as [ServerResponse];
    if (!response.closed) {
      await once(response, 'close');
    }

    expect(status).toBe(200);
    expect(bytes).toBeGreaterThan(2_000_000);
    const waits = samples.filter((sample) => !sample.accepted).length;
    // Far more waits than EventEmitter's default limit of 10, or the test would prove nothing.
    expect(waits).toBeGreaterThan(20);
    const first = samples[0]?.listeners ?? 0;
    expect(Math.max(...samples.map((sample) => sample.listeners))).toBeLessThanOrEqual(first);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

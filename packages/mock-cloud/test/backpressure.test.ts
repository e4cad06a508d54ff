/**
 * Streamed pages wait for the socket to drain whenever a write is refused. Each wait must take its
 * listeners away again: a leftover `close`/`error` listener per wait piles up on a long page and floods
 * the process with MaxListenersExceededWarning (as `Promise.race` of two `events.once` did).
 */
import { OutgoingMessage, request, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

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

/** Reads a response a little at a time, so the server keeps running into a full socket. */
function slowGet(url: string, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `jwt ${token}` }, agent: false }, (res) => {
      (async () => {
        let bytes = 0;
        for await (const chunk of res) {
          bytes += (chunk as Buffer).length;
          await sleep(2);
        }
        return { status: res.statusCode ?? 0, bytes };
      })().then(resolve, reject);
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

/** Records, for every write of a server response, whether it was accepted and the listeners present. */
function sampleServerWrites(): WriteSample[] {
  const samples: WriteSample[] = [];
  const write = OutgoingMessage.prototype.write;
  vi.spyOn(OutgoingMessage.prototype, 'write').mockImplementation(function (
    this: OutgoingMessage,
    ...args: Parameters<typeof write>
  ) {
    if (!(this instanceof ServerResponse)) {
      return write.apply(this, args);
    }
    const listeners = ['close', 'error', 'drain'].reduce((sum, name) => sum + this.listenerCount(name), 0);
    const accepted = write.apply(this, args);
    samples.push({ accepted, listeners });
    return accepted;
  });
  return samples;
}

describe('back-pressure on a streamed page', () => {
  it('keeps the listeners on the response bounded and emits no MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    const samples = sampleServerWrites();
    const url = t.client.url(`/stream/${SLUG}/data/`, { page_size: POINTS });
    const { status, bytes } = await slowGet(url, t.client.token as string);
    // Warnings are emitted on the next tick; let them arrive before looking.
    await sleep(10);

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

/**
 * Test-side encoders for streamer reports, written from the format description (not from the parser):
 * a signed-list binary report (format 1) and a msgpack/JSON flexible dictionary report (`v100`).
 */
import { createHash } from 'node:crypto';

import { encode } from '@msgpack/msgpack';

export interface Reading {
  stream: number;
  id: number;
  /** Device uptime in seconds. */
  timestamp: number;
  value: number;
}

export interface SignedListInput {
  deviceId: number;
  readings: Reading[];
  reportId?: number;
  sentTimestamp?: number;
  signatureFlags?: number;
  streamerIndex?: number;
  selector?: number;
  format?: number;
  /** Overrides of the footer ids (default: min/max of the reading ids). */
  lowestId?: number;
  highestId?: number;
  /** Write a wrong hash. */
  badHash?: boolean;
}

export function encodeSignedList(input: SignedListInput): Uint8Array<ArrayBuffer> {
  const length = 20 + 16 * input.readings.length + 24;
  const buf = Buffer.alloc(length);
  buf.writeUInt8(input.format ?? 1, 0);
  buf.writeUInt8(length & 0xff, 1);
  buf.writeUInt16LE(length >> 8, 2);
  buf.writeUInt32LE(input.deviceId, 4);
  buf.writeUInt32LE(input.reportId ?? 0, 8);
  buf.writeUInt32LE(input.sentTimestamp ?? 0, 12);
  buf.writeUInt8(input.signatureFlags ?? 0, 16);
  buf.writeUInt8(input.streamerIndex ?? 0, 17);
  buf.writeUInt16LE(input.selector ?? 0xffff, 18);
  input.readings.forEach((r, i) => {
    const at = 20 + 16 * i;
    buf.writeUInt16LE(r.stream, at);
    buf.writeUInt16LE(0, at + 2);
    buf.writeUInt32LE(r.id, at + 4);
    buf.writeUInt32LE(r.timestamp, at + 8);
    buf.writeUInt32LE(r.value, at + 12);
  });
  const ids = input.readings.map((r) => r.id);
  const footer = length - 24;
  buf.writeUInt32LE(input.lowestId ?? (ids.length ? Math.min(...ids) : 0), footer);
  buf.writeUInt32LE(input.highestId ?? (ids.length ? Math.max(...ids) : 0), footer + 4);
  const hash = createHash('sha256')
    .update(buf.subarray(0, length - 16))
    .digest();
  hash.copy(buf, length - 16, 0, 16);
  if (input.badHash) {
    buf[length - 1] = (buf[length - 1] ?? 0) ^ 0xff;
  }
  return new Uint8Array(buf);
}

export interface FlexibleInput {
  format?: string;
  device: number;
  streamer_index?: number;
  streamer_selector?: number;
  device_sent_timestamp?: number;
  incremental_id?: number;
  lowest_id?: number;
  highest_id?: number;
  data?: Array<Record<string, unknown>>;
  events?: Array<Record<string, unknown>>;
}

export function flexibleReport(input: FlexibleInput): Record<string, unknown> {
  const ids = [...(input.data ?? []), ...(input.events ?? [])].map((x) => Number(x.streamer_local_id));
  return {
    format: 'v100',
    streamer_index: 256,
    streamer_selector: 0xffff,
    device_sent_timestamp: 0,
    incremental_id: 1,
    lowest_id: ids.length ? Math.min(...ids) : 0,
    highest_id: ids.length ? Math.max(...ids) : 0,
    ...input,
  };
}

export const encodeMsgpack = (report: Record<string, unknown>): Uint8Array<ArrayBuffer> =>
  new Uint8Array(encode(report));

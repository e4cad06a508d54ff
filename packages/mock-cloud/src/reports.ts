/**
 * Streamer report decoding, written from the format description:
 *
 * Signed-list report (format 1), little-endian:
 *   header (20 bytes): u8 format (= 1), u8 length low, u16 length high (length = high << 8 | low, the whole
 *     report in bytes), u32 device id, u32 report id, u32 sent timestamp (device uptime, s), u8 signature
 *     flags, u8 streamer index, u16 streamer selector;
 *   readings (16 bytes each): u16 stream, u16 reserved, u32 reading id, u32 timestamp (uptime, s), u32 value;
 *   footer (24 bytes): u32 lowest id, u32 highest id, 16 bytes signature. With signature flags 0 (the only
 *     kind the server accepts) the signature is the first 16 bytes of SHA-256 over everything before it.
 *
 * Flexible dictionary report (`.mp` msgpack or `.json`, format tag `v100`): an object with `format`,
 * `device`, `streamer_index`, `streamer_selector`, `device_sent_timestamp`, `lowest_id`, `highest_id`
 * (required), `incremental_id`, and `data` / `events` arrays whose items carry `stream` (hex string or
 * integer), `streamer_local_id`, `timestamp` (ISO or null), `device_timestamp`, and `value` (data) or
 * `extra_data` / `data` (events).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import { decode as decodeMsgpack } from '@msgpack/msgpack';

/** A report the server would refuse; the message says why. */
export class ReportError extends Error {
  override name = 'ReportError';
}

export const HEADER_LENGTH = 20;
export const READING_LENGTH = 16;
export const FOOTER_LENGTH = 24;

export interface SignedListHeader {
  format: number;
  length: number;
  deviceId: number;
  reportId: number;
  sentTimestamp: number;
  signatureFlags: number;
  streamerIndex: number;
  streamerSelector: number;
}

export interface ReportReading {
  stream: number;
  readingId: number;
  /** Seconds of device uptime. */
  timestamp: number;
  value: number;
}

export interface SignedListReport {
  header: SignedListHeader;
  readings: ReportReading[];
  lowestId: number;
  highestId: number;
  signature: Uint8Array;
  /** Whether the footer's hash matches the content (only meaningful with signature flags 0). */
  hashValid: boolean;
}

export function parseSignedListReport(bytes: Uint8Array): SignedListReport {
  if (bytes.length < HEADER_LENGTH) {
    throw new ReportError(`report too short: ${bytes.length} bytes, the header alone is ${HEADER_LENGTH}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint8(0);
  if (format !== 1) {
    throw new ReportError(`Unsupported Report Format: ${format}`);
  }
  const length = (view.getUint16(2, true) << 8) | view.getUint8(1);
  const header: SignedListHeader = {
    format,
    length,
    deviceId: view.getUint32(4, true),
    reportId: view.getUint32(8, true),
    sentTimestamp: view.getUint32(12, true),
    signatureFlags: view.getUint8(16),
    streamerIndex: view.getUint8(17),
    streamerSelector: view.getUint16(18, true),
  };
  if (length !== bytes.length) {
    throw new ReportError(
      `report length mismatch: the header says ${length} bytes, the file has ${bytes.length}`,
    );
  }
  if (length < HEADER_LENGTH + FOOTER_LENGTH) {
    throw new ReportError(
      `report too short: ${length} bytes, header and footer need ${HEADER_LENGTH + FOOTER_LENGTH}`,
    );
  }
  const body = length - HEADER_LENGTH - FOOTER_LENGTH;
  if (body % READING_LENGTH !== 0) {
    throw new ReportError(
      `report body of ${body} bytes is not a whole number of ${READING_LENGTH}-byte readings`,
    );
  }
  const readings: ReportReading[] = [];
  for (let at = HEADER_LENGTH; at < HEADER_LENGTH + body; at += READING_LENGTH) {
    const stream = view.getUint16(at, true);
    if (stream === 0) {
      const index = (at - HEADER_LENGTH) / READING_LENGTH;
      throw new ReportError(
        `readings[${index}]: "stream" must be a 16-bit variable id from 1 to 0xffff, got 0`,
      );
    }
    readings.push({
      stream,
      readingId: view.getUint32(at + 4, true),
      timestamp: view.getUint32(at + 8, true),
      value: view.getUint32(at + 12, true),
    });
  }
  const footer = length - FOOTER_LENGTH;
  const signature = bytes.slice(footer + 8, length);
  const digest = createHash('sha256')
    .update(bytes.subarray(0, length - 16))
    .digest()
    .subarray(0, 16);
  return {
    header,
    readings,
    lowestId: view.getUint32(footer, true),
    highestId: view.getUint32(footer + 4, true),
    signature,
    hashValid: timingSafeEqual(digest, signature),
  };
}

export interface FlexibleItem {
  /** The 16-bit stream (variable local id). */
  stream: number;
  streamerLocalId: number;
  /** ISO timestamp, when the item has one. */
  timestamp: string | null;
  deviceTimestamp: number | null;
}

export interface FlexibleReading extends FlexibleItem {
  value: number;
}

export interface FlexibleEvent extends FlexibleItem {
  extraData: Record<string, unknown> | null;
  data: unknown;
}

export interface FlexibleReport {
  format: string;
  device: number;
  streamerIndex: number;
  streamerSelector: number;
  deviceSentTimestamp: number;
  incrementalId: number | null;
  lowestId: number;
  highestId: number;
  data: FlexibleReading[];
  events: FlexibleEvent[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function int(v: unknown): number | null {
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : null;
  }
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : null;
}

/** The ranges the report's fields have on a device (and in the signed-list format). */
const U16 = 0xffff;
const U32 = 0xffff_ffff;
const ID = Number.MAX_SAFE_INTEGER;

/** An integer field within [min, max], or a `ReportError` that names it and the range. */
function ranged(v: unknown, name: string, min: number, max: number): number {
  const n = int(v);
  if (n === null || n < min || n > max) {
    const range = `${min} to ${max === ID ? '2^53 - 1' : `0x${max.toString(16)}`}`;
    throw new ReportError(`${name}: expected an integer from ${range}, got ${describe(v)}`);
  }
  return n;
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') {
    return String(v);
  }
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** A variable (stream) id: 16 bits, never 0 (no variable has local id 0). */
function streamId(v: unknown, where: string): number {
  const n = typeof v === 'string' && /^(0x)?[0-9a-fA-F]{1,4}$/.test(v) ? Number.parseInt(v, 16) : int(v);
  if (n === null || n < 1 || n > U16) {
    throw new ReportError(
      `${where}: "stream" must be a 16-bit variable id from 1 to 0xffff (an integer or a hex string), got ${describe(v)}`,
    );
  }
  return n;
}

function item(raw: unknown, where: string): FlexibleItem {
  if (!isObj(raw)) {
    throw new ReportError(`${where}: must be an object`);
  }
  const local = ranged(raw.streamer_local_id, `${where}: "streamer_local_id"`, 0, ID);
  const ts = raw.timestamp;
  if (ts !== undefined && ts !== null && typeof ts !== 'string') {
    throw new ReportError(`${where}: "timestamp" must be an ISO string or null`);
  }
  const dts = raw.device_timestamp;
  return {
    stream: streamId(raw.stream, where),
    streamerLocalId: local,
    timestamp: ts ?? null,
    deviceTimestamp:
      dts === undefined || dts === null ? null : ranged(dts, `${where}: "device_timestamp"`, 0, U32),
  };
}

/** Validates a decoded flexible dictionary report (the fields the server's serializer requires). */
export function parseFlexibleReport(raw: unknown): FlexibleReport {
  if (!isObj(raw)) {
    throw new ReportError('report must be an object (a dictionary report)');
  }
  const missing = ['format', 'device', 'streamer_index', 'streamer_selector', 'device_sent_timestamp']
    .concat(['lowest_id', 'highest_id'])
    .filter((key) => raw[key] === undefined || raw[key] === null);
  if (missing.length > 0) {
    throw new ReportError(`report is missing required field(s): ${missing.join(', ')}`);
  }
  if (raw.format !== 'v100') {
    throw new ReportError(`unsupported report format ${describe(raw.format)} (expected "v100")`);
  }
  // Device ids are 64-bit, but none above 2^53 exists; uptimes are 32-bit seconds; indexes and selectors 16-bit.
  const out = {
    device: ranged(raw.device, '"device"', 0, ID),
    streamerIndex: ranged(raw.streamer_index, '"streamer_index"', 0, U16),
    streamerSelector: ranged(raw.streamer_selector, '"streamer_selector"', 0, U16),
    deviceSentTimestamp: ranged(raw.device_sent_timestamp, '"device_sent_timestamp"', 0, U32),
    lowestId: ranged(raw.lowest_id, '"lowest_id"', 0, ID),
    highestId: ranged(raw.highest_id, '"highest_id"', 0, ID),
  };
  const list = (key: string): unknown[] => {
    const v = raw[key];
    if (v === undefined || v === null) {
      return [];
    }
    if (!Array.isArray(v)) {
      throw new ReportError(`"${key}" must be an array`);
    }
    return v;
  };
  const data = list('data').map((r, i) => {
    const base = item(r, `data[${i}]`);
    const value = int((r as Record<string, unknown>).value);
    if (value === null) {
      throw new ReportError(`data[${i}]: "value" must be an integer (within +-(2^53 - 1))`);
    }
    return { ...base, value };
  });
  const events = list('events').map((r, i) => {
    const base = item(r, `events[${i}]`);
    const extra = (r as Record<string, unknown>).extra_data;
    if (extra !== undefined && extra !== null && !isObj(extra)) {
      throw new ReportError(`events[${i}]: "extra_data" must be an object`);
    }
    return {
      ...base,
      extraData: (extra as Record<string, unknown> | undefined) ?? null,
      data: (r as Record<string, unknown>).data,
    };
  });
  const incremental = raw.incremental_id;
  const incrementalId =
    incremental === undefined || incremental === null ? null : ranged(incremental, '"incremental_id"', 0, ID);
  return { format: raw.format as string, ...out, incrementalId, data, events };
}

export function decodeMsgpackReport(bytes: Uint8Array): FlexibleReport {
  let raw: unknown;
  try {
    raw = decodeMsgpack(bytes, { useBigInt64: false });
  } catch (err) {
    throw new ReportError(`msgpack decoding failed: ${(err as Error).message}`);
  }
  return parseFlexibleReport(raw);
}

export function decodeJsonReport(bytes: Uint8Array): FlexibleReport {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new ReportError(`JSON parsing error: ${(err as Error).message}`);
  }
  return parseFlexibleReport(raw);
}

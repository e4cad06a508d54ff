/**
 * The demo's long time series: regular readings whose raw values are a pure function of a seed and the
 * reading's index. A year of 15-minute readings is a formula until a page asks for it, so loading the demo
 * costs nothing, and any reading can be computed on its own (the same one every time).
 */
import type { DataPoint, PointSource } from './points.js';

/**
 * A number in [0, 1) from a seed, a stream number and an index: a 32-bit integer hash (murmur3's
 * finaliser over the three words). Pure, so readings can be computed in any order.
 */
export function noise(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** An input unit's conversion (`value = o + raw * m / d`), applied when readings are stored. */
export interface InputMdo {
  m: number;
  d: number;
  o: number;
}

export interface SeriesOptions {
  /** Microseconds since the epoch of reading 0. */
  startUs: number;
  /** Seconds between readings. */
  intervalSeconds: number;
  count: number;
  /** The raw (device) integer of reading `i`. */
  raw: (index: number) => number;
  /** The stream's input unit. */
  input: InputMdo;
  /** `streamer_local_id` of reading 0; the others count up from it. */
  firstStreamerLocalId: number;
}

/** A series as a `PointSource`: readings computed when asked for. */
export class SeriesSource implements PointSource {
  readonly length: number;
  private readonly stepUs: number;

  constructor(
    private readonly options: SeriesOptions,
    /** Database id of reading 0; the others follow. */
    private readonly firstId: number,
  ) {
    this.length = options.count;
    this.stepUs = options.intervalSeconds * 1_000_000;
  }

  timestampAt(i: number): number {
    return this.options.startUs + i * this.stepUs;
  }

  pointAt(i: number): DataPoint {
    const { raw, input, firstStreamerLocalId } = this.options;
    const intValue = raw(i);
    return {
      id: this.firstId + i,
      timestamp: this.timestampAt(i),
      type: 'Num',
      intValue,
      value: storedValue(intValue, input),
      streamerLocalId: firstStreamerLocalId + i,
      deviceTimestamp: null,
      dirtyTs: false,
      status: 'cln',
    };
  }
}

/** What the server stores as `value` for a raw reading: the input unit applied. */
export function storedValue(raw: number, input: InputMdo): number {
  return input.o + (raw * input.m) / input.d;
}

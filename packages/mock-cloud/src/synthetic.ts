/**
 * Synthetic streams: millions of points described by a formula (start, interval, value) instead of stored
 * one by one. Points are computed when a page asks for them, so a million-point stream costs a few bytes
 * (or 8 bytes a point when the values come as a typed array).
 */
import type { DataPoint, PointSource } from './points.js';

export interface SyntheticStreamOptions {
  /** Number of points. */
  count: number;
  /** Time of the first point: a `Date`, an ISO string or milliseconds since the epoch. Default 2020-01-01Z. */
  start?: Date | string | number;
  /** Seconds between points (default 60). */
  intervalSeconds?: number;
  /**
   * The value of point `i`: a constant, a function of the index, or an array of `count` numbers
   * (default: `i`).
   */
  value?: number | ((index: number) => number) | ArrayLike<number>;
  /** `streamer_local_id` of the first point; the rest count up from it (default 1). */
  firstStreamerLocalId?: number;
}

export class SyntheticSource implements PointSource {
  readonly length: number;
  private readonly startUs: number;
  private readonly stepUs: number;
  private readonly valueAt: (i: number) => number;
  private readonly firstLocalId: number;

  constructor(
    options: SyntheticStreamOptions,
    /** Database id of point 0; the others follow. */
    private readonly firstId: number,
  ) {
    const { count, intervalSeconds = 60, value, firstStreamerLocalId = 1 } = options;
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`synthetic stream: count must be a non-negative integer, got ${count}`);
    }
    if (!Number.isFinite(intervalSeconds) || intervalSeconds < 0) {
      throw new RangeError(`synthetic stream: intervalSeconds must be >= 0, got ${intervalSeconds}`);
    }
    const start = options.start ?? Date.UTC(2020, 0, 1);
    const startMs =
      start instanceof Date ? start.getTime() : typeof start === 'string' ? Date.parse(start) : start;
    if (!Number.isFinite(startMs)) {
      throw new RangeError(`synthetic stream: start is not a valid date: ${String(options.start)}`);
    }
    this.length = count;
    // Stream data timestamps have second precision on the server.
    this.startUs = Math.floor(startMs / 1000) * 1_000_000;
    this.stepUs = Math.round(intervalSeconds * 1_000_000);
    this.firstLocalId = firstStreamerLocalId;
    if (value === undefined) {
      this.valueAt = (i) => i;
    } else if (typeof value === 'number') {
      this.valueAt = () => value;
    } else if (typeof value === 'function') {
      this.valueAt = value;
    } else {
      if (value.length < count) {
        throw new RangeError(`synthetic stream: value array has ${value.length} items, count is ${count}`);
      }
      this.valueAt = (i) => value[i] as number;
    }
  }

  timestampAt(i: number): number {
    return this.startUs + i * this.stepUs;
  }

  pointAt(i: number): DataPoint {
    const value = this.valueAt(i);
    return {
      id: this.firstId + i,
      timestamp: this.timestampAt(i),
      type: 'Num',
      intValue: Number.isInteger(value) ? value : Math.trunc(value),
      value,
      streamerLocalId: this.firstLocalId + i,
      deviceTimestamp: null,
      dirtyTs: false,
      status: 'cln',
    };
  }
}

/**
 * Stream data storage. A stream's points live in a `PointSource`: ordered by timestamp, indexable, and
 * cheap to slice, so filters (`start`, `end`, `lastn`) are binary searches and a page is a range of
 * indexes. Fixture and uploaded points live in an `ArraySource`; synthetic streams compute their points
 * (see `synthetic.ts`).
 */
import type { Component } from './api-types.js';
import { parseIsoDateTime } from './timestamps.js';

/** The spec's storage types of a point (`Num`, `ITR`, ...). */
export type DataType = Component<'DataType'>;
/** The spec's timestamp statuses of a point (`unk`, `cln`, `drt`, `utc`). */
export type DataStatus = Component<'DataStatus'>;

/** One stored data point, normalised. */
export interface DataPoint {
  /** Database id, unique across the mock (`/data/` rows carry it). */
  id: number;
  /** Microseconds since the epoch. */
  timestamp: number;
  type: DataType;
  intValue: number | null;
  value: number | null;
  streamerLocalId: number;
  deviceTimestamp: number | null;
  dirtyTs: boolean;
  status: DataStatus;
  /** Kept from a fixture when it gives one; otherwise derived on output. (`output_value` is always derived.) */
  displayValue?: string;
}

export interface PointSource {
  readonly length: number;
  /** Microseconds since the epoch of point `i`; non-decreasing in `i`. */
  timestampAt(i: number): number;
  pointAt(i: number): DataPoint;
}

/** The first index whose timestamp is >= `us` (`length` when none). */
export function lowerBound(source: PointSource, us: number): number {
  let lo = 0;
  let hi = source.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (source.timestampAt(mid) < us) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

export class ArraySource implements PointSource {
  private readonly points: DataPoint[] = [];

  constructor(points: Iterable<DataPoint> = []) {
    this.add(points);
  }

  get length(): number {
    return this.points.length;
  }

  timestampAt(i: number): number {
    return (this.points[i] as DataPoint).timestamp;
  }

  pointAt(i: number): DataPoint {
    return this.points[i] as DataPoint;
  }

  /** Removes point `i` (`/data/{id}/` deletes and moves points). */
  removeAt(i: number): DataPoint {
    return this.points.splice(i, 1)[0] as DataPoint;
  }

  /** Inserts points keeping timestamp order (stable: equal timestamps keep insertion order). */
  add(points: Iterable<DataPoint>): void {
    let needsSort = false;
    for (const p of points) {
      const last = this.points[this.points.length - 1];
      if (last && last.timestamp > p.timestamp) {
        needsSort = true;
      }
      this.points.push(p);
    }
    if (needsSort) {
      this.points.sort((a, b) => a.timestamp - b.timestamp);
    }
  }
}

/** Why a stream file or data object could not be read; the message names the source and the row. */
export class DataFormatError extends Error {
  override name = 'DataFormatError';
}

const TYPES: ReadonlySet<string> = new Set<DataType>(['Num', 'ITR', 'P-0', 'P-1', 'P-E']);
const STATUSES: ReadonlySet<string> = new Set<DataStatus>(['unk', 'cln', 'drt', 'utc']);

function numOrNull(row: Record<string, unknown>, key: string, where: string): number | null {
  const v = row[key];
  if (v === undefined || v === null) {
    return null;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new DataFormatError(`${where}: "${key}" must be a number or null, got ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Reads one point in the fixture format (the Python mock's `<stream>.json` rows:
 * `{type, timestamp, int_value, value, display_value, output_value, streamer_local_id}`; everything but
 * `timestamp` optional).
 */
export function pointFromJson(raw: unknown, id: number, where: string): DataPoint {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataFormatError(`${where}: expected an object, got ${JSON.stringify(raw)}`);
  }
  const row = raw as Record<string, unknown>;
  if (typeof row.timestamp !== 'string') {
    throw new DataFormatError(`${where}: "timestamp" must be an ISO-8601 string`);
  }
  const timestamp = parseIsoDateTime(row.timestamp);
  if (timestamp === null) {
    throw new DataFormatError(`${where}: "timestamp" is not an ISO-8601 date and time: "${row.timestamp}"`);
  }
  const intValue = numOrNull(row, 'int_value', where);
  const value = numOrNull(row, 'value', where);
  if (intValue === null && value === null) {
    throw new DataFormatError(`${where}: needs "int_value" or "value"`);
  }
  const type = row.type ?? (value !== null && intValue === null ? 'ITR' : 'Num');
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new DataFormatError(
      `${where}: "type" must be one of Num, ITR, P-0, P-1, P-E, got ${JSON.stringify(type)}`,
    );
  }
  const status = row.status ?? 'unk';
  if (typeof status !== 'string' || !STATUSES.has(status)) {
    throw new DataFormatError(`${where}: "status" must be one of unk, cln, drt, utc`);
  }
  const point: DataPoint = {
    id,
    timestamp,
    type: type as DataType,
    intValue: intValue === null ? null : Math.trunc(intValue),
    value: value ?? intValue,
    streamerLocalId: numOrNull(row, 'streamer_local_id', where) ?? 0,
    deviceTimestamp: numOrNull(row, 'device_timestamp', where),
    dirtyTs: row.dirty_ts === true,
    status: status as DataStatus,
  };
  // A row's `output_value` is checked but not kept: the server computes it from `value` and the stream's
  // output unit on every read, and so does the mock.
  numOrNull(row, 'output_value', where);
  if (typeof row.display_value === 'string') {
    point.displayValue = row.display_value;
  }
  return point;
}

/** Splits one CSV line (RFC 4180 quoting; spaces around fields are trimmed, as the fixtures have them). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    while (line[i] === ' ') {
      i++;
    }
    let field = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else {
          field += line[i];
          i++;
        }
      }
      while (i < line.length && line[i] !== ',') {
        i++;
      }
    } else {
      const comma = line.indexOf(',', i);
      const endAt = comma === -1 ? line.length : comma;
      field = line.slice(i, endAt).trim();
      i = endAt;
    }
    out.push(field);
    i++;
  }
  return out;
}

/**
 * Reads `<stream>.csv`: rows of `"timestamp", int`. As in the Python mock, each row is an `ITR` point whose
 * `int_value` and `value` are the integer. Unlike the Python mock (which also gave it as `output_value`),
 * `output_value` and `display_value` come from the stream's output unit, as on the server.
 */
export function pointsFromCsv(text: string, firstId: number, where: string): DataPoint[] {
  const points: DataPoint[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') {
      return;
    }
    const at = `${where}, line ${index + 1}`;
    const fields = csvFields(line);
    if (fields.length < 2) {
      throw new DataFormatError(`${at}: expected "timestamp", integer`);
    }
    const timestamp = parseIsoDateTime(fields[0] ?? '');
    if (timestamp === null) {
      throw new DataFormatError(`${at}: not an ISO-8601 date and time: "${fields[0]}"`);
    }
    const raw = fields[1] ?? '';
    if (!/^[+-]?\d+$/.test(raw)) {
      throw new DataFormatError(`${at}: value must be an integer, got "${raw}"`);
    }
    const n = Number.parseInt(raw, 10);
    points.push({
      id: firstId + points.length,
      timestamp,
      type: 'ITR',
      intValue: n,
      value: n,
      streamerLocalId: 0,
      deviceTimestamp: null,
      dirtyTs: false,
      status: 'unk',
    });
  });
  return points;
}

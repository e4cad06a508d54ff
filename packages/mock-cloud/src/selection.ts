/**
 * Selecting data points across one or more streams for `/data/`, `/stream/{slug}/data/` and `/df/`:
 * time bounds by binary search, `lastn`, value predicates, and the server's ordering — without copying a
 * large stream when a page only needs a slice of it.
 */
import { type DataPoint, lowerBound, type PointSource } from './points.js';

export interface Row {
  readonly point: DataPoint;
  readonly slug: string;
}

/** A selected, ordered set of rows; pages read `rows(start, end)`. */
export interface Selection {
  readonly count: number;
  rows(start: number, end: number): Iterable<Row>;
}

export interface StreamInput {
  readonly slug: string;
  readonly source: PointSource;
}

export interface SelectOptions {
  /** Inclusive lower bound (µs). */
  start?: number | null;
  /** Exclusive upper bound (µs). */
  end?: number | null;
  /** Exact timestamp (µs). */
  timestamp?: number | null;
  /** Only the last N points by timestamp (returned in ascending time order). */
  lastn?: number | null;
  /** Further per-point conditions (id and streamer-id ranges). */
  predicate?: ((p: DataPoint) => boolean) | null;
  /**
   * `timestamp`: ascending time (stream data view). `streamer`: `streamer_local_id`, stream, timestamp
   * (the `/data/` default).
   */
  order: 'timestamp' | 'streamer';
}

/** Above this many points, multi-stream results are concatenated by stream instead of fully sorted. */
export const SORT_LIMIT = 200_000;

interface Segment {
  slug: string;
  source: PointSource;
  from: number;
  to: number;
}

class SegmentSelection implements Selection {
  readonly count: number;
  constructor(private readonly segments: Segment[]) {
    this.count = segments.reduce((n, s) => n + (s.to - s.from), 0);
  }

  *rows(start: number, end: number): Iterable<Row> {
    let offset = 0;
    for (const seg of this.segments) {
      const size = seg.to - seg.from;
      const lo = Math.max(start - offset, 0);
      const hi = Math.min(end - offset, size);
      for (let i = lo; i < hi; i++) {
        yield { point: seg.source.pointAt(seg.from + i), slug: seg.slug };
      }
      offset += size;
      if (offset >= end) {
        return;
      }
    }
  }
}

class ListSelection implements Selection {
  constructor(private readonly list: Row[]) {}
  get count(): number {
    return this.list.length;
  }
  rows(start: number, end: number): Iterable<Row> {
    return this.list.slice(start, end);
  }
}

function byTimestamp(a: Row, b: Row): number {
  return a.point.timestamp - b.point.timestamp || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

function byStreamer(a: Row, b: Row): number {
  return (
    a.point.streamerLocalId - b.point.streamerLocalId ||
    (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0) ||
    a.point.timestamp - b.point.timestamp
  );
}

function materialise(seg: Segment, predicate: ((p: DataPoint) => boolean) | null | undefined): Row[] {
  const out: Row[] = [];
  for (let i = seg.from; i < seg.to; i++) {
    const point = seg.source.pointAt(i);
    if (!predicate || predicate(point)) {
      out.push({ point, slug: seg.slug });
    }
  }
  return out;
}

/** True when a segment's stored (time) order is already ordered by streamer id. */
function streamerOrdered(seg: Segment): boolean {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = seg.from; i < seg.to; i++) {
    const id = seg.source.pointAt(i).streamerLocalId;
    if (id < last) {
      return false;
    }
    last = id;
  }
  return true;
}

export function select(inputs: readonly StreamInput[], options: SelectOptions): Selection {
  const segments: Segment[] = [...inputs]
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
    .map(({ slug, source }) => {
      let from = 0;
      let to = source.length;
      if (options.timestamp !== undefined && options.timestamp !== null) {
        from = lowerBound(source, options.timestamp);
        to = lowerBound(source, options.timestamp + 1);
      }
      if (options.start !== undefined && options.start !== null) {
        from = Math.max(from, lowerBound(source, options.start));
      }
      if (options.end !== undefined && options.end !== null) {
        to = Math.min(to, lowerBound(source, options.end));
      }
      return { slug, source, from, to: Math.max(from, to) };
    })
    .filter((s) => s.to > s.from);

  const { lastn, predicate } = options;
  if (lastn !== undefined && lastn !== null) {
    const tails: Row[] = [];
    for (const seg of segments) {
      if (predicate) {
        tails.push(...materialise(seg, predicate).slice(-lastn));
      } else {
        tails.push(...materialise({ ...seg, from: Math.max(seg.from, seg.to - lastn) }, null));
      }
    }
    return new ListSelection(tails.sort(byTimestamp).slice(-lastn));
  }

  const total = segments.reduce((n, s) => n + (s.to - s.from), 0);
  const single = segments.length <= 1;
  if (!predicate && single) {
    const seg = segments[0];
    if (!seg || options.order === 'timestamp' || total > SORT_LIMIT || streamerOrdered(seg)) {
      return new SegmentSelection(segments);
    }
  }
  if (total > SORT_LIMIT && !predicate) {
    // Too large to sort in a request: streams one after the other, each in time order.
    return new SegmentSelection(segments);
  }
  const rows = segments.flatMap((seg) => materialise(seg, predicate));
  return new ListSelection(rows.sort(options.order === 'timestamp' ? byTimestamp : byStreamer));
}

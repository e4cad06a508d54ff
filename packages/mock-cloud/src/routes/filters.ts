/**
 * The `filter` argument of `/data/`, `/event/` and `/df/` (`s--`, `d--`, `b--`, `v--` targets) and the
 * value filters they share (`start`, `end`, `timestamp`, `lastn`, id and streamer-id ranges).
 */
import { detail, type MockRequest, validationList } from '../http.js';
import type { DataPoint } from '../points.js';
import type { Env } from '../router.js';
import {
  blockSlug,
  deviceSlug,
  normaliseVariableSlug,
  parseStreamSlug,
  type StreamSlugParts,
  tryParse,
} from '../slugs.js';
import { intParam, isoParam } from './params.js';

/** Which streams a `filter` value selects: a predicate on parsed stream slugs. Null: select nothing. */
export function streamMatcher(raw: string | null, kinds = 'sdbv'): ((p: StreamSlugParts) => boolean) | null {
  if (!raw) {
    return null;
  }
  const prefix = raw.slice(0, 3).toLowerCase();
  if (prefix === 's--' && kinds.includes('s')) {
    const parts = tryParse(() => parseStreamSlug(raw));
    if (!parts) {
      throw detail(
        400,
        `Illegal filter argument format (Illegal Stream). Expected s--XXXX-XXXX--XXXX-XXXX-XXXX-XXXX--XXXX, got ${raw}`,
      );
    }
    return (p) => p.slug === parts.slug;
  }
  if (prefix === 'd--' && kinds.includes('d')) {
    const slug = tryParse(() => deviceSlug(raw));
    if (!slug) {
      throw detail(400, `Illegal filter argument format (Illegal Device). Got ${raw}`);
    }
    return (p) => p.device === slug && !p.isBlock;
  }
  if (prefix === 'b--' && kinds.includes('b')) {
    const slug = tryParse(() => blockSlug(raw));
    if (!slug) {
      throw detail(400, `Illegal filter argument format (Illegal DataBlock). Got ${raw}`);
    }
    return (p) => p.block === slug;
  }
  if (prefix === 'v--' && kinds.includes('v')) {
    const slug = tryParse(() => normaliseVariableSlug(raw));
    return slug ? (p) => p.variable === slug : null;
  }
  return null;
}

/** The streams with data that a filter selects. */
export function selectedDataStreams(env: Env, raw: string | null, kinds?: string): string[] {
  const match = streamMatcher(raw, kinds);
  if (!match) {
    return [];
  }
  return [...env.store.slugsWithData()].filter((slug) => {
    const parts = tryParse(() => parseStreamSlug(slug));
    return parts !== null && match(parts);
  });
}

export interface ValueFilters {
  start: number | null;
  end: number | null;
  timestamp: number | null;
  lastn: number | null;
  predicate: ((p: { id: number; streamerLocalId: number; deviceTimestamp: number | null }) => boolean) | null;
}

/** `lastn` on `/data/`, `/event/` and `/note/`: 1..100000, anything else a 400. */
function strictLastn(req: MockRequest): number | null {
  const raw = req.query.get('lastn');
  if (raw === null || raw === '') {
    return null;
  }
  if (!/^\s*-?\d+\s*$/.test(raw)) {
    throw validationList('lastn must be an integer');
  }
  const n = Number.parseInt(raw, 10);
  if (n < 1) {
    throw validationList('lastn must be greater than 0');
  }
  if (n > 100000) {
    throw validationList('lastn limit is 100000');
  }
  return n;
}

export function valueFilters(req: MockRequest): ValueFilters {
  const ranges: Array<[(p: DataPoint) => number | null, number | null, number | null]> = [
    [
      (p) => p.id,
      intParam(req, 'id_min') ?? intParam(req, 'id_0'),
      intParam(req, 'id_max') ?? intParam(req, 'id_1'),
    ],
    [
      (p) => p.streamerLocalId,
      intParam(req, 'streamer_id_min') ?? intParam(req, 'streamer_id_0'),
      intParam(req, 'streamer_id_max') ?? intParam(req, 'streamer_id_1'),
    ],
    [(p) => p.deviceTimestamp, intParam(req, 'streamer_ts_min'), intParam(req, 'streamer_ts_max')],
  ];
  const active = ranges.filter(([, lo, hi]) => lo !== null || hi !== null);
  return {
    start: isoParam(req, 'start'),
    end: isoParam(req, 'end'),
    timestamp: isoParam(req, 'timestamp'),
    lastn: strictLastn(req),
    predicate:
      active.length === 0
        ? null
        : (p) =>
            active.every(([get, lo, hi]) => {
              const v = get(p as DataPoint);
              return v !== null && (lo === null || v >= lo) && (hi === null || v <= hi);
            }),
  };
}

/** `/device/`: list with the server's filters, detail (GET/PUT/PATCH), `extra`, `properties`, `streamers`. */
import type { Schema } from '../api-types.js';
import { json, type MockRequest, notFound, readObject } from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { device, projectBySlug, streamer, targetProperty } from '../serializers.js';
import { deviceSlug, isUuid, parseStreamSlug, projectSlug, tryParse } from '../slugs.js';
import { findDevice } from './lookup.js';
import { boolParam } from './params.js';
import { applyPatch, bool, type FieldRule, oneOf, str } from './patch.js';

/** A project filter value: UUID or `p--` slug (any short form); null when it names no project. */
export function projectIdOf(env: Env, value: string): string | null {
  if (isUuid(value)) {
    return value.toLowerCase();
  }
  const slug = tryParse(() => projectSlug(value));
  const found = slug ? projectBySlug(env.store, slug) : undefined;
  return found ? String(found.id).toLowerCase() : null;
}

function list(req: MockRequest, env: Env) {
  let devices = [...env.store.devices.values()];
  const q = req.query;
  if (!q.get('all')) {
    devices = devices.filter((d) => d.active !== false);
  }
  const projectFilter = q.get('project');
  if (projectFilter) {
    const id = projectIdOf(env, projectFilter);
    devices = devices.filter((d) => id !== null && String(d.project ?? '').toLowerCase() === id);
  }
  for (const [key, field, known] of [
    ['dt', 'template', env.store.dts],
    ['sg', 'sg', env.store.sgs],
  ] as const) {
    const v = q.get(key);
    if (v) {
      if (!known.has(v) && !devices.some((d) => d[field] === v)) {
        throw notFound();
      }
      devices = devices.filter((d) => d[field] === v);
    }
  }
  const externalId = q.get('external_id');
  if (externalId) {
    devices = devices.filter((d) => d.external_id === externalId);
  }
  if (boolParam(req, 'claimed') !== null) {
    devices = devices.filter((d) => d.project !== null && d.project !== undefined);
  }
  const orgSlug = q.get('org__slug');
  if (orgSlug) {
    devices = devices.filter((d) => device(d, env.store).org === orgSlug);
  }
  const rows = devices.map((d) => device(d, env.store)).sort((a, b) => Number(a.id) - Number(b.id));
  return json(200, paginate(req, rows, LARGE));
}

const latLon: FieldRule = (v) => {
  if (v === null || v === '') {
    return { ok: true, value: null };
  }
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n)
    ? { ok: true, value: n.toFixed(6) }
    : { ok: false, error: 'A valid number is required.' };
};

const uuidOrNull: FieldRule = (v) =>
  v === null || (typeof v === 'string' && isUuid(v))
    ? { ok: true, value: v === null ? null : (v as string).toLowerCase() }
    : { ok: false, error: `"${String(v)}" is not a valid UUID.` };

async function update(req: MockRequest, env: Env) {
  const found = findDevice(env, req.params.slug ?? '');
  const body = await readObject(req);
  applyPatch(found, body, {
    label: str(100),
    active: bool,
    external_id: str(24),
    sg: str(50, true),
    project: uuidOrNull,
    lat: latLon,
    lon: latLon,
    state: oneOf(['N0', 'N1', 'B0', 'B1']),
  });
  if ('state' in body && !('active' in body)) {
    found.active = found.state === 'N1';
  } else if ('active' in body && !('state' in body)) {
    found.state = found.active ? 'N1' : 'N0';
  }
  return json(200, device(found, env.store));
}

/** Data and event counts per stream of a device (only streams that have some). */
function streamCounts(env: Env, slug: string): Record<string, Schema<'DeviceStreamCount'>> {
  const counts: Record<string, Schema<'DeviceStreamCount'>> = {};
  const bump = (stream: string, key: 'data_cnt' | 'event_cnt', n: number) => {
    if (n <= 0) {
      return;
    }
    const entry = counts[stream];
    if (entry) {
      entry[key] = (entry[key] ?? 0) + n;
    } else {
      // The server's key order: the first count, then has_streamid (a later count comes after it).
      counts[stream] = { [key]: n, has_streamid: env.store.streams.has(stream) };
    }
  };
  for (const stream of env.store.slugsWithData()) {
    if (tryParse(() => parseStreamSlug(stream))?.device === slug) {
      bump(stream, 'data_cnt', env.store.pointsOf(stream)?.length ?? 0);
    }
  }
  for (const ev of env.store.events.values()) {
    const parts = tryParse(() => parseStreamSlug(String(ev.stream)));
    if (parts?.device === slug) {
      bump(parts.slug, 'event_cnt', 1);
    }
  }
  return counts;
}

export function deviceRoutes(router: Router): void {
  router.add('/device/', { GET: list });
  router.add('/device/{slug}/', {
    GET: (req, env) => json(200, device(findDevice(env, req.params.slug ?? ''), env.store)),
    PATCH: update,
    PUT: update,
  });
  router.add('/device/{slug}/extra/', {
    GET: (req, env) => {
      const d = device(findDevice(env, req.params.slug ?? ''), env.store);
      return json(200, {
        id: d.id,
        slug: d.slug,
        project: d.project,
        label: d.label,
        active: d.active,
        created_on: d.created_on,
        claimed_by: d.claimed_by,
        claimed_on: d.claimed_on,
        stream_counts: streamCounts(env, String(d.slug)),
      });
    },
  });
  router.add('/device/{slug}/properties/', {
    GET: (req, env) => {
      const slug = String(findDevice(env, req.params.slug ?? '').slug);
      const props = [...env.store.properties.values()].filter(
        (p) => tryParse(() => deviceSlug(String(p.target))) === slug,
      );
      return json(200, props.map(targetProperty));
    },
  });
  router.add('/device/{slug}/streamers/', {
    GET: (req, env) => {
      const slug = String(findDevice(env, req.params.slug ?? '').slug);
      const rows = [...env.store.streamers.values()].map(streamer).filter((s) => s.device === slug);
      return json(200, rows);
    },
  });
}

/**
 * `/stream/`: list with the server's filters (by default only streams of active devices, no virtual or
 * data-block streams), detail (GET/PUT/PATCH), and `/stream/{slug}/data/` (SuperLarge pages, lenient
 * `start`/`end`, `lastn`).
 */
import { detail, json, type MockRequest, readObject } from '../http.js';
import { streamedPage } from '../json-page.js';
import { pageWindow, paginate, SUPER_LARGE } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { select } from '../selection.js';
import { outputConversion, stream, streamDataPointJson } from '../serializers.js';
import {
  blockSlug,
  deviceSlug,
  isUuid,
  normaliseVariableSlug,
  parseStreamSlug,
  projectSlug,
  type StreamSlugParts,
  tryParse,
} from '../slugs.js';
import type { Obj } from '../store.js';
import { parseLenientDateTime, SecondsZFormatter } from '../timestamps.js';
import { findStream } from './lookup.js';
import { boolParam } from './params.js';
import { applyPatch, bool, type FieldRule, integer, number, oneOf, str } from './patch.js';

function deviceActive(env: Env, parts: StreamSlugParts): boolean {
  const d = env.store.devices.get(parts.device);
  return d !== undefined && d.active !== false;
}

function list(req: MockRequest, env: Env) {
  const q = req.query;
  let rows = [...env.store.streams.values()].map((s) => ({ s, parts: parseStreamSlug(String(s.slug)) }));
  const isVirtual = (p: StreamSlugParts) => p.device === deviceSlug(0);
  const deviceFilter = q.get('device') || q.get('device__slug');
  const all = Boolean(q.get('all'));
  if (deviceFilter) {
    if (deviceFilter.startsWith('b--')) {
      const block = tryParse(() => blockSlug(deviceFilter));
      rows = rows.filter(({ parts }) => parts.block === block);
    } else if (/^d--/i.test(deviceFilter) || !deviceFilter.includes('--')) {
      const slug = tryParse(() => deviceSlug(deviceFilter));
      rows = rows.filter(({ parts }) => parts.device === slug);
    } else {
      throw detail(403, 'You do not have permission to perform this action.');
    }
  } else if (q.get('virtual')) {
    rows = rows.filter(({ parts }) => isVirtual(parts));
  } else if (q.get('archived')) {
    rows = rows.filter(({ parts }) => parts.isBlock);
  } else if (!all) {
    rows = rows.filter(({ parts }) => !parts.isBlock && !isVirtual(parts) && deviceActive(env, parts));
  }
  const projectFilter = q.get('project');
  if (projectFilter) {
    // As the server: a UUID matches the stream's project id; a slug matches the stream's project slug,
    // which the stream carries itself (so a fixture without a `projects` section still finds it).
    if (isUuid(projectFilter)) {
      const id = projectFilter.toLowerCase();
      rows = rows.filter(
        ({ s, parts }) => !parts.isBlock && String(stream(s, env.store).project_id).toLowerCase() === id,
      );
    } else {
      const slug = tryParse(() => projectSlug(projectFilter));
      rows = rows.filter(
        ({ s, parts }) => !parts.isBlock && slug !== null && stream(s, env.store).project === slug,
      );
    }
  }
  const block = q.get('block');
  if (block) {
    const slug = tryParse(() => blockSlug(block));
    rows = rows.filter(({ parts }) => parts.block === slug);
  }
  const variable = q.get('variable');
  if (variable) {
    const slug = tryParse(() => normaliseVariableSlug(variable));
    rows = rows.filter(({ parts }) => parts.variable === slug);
  }
  const orgSlug = q.get('org__slug') || q.get('org');
  if (orgSlug) {
    rows = rows.filter(({ s }) => stream(s, env.store).org === orgSlug);
  }
  const enabled = boolParam(req, 'enabled');
  const out = rows
    .map(({ s }) => stream(s, env.store))
    .filter((s) => enabled === null || s.enabled === enabled);
  out.sort((a, b) => String(a.slug).localeCompare(String(b.slug)));
  return json(200, paginate(req, out, SUPER_LARGE));
}

const unitSlug: FieldRule = (v) =>
  typeof v === 'string' ? { ok: true, value: { slug: v } } : { ok: false, error: 'Not a valid string.' };

async function update(req: MockRequest, env: Env) {
  const found = findStream(env, req.params.slug ?? '');
  const body = await readObject(req);
  const before = { input_unit: found.input_unit, output_unit: found.output_unit };
  applyPatch(found, body, {
    data_label: str(100),
    data_type: oneOf(['00', 'D0', 'E0', 'E1', 'E2', 'E3']),
    var_name: str(30),
    var_lid: integer(),
    input_unit: unitSlug,
    output_unit: unitSlug,
    raw_value_format: str(5),
    mdo_type: oneOf(['V', 'S']),
    mdo_label: str(10),
    multiplication_factor: integer(true),
    division_factor: integer(true),
    offset: number(true),
    enabled: bool,
  });
  // Units are written by slug; keep the full unit when the slug did not change.
  for (const key of ['input_unit', 'output_unit'] as const) {
    const now = found[key] as Obj | null | undefined;
    const old = before[key] as Obj | null | undefined;
    if (now && old && now !== old && now.slug === old.slug) {
      found[key] = old;
    }
  }
  return json(200, stream(found, env.store));
}

/** `lastn` on this view: non-integers are ignored, < 1 becomes 1, > 10000 becomes 100000 (sic, server code). */
function lenientLastn(raw: string | null): number | null {
  if (raw === null || !/^\s*-?\d+\s*$/.test(raw)) {
    return null;
  }
  const n = Number.parseInt(raw, 10);
  return n < 1 ? 1 : n > 10000 ? 100000 : n;
}

function data(req: MockRequest, env: Env) {
  const found = findStream(env, req.params.slug ?? '');
  // A derived stream's data is read from the stream it points to.
  const derived =
    typeof found.derived_stream === 'string'
      ? tryParse(() => parseStreamSlug(String(found.derived_stream)))
      : null;
  const slug = derived?.slug ?? String(found.slug);
  const source = env.store.pointsOf(slug);
  const lenient = (key: string) => {
    const raw = req.query.get(key);
    return raw ? parseLenientDateTime(raw) : null;
  };
  const selection = select(source ? [{ slug, source }] : [], {
    start: lenient('start'),
    end: lenient('end'),
    lastn: lenientLastn(req.query.get('lastn')),
    order: 'timestamp',
  });
  const window = pageWindow(req, selection.count, SUPER_LARGE);
  const times = new SecondsZFormatter();
  const conversion = outputConversion(found, env.store);
  return streamedPage(window, selection.rows(window.start, window.end), (row) =>
    streamDataPointJson(row.point, conversion, times),
  );
}

export function streamRoutes(router: Router): void {
  router.add('/stream/', { GET: list });
  router.add('/stream/{slug}/', {
    GET: (req, env) => json(200, stream(findStream(env, req.params.slug ?? ''), env.store)),
    PATCH: update,
    PUT: update,
  });
  router.add('/stream/{slug}/data/', { GET: data });
}

/**
 * `/stream/`: list with the server's filters (by default only streams of active devices, no virtual or
 * data-block streams), detail (GET/PUT/PATCH), and `/stream/{slug}/data/` (SuperLarge pages, lenient
 * `start`/`end`, `lastn`).
 */
import { hasOrgAccess, hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { detail, errorBody, fieldErrors, forbidden, json, type MockRequest, readObject } from '../http.js';
import { streamedPage } from '../json-page.js';
import { pageWindow, paginate, SUPER_LARGE } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { VARIABLES } from '../resources/data-tables.js';
import { findVarType, listed, orgOfDevice, orgOfStream, serverError, userOf } from '../resources/scope.js';
import { lenientLastn, streamCsv, streamDataTable, streamEventTable } from '../resources/stream-tables.js';
import { variable } from '../resources/variables.js';
import type { Env, Router } from '../router.js';
import { select } from '../selection.js';
import { outputConversion, stream, streamDataPointJson, uuidFrom } from '../serializers.js';
import {
  blockSlug,
  deviceSlug,
  isUuid,
  normaliseVariableSlug,
  parseStreamSlug,
  projectSlug,
  type StreamSlugParts,
  streamSlug,
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
  let rows = [...env.store.streams.values()]
    .filter((s) => listed(env, req, orgOfStream(env, String(s.slug))))
    .map((s) => ({ s, parts: parseStreamSlug(String(s.slug)) }));
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
  const found = readable(req, env);
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

function data(req: MockRequest, env: Env) {
  const found = readable(req, env);
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

/**
 * `get_object`: the stream by slug (404), then `can_read_stream_data` in its org (403). A stream whose org
 * the store cannot tell (a sparse fixture) counts as open.
 */
function readable(req: MockRequest, env: Env): Obj {
  const found = findStream(env, req.params.slug ?? '');
  if (!hasOrgPermission(env, userOf(req), orgOfStream(env, String(found.slug)), 'can_read_stream_data')) {
    throw forbidden();
  }
  return found;
}

/**
 * `POST /stream/`: a stream for a variable, on an active device of the variable's project or (without
 * `device`) a virtual one. Its units, factors and raw format are the variable's; its data type the variable
 * type's.
 */
async function create(req: MockRequest, env: Env) {
  const values = validateBody(
    await readObject(req),
    REQUEST_SCHEMAS.StreamCreateRequest as RequestSchema,
    'create',
  );
  const errors: Record<string, string[]> = {};
  const varSlug = tryParse(() => normaliseVariableSlug(String(values.variable)));
  const stored = varSlug ? env.store.table<string>(VARIABLES).get(varSlug) : undefined;
  if (!stored) {
    errors.variable = [`Object with slug=${String(values.variable)} does not exist.`];
  }
  let device: Obj | undefined;
  if (typeof values.device === 'string') {
    const slug = tryParse(() => deviceSlug(values.device as string));
    device = slug ? env.store.devices.get(slug) : undefined;
    if (!device || device.active === false) {
      errors.device = [`Object with slug=${values.device} does not exist.`];
    }
  }
  if (Object.keys(errors).length > 0 || !stored) {
    throw fieldErrors(errors);
  }
  const user = userOf(req);
  const v = variable(stored, env);
  if (!user.isStaff && v.project !== null && !hasOrgAccess(env, user, v.org)) {
    throw forbidden();
  }
  if (device && !hasOrgAccess(env, user, orgOfDevice(env, device))) {
    throw forbidden();
  }
  const deviceProject = typeof device?.project === 'string' ? device.project.toLowerCase() : null;
  if (device && deviceProject !== v.project) {
    throw detail(404, 'Project and Variable belong to different projects');
  }
  const project = v.project ? env.store.projects.get(v.project) : undefined;
  const slug = streamSlug(
    typeof project?.slug === 'string' ? project.slug : 0,
    device ? String(device.slug) : 0,
    v.lid,
  );
  if (env.store.streams.has(slug)) {
    // The table's unique (project, device, variable, block) constraint.
    throw serverError(`duplicate key value violates unique constraint: ${slug}`);
  }
  const vt = v.var_type ? findVarType(env, v.var_type) : undefined;
  const record: Obj = {
    id: uuidFrom(`stream:${slug}:${env.now()}`),
    slug,
    data_label: typeof values.data_label === 'string' ? values.data_label : '',
    var_type: v.var_type,
    // `perform_create` takes the data type from the variable type, whatever the body says.
    data_type: typeof vt?.stream_data_type === 'string' ? vt.stream_data_type : '00',
    var_name: v.name,
    var_lid: v.lid,
    input_unit: stored.input_unit ?? null,
    output_unit: stored.output_unit ?? null,
    raw_value_format: v.raw_value_format,
    mdo_type: 'S',
    mdo_label: '',
    multiplication_factor: v.multiplication_factor,
    division_factor: v.division_factor,
    offset: v.offset,
    org: v.org,
    created_on: new Date(env.now() * 1000).toISOString(),
    created_by: user.id,
    enabled: true,
  };
  env.store.streams.set(slug, record);
  const out = stream(record, env.store);
  return json(201, {
    id: out.id,
    project: out.project,
    device: out.device,
    data_label: out.data_label,
    variable: out.variable,
    var_type: out.var_type,
    data_type: out.data_type,
    multiplication_factor: out.multiplication_factor,
    division_factor: out.division_factor,
    offset: out.offset,
    org: out.org,
    created_on: out.created_on,
    slug: out.slug,
    created_by: user.id,
  } satisfies Schema<'StreamCreateResponse'>);
}

export function streamRoutes(router: Router): void {
  router.add('/stream/', { GET: list, POST: create });
  router.add('/stream/{slug}/', {
    GET: (req, env) => json(200, stream(readable(req, env), env.store)),
    PATCH: update,
    PUT: update,
    DELETE: (req, env) => {
      // `destroy` answers non-staff before looking the stream up.
      if (!userOf(req).isStaff) {
        throw errorBody(400, 'Restricted Access. Contact Arch');
      }
      env.store.streams.delete(String(readable(req, env).slug));
      return { status: 204, headers: {}, body: null };
    },
  });
  router.add('/stream/{slug}/data/', { GET: data });
  router.add('/stream/{slug}/csv/', { GET: (req, env) => streamCsv(req, env, readable(req, env)) });
  router.add('/stream/{slug}/datatable/', {
    GET: (req, env) => json(200, streamDataTable(req, env, readable(req, env))),
  });
  router.add('/stream/{slug}/eventtable/', {
    GET: (req, env) => json(200, streamEventTable(req, env, readable(req, env))),
  });
}

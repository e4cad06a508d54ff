/**
 * `/streamer/` (streamer records and their reports) and `/streamer/report/`, including the report upload:
 * multipart part `file` plus `?timestamp=`, parsed by extension (`.bin` or none, `.json`, `.mp`), answered
 * 201 `{count}`; a malformed report is a 400 with the reason.
 */
import { addResource } from '../crud.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  errorBody,
  fieldErrors,
  HttpError,
  json,
  type MockRequest,
  notFound,
  readForm,
  validationList,
} from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { processReport, summariseFlexible, summariseSignedList, utcMicros } from '../report-processor.js';
import { decodeJsonReport, decodeMsgpackReport, parseSignedListReport, ReportError } from '../reports.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { readJsonOrMsgpack, render } from '../resources/msgpack-io.js';
import { listed, orgOfDevice } from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { streamer, streamerReport } from '../serializers.js';
import { deviceSlug, isUuid, normaliseStreamerSlug, streamerSlug, tryParse } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import { isoParam } from './params.js';

function findStreamer(env: Env, text: string): Obj {
  const slug = tryParse(() => normaliseStreamerSlug(text));
  const found = slug ? env.store.streamers.get(slug) : undefined;
  if (!found) {
    throw notFound();
  }
  return found;
}

function reportsOf(env: Env, slug: string): Obj[] {
  return [...env.store.reports.values()]
    .filter((r) => r.streamer === slug)
    .sort((a, b) => String(a.created_on).localeCompare(String(b.created_on)));
}

function listStreamers(req: MockRequest, env: Env) {
  let rows = [...env.store.streamers.values()].filter((t) => streamerVisible(env, req, t)).map(streamer);
  const dev = req.query.get('device');
  if (dev) {
    const slug = tryParse(() => deviceSlug(dev));
    if (!slug) {
      throw detail(400, `Bad Request: Illegal device format. ${dev}`);
    }
    if (!env.store.devices.has(slug)) {
      throw notFound();
    }
    rows = rows.filter((s) => s.device === slug);
  }
  const selector = req.query.get('selector');
  if (selector) {
    rows = rows.filter((s) => String(s.selector) === selector);
  }
  const slug = req.query.get('slug');
  if (slug) {
    rows = rows.filter((s) => s.slug === slug);
  }
  rows.sort((a, b) => Number(a.id) - Number(b.id));
  return json(200, paginate(req, rows, STANDARD));
}

function listReports(req: MockRequest, env: Env) {
  const start = isoParam(req, 'start');
  const end = isoParam(req, 'end');
  const sent = (r: Obj) => (typeof r.sent_timestamp === 'string' ? parseIsoDateTime(r.sent_timestamp) : null);
  let rows = [...env.store.reports.values()]
    .filter((r) => reportVisible(env, req, r))
    // A report without a sent timestamp matches neither bound (SQL NULL).
    .filter((r) => start === null || (sent(r) ?? Number.NEGATIVE_INFINITY) >= start)
    .filter((r) => end === null || (sent(r) ?? Number.POSITIVE_INFINITY) < end)
    .map(streamerReport);
  const streamerSlug = req.query.get('streamer__slug');
  if (streamerSlug) {
    rows = rows.filter((r) => r.streamer === streamerSlug);
  }
  const createdBy = req.query.get('created_by__slug');
  if (createdBy) {
    rows = rows.filter((r) => r.created_by === createdBy);
  }
  rows.sort((a, b) => String(a.created_on).localeCompare(String(b.created_on)));
  return json(200, paginate(req, rows, STANDARD));
}

/** `os.path.splitext(name)[1]`: the last extension, ignoring leading dots. */
function extension(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const stripped = base.replace(/^\.+/, '');
  const dot = stripped.lastIndexOf('.');
  return dot === -1 ? '' : stripped.slice(dot);
}

async function upload(req: MockRequest, env: Env) {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const form =
    type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')
      ? await readForm(req)
      : null;
  const file = form?.get('file');
  if (!file || typeof file === 'string') {
    throw errorBody(400, "missing request.data['file']");
  }
  const timestampArg = req.query.get('timestamp');
  if (timestampArg === null) {
    throw errorBody(400, 'missing timestamp argument');
  }
  const receivedUs = utcMicros(timestampArg);
  if (receivedUs === null) {
    throw validationList('Upload function requires a ?timestamp=str argument in UTC format');
  }
  const user = req.user as UserRecord;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const ext = extension(file.name ?? '');
  let summary: ReturnType<typeof summariseSignedList>;
  try {
    if (ext === '' || ext === '.bin') {
      const report = parseSignedListReport(bytes);
      if (report.header.signatureFlags !== 0) {
        throw new ReportError(`Unrecognized signature flags (user=${user.username})`);
      }
      if (!report.hashValid) {
        throw new ReportError(
          `Invalid Hash: ${deviceSlug(report.header.deviceId)} (idx=${report.header.streamerIndex}, user=${user.username})`,
        );
      }
      summary = summariseSignedList(report);
    } else if (ext === '.json') {
      summary = summariseFlexible(decodeJsonReport(bytes));
    } else if (ext === '.mp') {
      summary = summariseFlexible(decodeMsgpackReport(bytes));
    } else {
      throw new ReportError('Streamer Report file extension not supported. Expected: .bin, .json or .mp');
    }
  } catch (err) {
    if (err instanceof ReportError) {
      throw validationList(err.message);
    }
    throw err;
  }
  const { count } = processReport(
    env.store,
    summary,
    receivedUs,
    user,
    bytes,
    Math.round(env.now() * 1_000_000),
  );
  return json(201, { count });
}

/** A streamer report by UUID among those the user may see (400 for a non-UUID, 404 otherwise). */
function findReport(req: MockRequest, env: Env): Obj {
  const id = req.params.id ?? '';
  if (!isUuid(id)) {
    throw validationList('Streamer Report ID must be a UUID');
  }
  const found = env.store.reports.get(id.toLowerCase());
  if (!found || !reportVisible(env, req, found)) {
    throw notFound();
  }
  return found;
}

/** `user_streamer_qs`: the streamers of devices in the user's orgs (staff with `?staff=1`: all). */
function streamerVisible(env: Env, req: MockRequest, t: Obj): boolean {
  const device = env.store.devices.get(`d--${String(t.slug).slice(3, 22)}`);
  return listed(env, req, device ? orgOfDevice(env, device) : null);
}

function reportVisible(env: Env, req: MockRequest, r: Obj): boolean {
  const t = env.store.streamers.get(String(r.streamer));
  return t ? streamerVisible(env, req, t) : listed(env, req, null);
}

async function updateReport(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const found = findReport(req, env);
  const values = validateBody(
    await readJsonOrMsgpack(req).then((d) => {
      if (Array.isArray(d)) {
        throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
      }
      return d;
    }),
    REQUEST_SCHEMAS.StreamerReportWrite as RequestSchema,
    mode,
  );
  Object.assign(found, values);
  return render(req, 200, streamerReport(found));
}

/** The device a streamer is written for (a device slug, any accepted form). */
function resolveDevice(env: Env, values: Obj): Obj {
  if (typeof values.device !== 'string') {
    return values;
  }
  const slug = tryParse(() => deviceSlug(values.device as string));
  if (!slug || !env.store.devices.has(slug)) {
    throw fieldErrors({ device: [`Object with slug=${values.device} does not exist.`] });
  }
  return { ...values, device: slug };
}

/** The model's `unique_together` on (device, index). */
function checkUniqueStreamer(env: Env, slug: string, self: Obj | null): void {
  const other = env.store.streamers.get(slug);
  if (other && other !== self) {
    throw new HttpError(400, { non_field_errors: ['The fields device, index must make a unique set.'] });
  }
}

export function streamerRoutes(router: Router): void {
  // Before `/streamer/{slug}/`, which `report` would match.
  router.add('/streamer/report/', { GET: listReports, POST: upload });
  router.add('/streamer/report/{id}/', {
    GET: (req, env) => render(req, 200, streamerReport(findReport(req, env))),
    PUT: (req, env) => updateReport(req, env, 'update'),
    PATCH: (req, env) => updateReport(req, env, 'partial'),
    DELETE: (req, env) => {
      // Only the record goes: the data it brought stays.
      env.store.reports.delete(String(findReport(req, env).id).toLowerCase());
      return { status: 204, headers: {}, body: null };
    },
  });
  addResource(
    router,
    {
      list: '/streamer/',
      item: '/streamer/{slug}/',
      table: (env) => env.store.streamers,
      lookup: (text) => tryParse(() => normaliseStreamerSlug(text)),
      page: STANDARD,
      visible: (t, _user, env, req) => streamerVisible(env, req, t),
      write: 'staff',
      schemas: { create: 'StreamerWrite', update: 'StreamerWrite', partial: 'StreamerPatch' },
      create: (values, req, env) => {
        const v = resolveDevice(env, values);
        const index = typeof v.index === 'number' ? v.index : 0;
        const slug = streamerSlug(String(v.device), index);
        checkUniqueStreamer(env, slug, null);
        const obj: Obj = {
          id: env.store.nextId('streamer'),
          slug,
          device: v.device,
          process_engine_ver: 0,
          index,
          last_id: typeof v.last_id === 'number' ? v.last_id : 0,
          last_reboot_ts: v.last_reboot_ts ?? null,
          selector: typeof v.selector === 'number' ? v.selector : 0,
          created_on: new Date(env.now() * 1000).toISOString(),
          created_by: (req.user as UserRecord).username,
        };
        return { key: slug, obj };
      },
      update: (t, values, _req, env) => {
        const v = resolveDevice(env, values);
        const next = { ...t, ...v };
        const slug = streamerSlug(String(next.device), typeof next.index === 'number' ? next.index : 0);
        checkUniqueStreamer(env, slug, t);
        env.store.streamers.delete(String(t.slug));
        Object.assign(t, v, { slug });
        env.store.streamers.set(slug, t);
      },
      serialize: (t) => streamer(t),
    },
    { list: { GET: listStreamers } },
  );
  router.add('/streamer/{slug}/report/', {
    GET: (req, env) => {
      const found = findStreamer(env, req.params.slug ?? '');
      if (!streamerVisible(env, req, found)) {
        throw notFound();
      }
      return json(200, reportsOf(env, String(found.slug)).map(streamerReport));
    },
  });
}

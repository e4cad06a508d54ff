/**
 * `/streamer/` (streamer records and their reports) and `/streamer/report/`, including the report upload:
 * multipart part `file` plus `?timestamp=`, parsed by extension (`.bin` or none, `.json`, `.mp`), answered
 * 201 `{count}`; a malformed report is a 400 with the reason.
 */
import { detail, errorBody, json, type MockRequest, notFound, readForm, validationList } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { processReport, summariseFlexible, summariseSignedList, utcMicros } from '../report-processor.js';
import { decodeJsonReport, decodeMsgpackReport, parseSignedListReport, ReportError } from '../reports.js';
import type { Env, Router } from '../router.js';
import { streamer, streamerReport } from '../serializers.js';
import { deviceSlug, isUuid, normaliseStreamerSlug, tryParse } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';

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
  let rows = [...env.store.streamers.values()].map(streamer);
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
  let rows = [...env.store.reports.values()].map(streamerReport);
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

export function streamerRoutes(router: Router): void {
  router.add('/streamer/', { GET: listStreamers });
  router.add('/streamer/report/', { GET: listReports, POST: upload });
  router.add('/streamer/report/{id}/', {
    GET: (req, env) => {
      const id = req.params.id ?? '';
      if (!isUuid(id)) {
        throw validationList('Streamer Report ID must be a UUID');
      }
      const found = env.store.reports.get(id.toLowerCase());
      if (!found) {
        throw notFound();
      }
      return json(200, streamerReport(found));
    },
  });
  router.add('/streamer/{slug}/', {
    GET: (req, env) => json(200, streamer(findStreamer(env, req.params.slug ?? ''))),
  });
  router.add('/streamer/{slug}/report/', {
    GET: (req, env) => {
      const found = findStreamer(env, req.params.slug ?? '');
      return json(200, reportsOf(env, String(found.slug)).map(streamerReport));
    },
  });
}

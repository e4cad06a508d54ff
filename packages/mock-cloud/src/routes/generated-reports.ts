/**
 * `/report/generated/` (`apps/report`, `APIGeneratedUserReportViewSet`): generated user reports, by UUID.
 * Lists show the reports of orgs where the user has `can_access_reports` (staff with `?staff=1`: all),
 * filtered by `org` (unknown: 404), `source_ref`, `status` and `created_by` (an account id). Reading one
 * needs `can_access_reports` in its org (else 403); creating and changing one, `can_create_reports`. The
 * file handshake is S3's: `uploadurl` (202, a presigned POST on a bucket that does not exist, see `s3.ts`)
 * then `uploadsuccess` (202, the index file; status `G1`). `availability` (202) answers from the stored
 * data; `schedule` (202) creates a report in status `GS` and answers the job the server would queue on SQS;
 * `/report/summary/` (202 `{"status": "scheduled"}`) checks access and e-mails nothing.
 */
import { randomUUID } from 'node:crypto';

import { hasOrgAccess, hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import { detail, fieldErrors, json, type MockRequest, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import {
  contentTypeOf,
  presignedPost,
  REPORTS_BUCKET,
  STAGE,
  s3File,
  s3FileRecord,
} from '../resources/s3.js';
import { listed, serverError, userOf } from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { generatedReport } from '../serializers.js';
import { blockSlug, deviceSlug, isUuid, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';

const STATUSES = ['GS', 'G0', 'G1', 'GE'];
const schema = (name: keyof typeof REQUEST_SCHEMAS): RequestSchema => REQUEST_SCHEMAS[name] as RequestSchema;

/** The report a path names, or 404; 403 without `can_access_reports` in its org. */
function find(req: MockRequest, env: Env): Obj {
  const id = req.params.id ?? '';
  const found = isUuid(id) ? env.store.generatedReports.get(id.toLowerCase()) : undefined;
  if (!found) {
    throw notFound();
  }
  if (!hasOrgPermission(env, userOf(req), found.org as string | null, 'can_access_reports')) {
    throw detail(403, 'No permission to access generated reports');
  }
  return found;
}

function requireCreate(req: MockRequest, env: Env, org: unknown): void {
  if (!hasOrgPermission(env, userOf(req), org as string | null, 'can_create_reports')) {
    throw detail(403, 'User has no access permissions');
  }
}

/** The user summary of the report's creator (`get_user_info`). */
function withUserInfo(env: Env, r: Obj): Schema<'GeneratedReport'> {
  const out = generatedReport(r);
  if (out.user_info.slug === '' && typeof r.created_by === 'string') {
    const user = env.store.userByUsername(r.created_by);
    out.user_info = {
      username: `@${user?.username ?? r.created_by}`,
      slug: user?.slug ?? r.created_by,
      tiny_avatar: '',
    };
  }
  if (r.index_file && typeof r.index_file === 'object') {
    out.index_file = s3File(env, r.index_file as Obj);
  }
  return out;
}

/**
 * The errors of the related fields of a body, reported with the others: `org` (a slug) and `report` (a
 * UserReport id: the mock keeps none, so every id is unknown, as on a server without any).
 */
function relatedErrors(env: Env, body: Obj): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (typeof body.org === 'string' && !env.store.orgs.has(body.org)) {
    errors.org = [`Object with slug=${body.org} does not exist.`];
  }
  if (typeof body.report === 'number') {
    errors.report = [`Invalid pk "${body.report}" - object does not exist.`];
  }
  return errors;
}

/** `set_or_create_s3file`: the report's file record (its id is the report's, its title the label). */
function indexFile(env: Env, req: MockRequest, r: Obj, basename: string): Obj {
  const key = `${STAGE}/shared/${String(r.org)}/${String(r.id)}/${basename}`;
  return s3FileRecord(env, String(r.id), String(r.label), REPORTS_BUCKET, key, userOf(req));
}

function now(env: Env): string {
  return new Date(env.now() * 1000).toISOString();
}

function list(req: MockRequest, env: Env) {
  let rows = [...env.store.generatedReports.values()].filter((r) =>
    listed(env, req, r.org, 'can_access_reports'),
  );
  const org = req.query.get('org');
  if (org) {
    if (!env.store.orgs.has(org)) {
      throw notFound();
    }
    rows = rows.filter((r) => r.org === org);
  }
  const sourceRef = req.query.get('source_ref');
  if (sourceRef) {
    rows = rows.filter((r) => r.source_ref === sourceRef);
  }
  const status = req.query.get('status');
  if (status) {
    if (!STATUSES.includes(status)) {
      throw fieldErrors({
        status: [`Select a valid choice. ${status} is not one of the available choices.`],
      });
    }
    rows = rows.filter((r) => (r.status ?? 'G0') === status);
  }
  const createdBy = req.query.get('created_by');
  if (createdBy) {
    const user = [...env.store.users.values()].find((u) => String(u.id) === createdBy);
    if (!user) {
      throw fieldErrors({
        created_by: ['Select a valid choice. That choice is not one of the available choices.'],
      });
    }
    rows = rows.filter((r) => r.created_by === user.username || r.created_by === user.slug);
  }
  rows.sort((a, b) => String(a.created_on ?? '').localeCompare(String(b.created_on ?? '')));
  return json(
    200,
    paginate(
      req,
      rows.map((r) => withUserInfo(env, r)),
      STANDARD,
    ),
  );
}

async function create(req: MockRequest, env: Env) {
  const body = await readObject(req);
  const values = validateBody(body, schema('GeneratedReportCreate'), 'create', relatedErrors(env, body));
  requireCreate(req, env, values.org);
  if ('key' in values) {
    // `serializer.save()` passes the write-only `key` to the model's constructor.
    throw serverError("GeneratedUserReport() got an unexpected keyword argument 'key'");
  }
  const user = userOf(req);
  const record: Obj = {
    id: randomUUID(),
    label: values.label,
    source_ref: values.source_ref ?? '',
    report: null,
    created_on: now(env),
    created_by: user.username,
    org: values.org,
    index_file: null,
    status: values.status ?? 'G0',
  };
  env.store.generatedReports.set(String(record.id), record);
  return json(201, withUserInfo(env, record));
}

async function update(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const found = find(req, env);
  const body = await readObject(req);
  const values = validateBody(
    body,
    schema(mode === 'update' ? 'GeneratedReportCreate' : 'GeneratedReportPatch'),
    mode,
    relatedErrors(env, body),
  );
  requireCreate(req, env, found.org);
  const { key, ...fields } = values;
  Object.assign(found, fields);
  // `perform_update` saves `index_file` every time: the file of `key`, or none.
  found.index_file = typeof key === 'string' && key !== '' ? indexFile(env, req, found, key) : null;
  return json(200, withUserInfo(env, found));
}

/** The stream slug of variable `lid` of a device or block (`get_stream_slug_for`). */
function streamOf(
  target: { kind: 'device' | 'block'; obj: Obj; slug: string },
  env: Env,
  lid: string,
): string {
  const gid = target.slug.slice(3);
  const device = target.kind === 'device' ? target.obj : env.store.devices.get(`d--0000-${gid.slice(5)}`);
  const project =
    typeof device?.project === 'string' ? env.store.projects.get(device.project.toLowerCase()) : undefined;
  const projectGid = typeof project?.slug === 'string' ? project.slug.slice(3) : '0000-0000';
  return `s--${projectGid}--${gid}--${lid}`;
}

/** Whether a device (or the device of a block) runs a shipping application (`_is_shipping_device`). */
function isShipping(obj: Obj): boolean {
  const sg = typeof obj.sg === 'string' ? obj.sg.split('-') : [];
  return sg.includes('shipping') || sg.includes('saver');
}

function slugTarget(
  env: Env,
  raw: string,
  message: (raw: string) => string,
): { kind: 'device' | 'block'; slug: string; obj: Obj | undefined } {
  if (raw[0] === 'd') {
    const slug = tryParse(() => deviceSlug(raw));
    if (!slug) {
      throw detail(400, message(raw));
    }
    return { kind: 'device', slug, obj: env.store.devices.get(slug) };
  }
  if (raw[0] === 'b') {
    const slug = tryParse(() => blockSlug(raw));
    if (!slug) {
      throw detail(400, message(raw));
    }
    return { kind: 'block', slug, obj: env.store.datablocks.get(slug) };
  }
  throw detail(400, message(raw));
}

function orgOfTarget(
  env: Env,
  t: { kind: 'device' | 'block'; obj: Obj | undefined; slug: string },
): string | null {
  if (typeof t.obj?.org === 'string') {
    return t.obj.org;
  }
  const device = t.kind === 'device' ? t.obj : env.store.devices.get(`d--0000-${t.slug.slice(8)}`);
  const project =
    typeof device?.project === 'string' ? env.store.projects.get(device.project.toLowerCase()) : undefined;
  return typeof project?.org === 'string' ? project.org : null;
}

async function availability(req: MockRequest, env: Env) {
  const values = validateBody(await readObject(req), schema('ReportAvailabilityRequest'), 'create');
  // The server's message names `device_slug`, which this body does not have.
  const t = slugTarget(env, String(values.slug), () => 'Illegal device slug: None');
  const payload: Schema<'ReportAvailability'> = {
    slug: t.obj ? t.slug : 'N/A',
    code: 'NOT_SUPPORTED',
    msg: 'Feature not supported',
    extra: {},
  };
  const device =
    t.kind === 'device' ? t.obj : t.obj ? env.store.devices.get(`d--0000-${t.slug.slice(8)}`) : undefined;
  const sgHolder = t.obj && typeof t.obj.sg === 'string' ? t.obj : device;
  if (t.obj && sgHolder && isShipping(sgHolder)) {
    const target = { kind: t.kind, obj: t.obj, slug: t.slug };
    const shocks = streamOf(target, env, '5020');
    const haveData =
      [...env.store.events.values()].some(
        (e) =>
          e.stream === shocks &&
          !(e.extra_data && typeof e.extra_data === 'object' && 'error' in e.extra_data),
      ) || (env.store.pointsOf(streamOf(target, env, '5023'))?.length ?? 0) > 0;
    if (haveData) {
      payload.code = 'AVAILABLE';
      payload.msg = 'Analytic Reports';
      payload.extra = {
        reports: [
          { key: 'shipment_overview', label: 'Shipping - Analytics Overview' },
          { key: 'shipment_details', label: 'Shipping - Analytics Details' },
        ],
      };
    } else {
      payload.code = 'NOT_AVAILABLE';
      payload.msg = 'Trip data not ready (No device data found)';
    }
  }
  return json(202, payload);
}

async function schedule(req: MockRequest, env: Env) {
  const values = validateBody(await readObject(req), schema('ScheduleAnalyticsReportRequest'), 'create');
  const raw = String(values.slug);
  const t = slugTarget(env, raw, () => `Illegal device or datablock slug: ${raw}`);
  const org = orgOfTarget(env, t);
  if (!t.obj || !hasOrgPermission(env, userOf(req), org, 'can_create_reports')) {
    throw detail(403, 'User has no access to object');
  }
  const user = userOf(req);
  const template = String(values.template);
  let report = typeof values.report === 'string' ? values.report : '';
  if (!report) {
    const record: Obj = {
      id: randomUUID(),
      label:
        typeof values.label === 'string' && values.label !== '' ? values.label : `${template}: ${t.slug}`,
      source_ref: t.slug,
      report: null,
      created_on: now(env),
      created_by: user.username,
      org,
      index_file: null,
      status: 'GS',
    };
    env.store.generatedReports.set(String(record.id), record);
    report = String(record.id);
  }
  // The server publishes this payload on its SQS analytics queue; the mock has no worker to read it.
  return json(202, {
    report,
    template,
    group_slug: t.slug,
    user: user.email,
    token: env.auth.issue(user),
    args: values.args ?? null,
  } satisfies Schema<'ScheduledAnalyticsReport'>);
}

async function summary(req: MockRequest, env: Env) {
  // `JSONParser().parse(request)`: the body is JSON whatever its content type.
  let body: unknown;
  try {
    body = JSON.parse(req.body.toString('utf8'));
  } catch (err) {
    throw detail(400, `JSON parse error - ${(err as Error).message}`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fieldErrors({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  }
  const values = validateBody(body as Obj, schema('SummaryReportRequest'), 'create');
  if ('slug' in values && 'device_slug' in values) {
    throw detail(400, 'slug and device_slug cannot be used together. Use slug');
  }
  let t: { kind: 'device' | 'block'; slug: string; obj: Obj | undefined };
  if (typeof values.slug === 'string') {
    const raw = values.slug;
    t = slugTarget(env, raw, (r) =>
      r[0] === 'd' || r[0] === 'b' ? 'Illegal device slug: None' : `Illegal device or datablock slug: ${raw}`,
    );
  } else if (typeof values.device_slug === 'string') {
    const raw = values.device_slug;
    const slug = tryParse(() => deviceSlug(raw));
    if (!slug || raw[0] !== 'd') {
      throw detail(400, `Illegal device slug: ${raw}`);
    }
    t = { kind: 'device', slug, obj: env.store.devices.get(slug) };
  } else {
    throw detail(400, 'Missing slug');
  }
  if (!t.obj || !hasOrgAccess(env, userOf(req), orgOfTarget(env, t))) {
    throw detail(403, 'User has no access to device');
  }
  return json(202, { status: 'scheduled' });
}

export function generatedReportRoutes(router: Router): void {
  router.add('/report/generated/', { GET: list, POST: create });
  // Before `/report/generated/{id}/`, which would match these names.
  router.add('/report/generated/availability/', { POST: availability });
  router.add('/report/generated/schedule/', { POST: schedule });
  router.add('/report/generated/{id}/', {
    GET: (req, env) => json(200, withUserInfo(env, find(req, env))),
    PUT: (req, env) => update(req, env, 'update'),
    PATCH: (req, env) => update(req, env, 'partial'),
    DELETE: (req, env) => {
      const found = find(req, env);
      env.store.generatedReports.delete(String(found.id));
      return { status: 204, headers: {}, body: null };
    },
  });
  router.add('/report/generated/{id}/uploadurl/', {
    POST: async (req, env) => {
      const values = validateBody(await readObject(req), schema('GeneratedReportUploadUrlRequest'), 'create');
      const found = find(req, env);
      requireCreate(req, env, found.org);
      const name = String(values.name);
      const key = `${STAGE}/shared/${String(found.org)}/${String(found.id)}/${name}`;
      const contentType = typeof values.content_type === 'string' ? values.content_type : contentTypeOf(name);
      const post = presignedPost(
        env,
        REPORTS_BUCKET,
        key,
        {
          acl: String(values.acl ?? 'private'),
          'x-amz-meta-filename': name.slice(name.lastIndexOf('/') + 1),
          'x-amz-meta-uuid': String(found.id),
          'x-amz-meta-type': 'report',
          'Content-Type': contentType,
        },
        1024 * 5000,
      );
      return json(202, { ...post, uuid: String(found.id) });
    },
  });
  router.add('/report/generated/{id}/uploadsuccess/', {
    POST: async (req, env) => {
      const values = validateBody(
        await readObject(req),
        schema('GeneratedReportUploadSuccessRequest'),
        'create',
      );
      const found = find(req, env);
      requireCreate(req, env, found.org);
      found.index_file = indexFile(env, req, found, String(values.name));
      found.status = 'G1';
      // The server also e-mails the creator that the report is ready; the mock sends no e-mail.
      return json(202, s3File(env, found.index_file as Obj));
    },
  });
  router.add('/report/summary/', { POST: summary });
}

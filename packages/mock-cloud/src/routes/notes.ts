/**
 * `/note/` (`apps/streamnote`, `APIStreamNoteViewSet`): notes on any object, by integer id.
 *
 * - The list needs `?target=` (400 field error without it), Large pages, with the value filters of
 *   `/data/` (`start`, `end`, `timestamp`, `id_min`/`id_max`, `lastn`). It is not scoped to the user: the
 *   view's queryset is every note, so anyone reads the notes of any target.
 * - Create takes one note (201, the note) or an array (201 `{count}`; an empty array answers 201 with an
 *   empty body, as `perform_create` returns nothing for it). The target must be a project, device, data
 *   block or stream the user can access (403); a slug that names nothing fails in the server's code (500).
 * - An item needs access to its target's org (403); reading it also needs `can_read_notes`. A non-integer
 *   id is a 400 `["Note ID must be a integer"]`.
 * - `uploadurl` (202) answers a presigned S3 POST for an attachment (see `resources/s3.ts`);
 *   `uploadsuccess` (202) records the file and attaches it (400 `{"detail": "Illegal or duplicate UUID"}`
 *   for a UUID or key already used).
 */
import { randomUUID } from 'node:crypto';

import { hasOrgAccess, hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  fieldErrors,
  JSON_TYPE,
  json,
  type MockRequest,
  notFound,
  readData,
  readObject,
  text,
  validationList,
} from '../http.js';
import { LARGE, paginate } from '../pagination.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { S3_FILES } from '../resources/data-tables.js';
import { contentTypeOf, FILES_BUCKET, presignedPost, STAGE, s3File, s3FileRecord } from '../resources/s3.js';
import { serverError, targetOf, userOf, validateMany } from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { note } from '../serializers.js';
import type { Obj } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import { valueFilters } from './filters.js';

const schema = (name: keyof typeof REQUEST_SCHEMAS): RequestSchema => REQUEST_SCHEMAS[name] as RequestSchema;

/** A note as the API shows it, with its attachment. */
function noteOut(env: Env, n: Obj): Schema<'Note'> {
  const out = note(n, env.store);
  if (n.attachment && typeof n.attachment === 'object') {
    out.attachment = s3File(env, n.attachment as Obj);
  }
  return out;
}

/**
 * The org of a note's target. A stored note whose target the store does not hold (a sparse fixture) counts
 * as open; the server's targets always exist.
 */
function targetOrg(env: Env, n: Obj): string | null {
  return targetOf(env, String(n.target))?.org ?? null;
}

/** `get_object`: the note by integer id (400, 404), then access to its target's org (403). */
function find(req: MockRequest, env: Env): Obj {
  const raw = req.params.id ?? '';
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw validationList('Note ID must be a integer');
  }
  const found = env.store.notes.get(Number.parseInt(raw, 10));
  if (!found) {
    throw notFound();
  }
  const user = userOf(req);
  if (!user.isStaff && !hasOrgAccess(env, user, targetOrg(env, found))) {
    throw detail(403, 'You do not have permission to perform this action.');
  }
  return found;
}

/** Checks the user may write notes on a target (the builder's `user_has_write_access`). */
function checkTarget(env: Env, req: MockRequest, slug: string): void {
  const target = targetOf(env, slug);
  if (!target) {
    // `get_note_target_by_slug` finds nothing, and the helper calls `has_access` on None.
    throw serverError("'NoneType' object has no attribute 'has_access'");
  }
  if (!hasOrgAccess(env, userOf(req), target.org)) {
    throw detail(403, `Not allowed to upload to ${slug}`);
  }
}

function newNote(env: Env, req: MockRequest, values: Obj): Obj {
  const id = env.store.nextId('note');
  return {
    id,
    target: values.target,
    timestamp: values.timestamp,
    note: values.note ?? null,
    type: 'ui',
    created_by: userOf(req).username,
    attachment: null,
  };
}

async function create(req: MockRequest, env: Env) {
  const data = await readData(req);
  if (!Array.isArray(data)) {
    const values = validateBody(data, schema('NoteCreate'), 'create');
    checkTarget(env, req, String(values.target));
    const n = newNote(env, req, values);
    env.store.notes.set(n.id as number, n);
    return json(201, noteOut(env, n));
  }
  const checked = validateMany(data, (item) => validateBody(item, schema('NoteCreate'), 'create'));
  for (const values of checked) {
    checkTarget(env, req, String(values.target));
  }
  if (checked.length === 0) {
    // `perform_create` returns None for an empty list: the answer has no body.
    return text(201, JSON_TYPE, '');
  }
  for (const values of checked) {
    const n = newNote(env, req, values);
    env.store.notes.set(n.id as number, n);
  }
  return json(201, { count: checked.length });
}

async function update(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const found = find(req, env);
  const values = validateBody(
    await readObject(req),
    schema(mode === 'update' ? 'NoteCreate' : 'NotePatch'),
    mode,
  );
  Object.assign(found, values);
  return json(200, noteOut(env, found));
}

function list(req: MockRequest, env: Env) {
  const target = req.query.get('target');
  if (!target) {
    throw fieldErrors({ target: ['This field is required.'] });
  }
  const f = valueFilters(req);
  let rows: Array<{ n: Obj; us: number }> = [];
  for (const n of env.store.notes.values()) {
    if (n.target !== target) {
      continue;
    }
    const us = parseIsoDateTime(String(n.timestamp)) ?? 0;
    if (
      (f.start !== null && us < f.start) ||
      (f.end !== null && us >= f.end) ||
      (f.timestamp !== null && us !== f.timestamp) ||
      (f.predicate && !f.predicate({ id: Number(n.id), streamerLocalId: 0, deviceTimestamp: null }))
    ) {
      continue;
    }
    rows.push({ n, us });
  }
  rows.sort((a, b) => a.us - b.us || Number(a.n.id) - Number(b.n.id));
  if (f.lastn !== null) {
    rows = rows.slice(-f.lastn);
  }
  return json(
    200,
    paginate(
      req,
      rows.map((r) => noteOut(env, r.n)),
      LARGE,
    ),
  );
}

/** The key of a note attachment (`S3FILE_INCOMING_KEYPATH/note/<uuid>/<name>`). */
function attachmentKey(uuid: string, name: string): string {
  return `${STAGE}/s3file/note/${uuid}/${name}`;
}

export function noteRoutes(router: Router): void {
  router.add('/note/', { GET: list, POST: create });
  router.add('/note/{id}/', {
    GET: (req, env) => {
      const found = find(req, env);
      if (!hasOrgPermission(env, userOf(req), targetOrg(env, found), 'can_read_notes')) {
        throw detail(403, 'Not allowed to read note');
      }
      return json(200, noteOut(env, found));
    },
    PUT: (req, env) => update(req, env, 'update'),
    PATCH: (req, env) => update(req, env, 'partial'),
    DELETE: (req, env) => {
      const found = find(req, env);
      env.store.notes.delete(Number(found.id));
      return { status: 204, headers: {}, body: null };
    },
  });
  router.add('/note/{id}/uploadurl/', {
    POST: async (req, env) => {
      const values = validateBody(await readObject(req), schema('S3UploadUrlRequest'), 'create');
      find(req, env);
      const name = String(values.name);
      const uuid = randomUUID();
      const key = attachmentKey(uuid, name);
      const post = presignedPost(
        env,
        FILES_BUCKET,
        key,
        {
          acl: 'private',
          'x-amz-meta-filename': key.slice(key.lastIndexOf('/') + 1),
          'x-amz-meta-uuid': uuid,
          'x-amz-meta-type': 'note',
          'Content-Type': contentTypeOf(key),
        },
        4096000,
      );
      return json(202, { ...post, uuid });
    },
  });
  router.add('/note/{id}/uploadsuccess/', {
    POST: async (req, env) => {
      const values = validateBody(await readObject(req), schema('S3UploadSuccessRequest'), 'create');
      const found = find(req, env);
      const uuid = String(values.uuid).toLowerCase();
      const key = attachmentKey(uuid, String(values.name));
      const files = env.store.table<string>(S3_FILES);
      if (files.has(uuid) || [...files.values()].some((f) => f.key === key)) {
        // `S3File.objects.create_file` hits the unique id or key.
        throw detail(400, 'Illegal or duplicate UUID');
      }
      const record = s3FileRecord(env, uuid, String(values.name), FILES_BUCKET, key, userOf(req));
      files.set(uuid, record);
      found.attachment = record;
      return json(202, s3File(env, record));
    },
  });
}

/**
 * `/report/generated/`: generated user reports (create 201), and the S3 upload handshake:
 * `uploadurl` (202 `{url, fields, uuid}`) then `uploadsuccess` (202, the stored file; status becomes `G1`).
 */
import { randomUUID } from 'node:crypto';

import type { Schema } from '../api-types.js';
import { fieldErrors, json, type MockRequest, notFound, readObject } from '../http.js';
import { paginate, STANDARD } from '../pagination.js';
import type { Env, Router } from '../router.js';
import { generatedReport } from '../serializers.js';
import { isUuid } from '../slugs.js';
import type { Obj, UserRecord } from '../store.js';
import { formatDrf } from '../timestamps.js';

const CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'text/csv',
  'image/png',
  'image/jpeg',
  'application/zip',
  'application/javascript',
  'application/json',
  'application/octet-stream',
];
const BUCKET = 'https://iotile-mock-reports.s3.amazonaws.com/';

function find(req: MockRequest, env: Env): Obj {
  const id = req.params.id ?? '';
  const found = isUuid(id) ? env.store.generatedReports.get(id.toLowerCase()) : undefined;
  if (!found) {
    throw notFound();
  }
  return found;
}

function requireName(body: Obj): string {
  if (typeof body.name !== 'string' || body.name === '') {
    throw fieldErrors({ name: ['This field is required.'] });
  }
  return body.name;
}

export function generatedReportRoutes(router: Router): void {
  router.add('/report/generated/', {
    GET: (req, env) => {
      let rows = [...env.store.generatedReports.values()];
      for (const key of ['org', 'source_ref', 'status'] as const) {
        const v = req.query.get(key);
        if (v) {
          rows = rows.filter((r) => r[key] === v);
        }
      }
      return json(200, paginate(req, rows.map(generatedReport), STANDARD));
    },
    POST: async (req, env) => {
      const body = await readObject(req);
      const errors: Record<string, string[]> = {};
      for (const key of ['label', 'org'] as const) {
        if (typeof body[key] !== 'string' || body[key] === '') {
          errors[key] = ['This field is required.'];
        }
      }
      if (typeof body.label === 'string' && body.label.length > 50) {
        errors.label = ['Ensure this field has no more than 50 characters.'];
      }
      if (Object.keys(errors).length > 0) {
        throw fieldErrors(errors);
      }
      const user = req.user as UserRecord;
      const record: Obj = {
        id: randomUUID(),
        label: body.label,
        source_ref: typeof body.source_ref === 'string' ? body.source_ref : '',
        user_info: { username: `@${user.username}`, slug: user.slug, tiny_avatar: '' },
        report: typeof body.report === 'number' ? body.report : null,
        created_on: formatDrf(Math.round(env.now() * 1_000_000)),
        created_by: user.slug,
        org: body.org,
        index_file: null,
        status: 'G0',
      };
      env.store.generatedReports.set(record.id as string, record);
      return json(201, generatedReport(record));
    },
  });
  router.add('/report/generated/{id}/', { GET: (req, env) => json(200, generatedReport(find(req, env))) });
  router.add('/report/generated/{id}/uploadurl/', {
    POST: async (req, env) => {
      const found = find(req, env);
      const body = await readObject(req);
      const name = requireName(body);
      const acl = body.acl ?? 'private';
      if (acl !== 'private' && acl !== 'public-read') {
        throw fieldErrors({ acl: [`"${String(acl)}" is not a valid choice.`] });
      }
      const contentType = body.content_type ?? 'application/octet-stream';
      if (typeof contentType !== 'string' || !CONTENT_TYPES.includes(contentType)) {
        throw fieldErrors({ content_type: [`"${String(contentType)}" is not a valid choice.`] });
      }
      const key = `generated/${String(found.id)}/${name}`;
      env.store.generatedReportUrls.set(String(found.id), key);
      return json(202, {
        url: BUCKET,
        fields: { key, acl, 'Content-Type': contentType, policy: 'mock-policy', 'x-amz-signature': 'mock' },
        uuid: String(found.id),
      });
    },
  });
  router.add('/report/generated/{id}/uploadsuccess/', {
    POST: async (req, env) => {
      const found = find(req, env);
      const name = requireName(await readObject(req));
      const key = env.store.generatedReportUrls.get(String(found.id));
      if (!key) {
        throw notFound();
      }
      const user = req.user as UserRecord;
      const file: Schema<'S3File'> = {
        id: randomUUID(),
        title: name,
        url: `${BUCKET}${key}`,
        file_type: name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '',
        created_on: formatDrf(Math.round(env.now() * 1_000_000)),
        created_by: user.id,
      };
      found.index_file = file;
      found.status = 'G1';
      return json(202, file);
    },
  });
}

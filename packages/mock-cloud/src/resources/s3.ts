/**
 * S3 without S3: the presigned POSTs and signed URLs the server makes with boto3, with a fake bucket and
 * fake credentials (nothing is uploaded anywhere), the `S3File` records uploads leave, and
 * `POST /s3file/sign/` (Fine Uploader's signature endpoint), which only needs the server's private key.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

import type { ErrorBody, Schema } from '../api-types.js';
import { detail, fieldErrors, HttpError, json, type MockRequest } from '../http.js';
import type { Env, Router } from '../router.js';
import { drfTime } from '../serializers.js';
import type { Obj, UserRecord } from '../store.js';
import { parseIsoDateTime } from '../timestamps.js';
import { nowDrf } from './catalog-shared.js';

/** The server's stage, as `GET /server/` names it: the first part of every key. */
export const STAGE = 'mock';

/** `S3FILE_BUCKET_NAME` (note attachments). */
export const FILES_BUCKET = 'iotile-mock-cloud-media';
/** `REPORTS_S3FILE_BUCKET_NAME` (generated report files). */
export const REPORTS_BUCKET = 'iotile-mock-cloud-reports';
/** `STREAM_EVENT_DATA_BUCKET_NAME` (raw event data). */
export const EVENTS_BUCKET = 'iotile-mock-cloud-stream-event-data';

/** The bucket (`S3FILE_BUCKET_NAME`) and limits of the mock's make-believe S3. */
export const S3FILE_BUCKET = FILES_BUCKET;
export const S3FILE_MAX_SIZE = 4_096_000;
/** `S3FILE_INCOMING_KEYPATH` (`<stage>/s3file`). */
export const S3FILE_INCOMING = 'mock/s3file';
/** The mock's stand-in for the server's S3 private key (signatures are real HMACs of it). */
const PRIVATE_KEY = 'iotile-mock-private-key';
const ACCESS_KEY = 'AKIAMOCKCLOUD0000000';
const REGION = 'us-east-1';

export const S3FILES = 's3-files';

/**
 * `apps/s3file/utils.get_content_type`: the content type of a key's file extension (`text/plain` by
 * default; a dot in a folder name is not an extension).
 */
export function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > name.lastIndexOf('/') ? name.slice(dot).toLowerCase() : '';
  const types: Record<string, string> = {
    '.txt': 'text/plain',
    '.csv': 'text/csv',
    '.html': 'text/html',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.zip': 'application/zip',
    '.js': 'application/javascript',
    '.jsonp': 'application/javascript',
    '.json': 'application/json',
    '.xls': 'application/octet-stream',
  };
  return types[ext] ?? 'text/plain';
}

/** `S3File.objects.create_file`: the record of an upload; null for a UUID already used (an IntegrityError). */
export function createS3File(env: Env, id: string, name: string, key: string, user: UserRecord): Obj | null {
  const table = env.store.table(S3FILES);
  if (table.has(id)) {
    return null;
  }
  const file: Obj = {
    id,
    title: name,
    bucket: S3FILE_BUCKET,
    key,
    created_on: nowDrf(env),
    created_by: user.id,
  };
  table.set(id, file);
  return file;
}

/** A fresh upload UUID (the server's `uuid.uuid4()`). */
export function uploadUuid(): string {
  return randomUUID();
}

/** Python's `json.dumps` (`", "` and `": "` separators, non-ASCII escaped), as the server signs it. */
function pythonJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    return JSON.stringify(v).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (Array.isArray(v)) {
    return `[${v.map(pythonJson).join(', ')}]`;
  }
  return `{${Object.entries(v as Obj)
    .map(([k, x]) => `${pythonJson(k)}: ${pythonJson(x)}`)
    .join(', ')}}`;
}

/** `JSONParser().parse(request)`: the body as JSON whatever its media type (the views call it directly). */
export function parseJsonBody(req: MockRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch (err) {
    throw detail(400, `JSON parse error - ${(err as Error).message}`);
  }
}

/** `_is_valid_policy`: the bucket and the maximum size of the policy must be the server's. */
function isServerPolicy(conditions: unknown): boolean {
  let bucket = '';
  let maxSize: unknown = 0;
  for (const condition of Array.isArray(conditions) ? conditions : []) {
    if (Array.isArray(condition) && condition[0] === 'content-length-range') {
      maxSize = condition[2];
    } else if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
      const b = (condition as Obj).bucket;
      if (b) {
        bucket = String(b);
      }
    } else {
      // `condition.get(...)` on anything else: an AttributeError, Django's 500.
      throw new Error(`'${typeof condition}' object has no attribute 'get'`);
    }
  }
  return bucket === S3FILE_BUCKET && Number.parseInt(String(maxSize), 10) === S3FILE_MAX_SIZE;
}

export function s3SignRoutes(router: Router): void {
  router.add('/s3file/sign/', {
    POST: (req) => {
      const data = parseJsonBody(req);
      const body = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Obj) : {};
      const errors: Record<string, string[]> = {};
      if (body.expiration === undefined) {
        errors.expiration = ['This field is required.'];
      } else if (typeof body.expiration !== 'string' || parseIsoDateTime(body.expiration) === null) {
        errors.expiration = [
          'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
        ];
      }
      if (body.conditions === undefined) {
        errors.conditions = ['This field is required.'];
      }
      if (Object.keys(errors).length > 0) {
        throw fieldErrors(errors);
      }
      if (body.headers) {
        // A REST/multipart request string to sign (`sign_headers`).
        const signature = createHmac('sha1', PRIVATE_KEY).update(String(body.headers)).digest('base64');
        return json(200, { signature } satisfies Schema<'FineUploaderSignature'>);
      }
      if (!isServerPolicy(body.conditions)) {
        // `{"invalid": true}`: not one of DRF's error shapes (the spec declares it for this route).
        throw new HttpError(400, { invalid: true } as unknown as ErrorBody);
      }
      const policy = Buffer.from(pythonJson(data), 'ascii').toString('base64');
      const signature = createHmac('sha1', PRIVATE_KEY).update(policy).digest('base64');
      return json(200, { policy, signature } satisfies Schema<'FineUploaderSignature'>);
    },
  });
}

/** `20250101T000000Z` from seconds since the epoch. */
function amzDate(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function signature(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/** A presigned GET URL (`generate_presigned_url('get_object')`, one hour). */
export function presignedGet(env: Env, bucket: string, key: string): string {
  const date = amzDate(env.now());
  const credential = `${ACCESS_KEY}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': date,
    'X-Amz-Expires': '3600',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': signature(bucket, key, date),
  });
  return `https://${bucket}.s3.amazonaws.com/${key.split('/').map(encodeURIComponent).join('/')}?${query}`;
}

/**
 * A presigned POST (`generate_presigned_post`, six hours): the fields given, the key, and the SigV4 policy
 * fields, with `content-length-range` up to `maxLength`.
 */
export function presignedPost(
  env: Env,
  bucket: string,
  key: string,
  fields: Record<string, string>,
  maxLength: number,
): { url: string; fields: Record<string, string> } {
  const date = amzDate(env.now());
  const credential = `${ACCESS_KEY}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`;
  const expiration = new Date((Math.floor(env.now()) + 6 * 3600) * 1000).toISOString();
  const policy = Buffer.from(
    JSON.stringify({
      expiration,
      conditions: [
        ...Object.entries(fields).map(([k, v]) => ({ [k]: v })),
        ['content-length-range', 10, maxLength],
        { bucket },
        { key },
        { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
        { 'x-amz-credential': credential },
        { 'x-amz-date': date },
      ],
    }),
  ).toString('base64');
  return {
    url: `https://${bucket}.s3.amazonaws.com/`,
    fields: {
      ...fields,
      key,
      'x-amz-algorithm': 'AWS4-HMAC-SHA256',
      'x-amz-credential': credential,
      'x-amz-date': date,
      policy,
      'x-amz-signature': signature(policy),
    },
  };
}

/** `S3File.file_type`: a few known extensions, else `unk`. */
function fileType(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : '';
  const types: Record<string, string> = {
    '.jpg': 'image',
    '.jpeg': 'image',
    '.png': 'image',
    '.sgf': 'sgf',
    '.trub': 'device-script',
    '.html': 'html',
    '.sxd': 'SXd',
  };
  return types[ext] ?? 'unk';
}

/** An S3 file record as stored (`S3File`): id, title, bucket, key, creation. */
export function s3FileRecord(
  env: Env,
  id: string,
  title: string,
  bucket: string,
  key: string,
  user: UserRecord,
): Obj {
  return {
    id,
    title,
    bucket,
    key,
    created_on: new Date(env.now() * 1000).toISOString(),
    created_by: user.id,
  };
}

/** `S3FileSerializer`: the record with a signed download URL. */
export function s3File(env: Env, f: Obj): Schema<'S3File'> {
  const key = String(f.key ?? '');
  const bucket = String(f.bucket ?? FILES_BUCKET);
  return {
    id: String(f.id),
    title: typeof f.title === 'string' ? f.title : null,
    url: typeof f.url === 'string' ? f.url : key ? presignedGet(env, bucket, key) : null,
    file_type: typeof f.file_type === 'string' ? f.file_type : fileType(key),
    created_on: drfTime(String(f.created_on ?? new Date(0).toISOString())),
    created_by: typeof f.created_by === 'number' ? f.created_by : 0,
  };
}

/** `get_s3_url`: a presigned GET of a key of the files bucket. */
export function signedUrl(env: Env, key: string): string {
  return presignedGet(env, S3FILE_BUCKET, key);
}

/**
 * S3 as the mock answers for it (it has no S3): the shapes boto3 gives the server, on buckets that do not
 * exist (`iotile-mock-cloud-*`), signed with a key that signs nothing. A presigned POST is the form an upload
 * would send (`url` plus `fields` with the SigV4 policy); a presigned GET is the URL a download would use.
 * Nothing is ever uploaded there: uploads of the mock's own data go through its API.
 */
import { createHash } from 'node:crypto';

import type { Schema } from '../api-types.js';
import type { Env } from '../router.js';
import { drfTime } from '../serializers.js';
import type { Obj, UserRecord } from '../store.js';

/** The server's stage, as `GET /server/` names it: the first part of every key. */
export const STAGE = 'mock';

/** `S3FILE_BUCKET_NAME` (note attachments). */
export const FILES_BUCKET = 'iotile-mock-cloud-media';
/** `REPORTS_S3FILE_BUCKET_NAME` (generated report files). */
export const REPORTS_BUCKET = 'iotile-mock-cloud-reports';
/** `STREAM_EVENT_DATA_BUCKET_NAME` (raw event data). */
export const EVENTS_BUCKET = 'iotile-mock-cloud-stream-event-data';

const ACCESS_KEY = 'AKIAMOCKCLOUD0000000';
const REGION = 'us-east-1';

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

/** `get_content_type`: a content type from the file extension (`text/plain` by default). */
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

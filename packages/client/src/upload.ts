/**
 * The multipart body of an upload, as Python's `upload_file`/`upload_fp` built it: the file in a part
 * named `file`, each `data` entry as a form field. The query (e.g. `?timestamp=` of
 * `/streamer/report/`) is the caller's business.
 *
 * Sources: a filesystem path (read lazily through `fs.openAsBlob`, Node only: elsewhere it throws
 * `UnsupportedPlatformError`, and `node:fs` is only in the Node build of `#platform`), a `Blob`/`File`, bytes
 * (`Uint8Array`, `ArrayBuffer`), a web `ReadableStream` or any async iterable of chunks (a Node
 * `Readable`). Streams are read into memory first: a multipart part needs a known size.
 */

// Everything an `Api` loads first, reached from here too: one shared chunk in a bundle (lazy.ts).
import './index.js';
import { platform } from '#platform';
import { callUrl } from './call-url.js';
import type { ApiCore } from './core.js';
import { InvalidInputError } from './errors.js';
import { serializeQuery } from './query.js';
import type { UploadFileOptions } from './rest.js';
import { UnsupportedPlatformError } from './unsupported.js';

/** Anything `uploadFile` can send. */
export type UploadSource =
  | string
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** A form field value; `Date`s are sent in the server's `YYYY-MM-DDTHH:MM:SSZ` form by the caller's choice. */
export type FormFieldValue = string | number | boolean | Blob;

export interface UploadFormOptions {
  /** Extra form fields, e.g. `{ stream, timestamp, encoded_extra_data }` for `/event/upload/`. */
  data?: Record<string, FormFieldValue | readonly FormFieldValue[] | null | undefined>;
  /**
   * The file name sent in the part (the server picks the report parser from its extension:
   * `.bin`, `.json`, `.mp`). Default: the path's base name, the `File`'s name, a stream's `path`, else `file`.
   */
  filename?: string;
  /** The part's content type. Default: the Blob's type, else `application/octet-stream`. */
  contentType?: string;
}

/**
 * `api.uploadToUrl()`: POSTs `file` as multipart to an absolute URL (a presigned S3 form), through
 * `core` (the token only on the API's own origin). Resolves the `Response` with its body unread.
 */
export async function uploadToUrl(
  core: ApiCore,
  url: string,
  file: UploadSource,
  options: UploadFileOptions,
): Promise<Response> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new InvalidInputError(`uploadToUrl(): ${JSON.stringify(url)} is not an absolute URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new InvalidInputError(`uploadToUrl(): the URL must be http or https, got ${target.protocol}`);
  }
  const { data, filename, contentType, query, ...callOptions } = options;
  const form = await buildUploadForm(file, { data, filename, contentType });
  for (const [key, value] of Object.entries(serializeQuery(query) ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      target.searchParams.append(key, String(item));
    }
  }
  const result = await callUrl(core, 'POST', target.toString(), {
    ...callOptions,
    body: form,
    parseAs: 'stream',
  });
  return (await core.checkOk('POST', result)).response;
}

/** Field name of the file part, fixed by the server (`request.data['file']`). */
export const FILE_FIELD = 'file';

export async function buildUploadForm(
  source: UploadSource,
  options: UploadFormOptions = {},
): Promise<FormData> {
  const { blob, name } = await toBlob(source, options.contentType);
  const form = new FormData();
  for (const [key, value] of Object.entries(options.data ?? {})) {
    if (key === FILE_FIELD) {
      throw new InvalidInputError(
        `uploadFile(): data may not have a "${FILE_FIELD}" field, it holds the file`,
      );
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) {
        continue;
      }
      if (item instanceof Blob) {
        form.append(key, item);
      } else {
        form.append(key, String(item));
      }
    }
  }
  form.append(FILE_FIELD, blob, options.filename ?? name ?? FILE_FIELD);
  return form;
}

async function toBlob(
  source: UploadSource,
  contentType: string | undefined,
): Promise<{ blob: Blob; name?: string }> {
  const type = contentType ?? 'application/octet-stream';
  if (typeof source === 'string') {
    if (source === '') {
      throw new InvalidInputError('uploadFile(): the file path is empty', { param: 'file' });
    }
    const openFileAsBlob = platform.openFileAsBlob;
    if (openFileAsBlob === undefined) {
      throw new UnsupportedPlatformError(
        'upload from a file path',
        'uploadFile(): a file path can only be read in Node; in a browser pass a File or Blob ' +
          '(e.g. from <input type="file">) or bytes',
      );
    }
    let blob: Blob;
    try {
      blob = await openFileAsBlob(source, type);
    } catch (error) {
      throw new InvalidInputError(`uploadFile(): can not read ${source}: ${(error as Error).message}`);
    }
    return { blob, name: baseName(source) };
  }
  if (source instanceof Blob) {
    const name = typeof (source as { name?: unknown }).name === 'string' ? (source as File).name : undefined;
    const blob =
      contentType === undefined || source.type === contentType ? source : source.slice(0, source.size, type);
    return name === undefined || name === '' ? { blob } : { blob, name };
  }
  if (source instanceof ArrayBuffer) {
    return { blob: new Blob([source], { type }) };
  }
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }) };
  }
  const pathOfStream = (source as { path?: unknown } | null)?.path;
  const name = typeof pathOfStream === 'string' ? baseName(pathOfStream) : undefined;
  if (isWebStream(source)) {
    const blob = await new Response(source).blob();
    return withName(new Blob([blob], { type }), name);
  }
  if (isAsyncIterable(source)) {
    const chunks: BlobPart[] = [];
    for await (const chunk of source) {
      chunks.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk));
    }
    return withName(new Blob(chunks, { type }), name);
  }
  throw new InvalidInputError(
    'uploadFile(): the file must be a path, Blob, Uint8Array, ArrayBuffer, ReadableStream or Node Readable',
    { param: 'file' },
  );
}

function withName(blob: Blob, name: string | undefined): { blob: Blob; name?: string } {
  return name === undefined ? { blob } : { blob, name };
}

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array | string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || FILE_FIELD;
}

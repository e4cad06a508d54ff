/** Multipart uploads: the body is parsed back and checked part by part. */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import { Api, InvalidInputError, type UploadSource } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

const dir = mkdtempSync(join(tmpdir(), 'iotile-upload-'));
const reportPath = join(dir, 'report.bin');
const REPORT = Uint8Array.from({ length: 256 }, (_, i) => i); // every byte value
writeFileSync(reportPath, REPORT);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parses a multipart body back with the platform's own parser. */
async function parseForm(body: string, contentType: string): Promise<FormData> {
  return new Response(body, { headers: { 'content-type': contentType } }).formData();
}

/** An `Api` whose fetch keeps the form of the last request (`sent.form`) and answers `body` with 201. */
function formCapturingApi(body: unknown = {}): { api: Api; sent: { form?: FormData } } {
  const sent: { form?: FormData } = {};
  const api = new Api({
    domain: DOMAIN,
    fetch: async (request) => {
      sent.form = await request.formData();
      return json(body, 201);
    },
  });
  return { api, sent };
}

/** A nock reply that keeps the multipart body and its content type, then answers `status` and `body`. */
function capturingReply(status: number, body: nock.Body = '') {
  const captured: { contentType?: string; body?: string } = {};
  const reply = function (this: nock.ReplyFnContext, _uri: string, requestBody: nock.Body) {
    captured.contentType = String(this.req.headers['content-type']);
    captured.body = requestBody as string;
    return [status, body] as [number, nock.Body];
  };
  return { captured, reply };
}

async function filePart(form: FormData): Promise<{ name: string; type: string; bytes: number[] }> {
  const file = form.get('file');
  expect(file).toBeInstanceOf(File);
  const f = file as File;
  return { name: f.name, type: f.type, bytes: [...new Uint8Array(await f.arrayBuffer())] };
}

describe('streamer report upload (Python: api.streamer.report.upload_file)', () => {
  it('POSTs /streamer/report/?timestamp= with the file part named `file`, the jwt header and no JSON type', async () => {
    const { captured, reply } = capturingReply(201, { count: 9 });
    nock(DOMAIN)
      .matchHeader('authorization', 'jwt big-token')
      .post('/api/v1/streamer/report/')
      .query({ timestamp: '2018-01-20T00:00:00Z' })
      .reply(reply);
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    const text = join(dir, 'report.json');
    writeFileSync(text, '{"format": "v100", "device": 10}');
    const result = await api.rest.streamer.report.uploadFile(text, {
      query: { timestamp: new Date('2018-01-20T00:00:00.250Z') },
    });
    expect(result).toEqual({ count: 9 });
    expect(captured.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const form = await parseForm(captured.body ?? '', captured.contentType ?? '');
    expect([...form.keys()]).toEqual(['file']);
    const file = form.get('file') as File;
    expect(file.name).toBe('report.json');
    expect(await file.text()).toBe('{"format": "v100", "device": 10}');
  });

  it('sends binary files byte for byte', async () => {
    let sent: { url: string; authorization: string | null; form: FormData } | undefined;
    const api = new Api({
      domain: DOMAIN,
      token: 'big-token',
      fetch: async (request) => {
        sent = {
          url: request.url,
          authorization: request.headers.get('authorization'),
          form: await request.formData(),
        };
        return json({ count: 100 }, 201);
      },
    });
    await api.rest.streamer.report.uploadFile(reportPath, { query: { timestamp: '2018-01-20T00:00:00Z' } });
    expect(sent?.url).toBe(`${BASE}/streamer/report/?timestamp=2018-01-20T00%3A00%3A00Z`);
    expect(sent?.authorization).toBe('jwt big-token');
    expect(await filePart(sent?.form as FormData)).toEqual({
      name: 'report.bin',
      type: 'application/octet-stream',
      bytes: [...REPORT],
    });
  });
});

describe('event upload with form fields (Python: upload_file(data=...))', () => {
  it('sends every `data` entry as a field next to the file', async () => {
    const { api, sent } = formCapturingApi({ id: 1 });
    await api.rest.event.upload.uploadFile(
      new File(['{"a": 1}'], 'event.json', { type: 'application/json' }),
      {
        data: {
          stream: 's--0000-0077--0000-0000-0000-00d2--5001',
          timestamp: '2018-01-20T00:00:00Z',
          encoded_extra_data: JSON.stringify({ flow: 2 }),
          streamer_local_id: 12,
          skipped: undefined,
        },
      },
    );
    expect(Object.fromEntries([...(sent.form?.entries() ?? [])].filter(([k]) => k !== 'file'))).toEqual({
      stream: 's--0000-0077--0000-0000-0000-00d2--5001',
      timestamp: '2018-01-20T00:00:00Z',
      encoded_extra_data: '{"flow":2}',
      streamer_local_id: '12',
    });
    const file = sent.form?.get('file') as File;
    expect([file.name, file.type, await file.text()]).toEqual(['event.json', 'application/json', '{"a": 1}']);
  });
});

describe('sources', () => {
  const cases: [string, () => UploadSource, string][] = [
    ['a path', () => reportPath, 'report.bin'],
    ['a Blob', () => new Blob([REPORT]), 'file'],
    ['a Uint8Array', () => REPORT, 'file'],
    ['a Buffer view', () => Buffer.from(REPORT), 'file'],
    ['an ArrayBuffer', () => REPORT.slice().buffer, 'file'],
    ['a web ReadableStream', () => new Blob([REPORT]).stream(), 'file'],
    ['a Node Readable (fs stream: named after its path)', () => createReadStream(reportPath), 'report.bin'],
    [
      'a Node Readable of chunks',
      () => Readable.from([REPORT.subarray(0, 100), REPORT.subarray(100)]),
      'file',
    ],
  ];
  it.each(cases)('%s', async (_label, source, name) => {
    const { api, sent } = formCapturingApi();
    await api.rest.streamer.report.uploadFile(source(), { query: { timestamp: '2018-01-20T00:00:00Z' } });
    expect(await filePart(sent.form as FormData)).toEqual({
      name,
      type: 'application/octet-stream',
      bytes: [...REPORT],
    });
  });

  it('takes filename and contentType overrides', async () => {
    const { api, sent } = formCapturingApi();
    await api.rest.streamer.report.uploadFile(REPORT, {
      filename: 'r.mp',
      contentType: 'application/msgpack',
    });
    const part = await filePart(sent.form as FormData);
    expect([part.name, part.type]).toEqual(['r.mp', 'application/msgpack']);
  });

  it('rejects bad input before any request', async () => {
    const { fetch, requests } = stubFetch(() => json({}));
    const { rest } = new Api({ domain: DOMAIN, fetch });
    await expect(rest.streamer.report.uploadFile(join(dir, 'missing.bin'))).rejects.toThrow(
      /can not read .*missing\.bin/,
    );
    await expect(rest.streamer.report.uploadFile('')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(rest.streamer.report.uploadFile(42 as never)).rejects.toThrow(/must be a path, Blob/);
    await expect(rest.event.upload.uploadFile(REPORT, { data: { file: 'x' } })).rejects.toThrow(
      /may not have a "file" field/,
    );
    expect(requests).toHaveLength(0);
  });
});

describe('uploadToUrl (presigned S3 forms)', () => {
  it('never sends the token to another origin, and puts the S3 fields before the file', async () => {
    const { captured, reply } = capturingReply(204);
    nock('https://iotile-uploads.s3.amazonaws.test', { badheaders: ['authorization'] })
      .post('/')
      .reply(reply);
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    const response = await api.uploadToUrl(
      'https://iotile-uploads.s3.amazonaws.test/',
      new Blob(['<html>report</html>']),
      {
        data: { key: 'reports/abc/index.html', policy: 'eyJwb2xpY3kiOiJ4In0=', 'x-amz-signature': 'sig' },
        filename: 'index.html',
      },
    );
    expect(response.status).toBe(204);
    const form = await parseForm(captured.body ?? '', captured.contentType ?? '');
    expect([...form.keys()]).toEqual(['key', 'policy', 'x-amz-signature', 'file']);
  });

  it('sends the token when the URL is on the API origin', async () => {
    nock(DOMAIN)
      .matchHeader('authorization', 'jwt big-token')
      .post('/api/v1/note/1/attachment/')
      .reply(201, {});
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    await expect(api.uploadToUrl(`${BASE}/note/1/attachment/`, REPORT)).resolves.toBeInstanceOf(Response);
  });

  it('throws the HttpError of a refused upload, and rejects non-URLs', async () => {
    nock('https://s3.test').post('/bucket').reply(403, '<Error><Code>AccessDenied</Code></Error>', {
      'content-type': 'application/xml',
    });
    const api = new Api({ domain: DOMAIN });
    await expect(api.uploadToUrl('https://s3.test/bucket', REPORT)).rejects.toMatchObject({
      name: 'HttpClientError',
      status: 403,
      body: '<Error><Code>AccessDenied</Code></Error>',
    });
    await expect(api.uploadToUrl('/relative', REPORT)).rejects.toBeInstanceOf(InvalidInputError);
  });
});

/**
 * Compile-time checks: run by `vitest` (typecheck) and by `tsc -p tsconfig.json`. Each
 * `@ts-expect-error` fails the build if the line it guards starts to compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { HttpError } from '../src/all-errors.js';
import {
  Api,
  type Page,
  type PageItem,
  type PaginatedPath,
  type RestCallOptions,
  type Schema,
  type SchemaInput,
} from '../src/index.js';

const api = new Api();
const slug = 's--0000-0077--0000-0000-0000-00d2--5001';

describe('typed calls', () => {
  it('type the stream data example end to end', async () => {
    const { data, error, response } = await api.GET('/stream/{slug}/data/', {
      params: { path: { slug }, query: { lastn: 10 } },
    });
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(data).toEqualTypeOf<Schema<'PaginatedStreamDataPointList'> | undefined>();
    expectTypeOf(error).toEqualTypeOf<Schema<'Error'> | undefined>();
    if (data) {
      expectTypeOf(data.results).toEqualTypeOf<Schema<'StreamDataPoint'>[]>();
      expectTypeOf(data.count).toEqualTypeOf<number>();
    }
  });

  it('reject a wrong path, a missing path param and a wrong query type', () => {
    // @ts-expect-error: no such path
    api.GET('/streams/{slug}/data/', { params: { path: { slug } } });
    // @ts-expect-error: the path param is required
    api.GET('/stream/{slug}/data/');
    // @ts-expect-error: the path param is required
    api.GET('/stream/{slug}/data/', { params: { path: {} } });
    // @ts-expect-error: lastn is a number
    api.GET('/stream/{slug}/data/', { params: { path: { slug }, query: { lastn: 'ten' } } });
    // @ts-expect-error: no such query parameter
    api.get('/stream/{slug}/data/', { params: { path: { slug }, query: { last: 10 } } });
    // @ts-expect-error: /server/ has no POST
    api.POST('/server/');
  });

  it('check request bodies (readOnly fields are not accepted)', () => {
    api.POST('/org/', { body: { name: 'Acme' } });
    // @ts-expect-error: name is required
    api.POST('/org/', { body: { about: 'no name' } });
    // @ts-expect-error: the body is required
    api.post('/org/');
    const input: SchemaInput<'Org'> = {
      name: 'Acme',
      about: '',
      // @ts-expect-error: id is readOnly, so not part of a request body
      id: '3c8b1bd2-52d5-4b1b-a7c6-6b3e2c9a1f00',
    };
    expectTypeOf(input.name).toEqualTypeOf<string>();
    expectTypeOf<Schema<'Org'>>().toHaveProperty('id').toEqualTypeOf<string>();
  });

  it('keep free-form JSON objects open (event extra_data, unit derived_units)', () => {
    const event: SchemaInput<'EventCreate'> = {
      stream: 's--0000-0077--0000-0000-0000-00d2--5001',
      timestamp: '2024-01-01T00:00:00Z',
      extra_data: { peak: 3, label: 'shock' },
    };
    api.POST('/event/', { body: event });
    expectTypeOf<NonNullable<Schema<'Event'>['extra_data']>>().toEqualTypeOf<Record<string, unknown>>();
    const wrong: SchemaInput<'EventCreate'> = {
      stream: 's--0001',
      timestamp: '2024-01-01T00:00:00Z',
      // @ts-expect-error: extra_data must be an object, not a string
      extra_data: 'shock',
    };
    void wrong;
  });

  it('accept the per-call transport options, typed', () => {
    api.get('/server/', { timeoutMs: 500, retries: 0, signal: AbortSignal.timeout(1000) });
    // @ts-expect-error: timeoutMs is a number
    api.get('/server/', { timeoutMs: 'fast' });
    // @ts-expect-error: retries is a number
    api.GET('/server/', { retries: true });
  });
});

describe('throwing style', () => {
  it('resolves the 2xx body', async () => {
    expectTypeOf(
      await api.get('/device/{slug}/', { params: { path: { slug: 'd--0000-0000-0000-00d2' } } }),
    ).toEqualTypeOf<Schema<'Device'>>();
    expectTypeOf(await api.get('/server/')).toEqualTypeOf<Schema<'ServerInfo'>>();
    expectTypeOf(await api.post('/org/', { body: { name: 'Acme' } })).toEqualTypeOf<Schema<'Org'>>();
    expectTypeOf(
      await api.get('/df/', { params: { query: { filter: slug } }, parseAs: 'text' }),
    ).toEqualTypeOf<string>();
    expectTypeOf(await api.logout()).toEqualTypeOf<boolean>();
  });

  it('has the same checks as the openapi-fetch style', () => {
    // @ts-expect-error: missing path param
    api.get('/device/{slug}/');
    // @ts-expect-error: wrong path
    api.get('/devices/');
  });
});

describe('paginate', () => {
  it('types the items of list paths', async () => {
    for await (const device of api.paginate(
      '/device/',
      { params: { query: { page_size: 1000 } } },
      { concurrency: 4 },
    )) {
      expectTypeOf(device).toEqualTypeOf<Schema<'Device'>>();
    }
    for await (const point of api.paginate('/stream/{slug}/data/', { params: { path: { slug } } })) {
      expectTypeOf(point).toEqualTypeOf<Schema<'StreamDataPoint'>>();
    }
    for await (const page of api.paginatePages('/data/', { params: { query: { filter: slug } } })) {
      expectTypeOf(page).toEqualTypeOf<Page<Schema<'DataPoint'>>>();
    }
    expectTypeOf<PageItem<'/org/{slug}/projects/'>>().toEqualTypeOf<Schema<'Project'>>();
  });

  it('accepts only paths whose 2xx body is a page', () => {
    expectTypeOf<'/device/'>().toExtend<PaginatedPath>();
    expectTypeOf<'/device/{slug}/'>().not.toExtend<PaginatedPath>();
    // @ts-expect-error: /server/ is not a list
    api.paginate('/server/');
    // @ts-expect-error: a detail path is not a list
    api.paginate('/device/{slug}/', { params: { path: { slug: 'd--1' } } });
    // @ts-expect-error: /streamer/{slug}/report/ answers a plain array, not a page
    api.paginate('/streamer/{slug}/report/', { params: { path: { slug: 't--1' } } });
    // @ts-expect-error: the path param is required
    api.paginate('/stream/{slug}/data/');
    // @ts-expect-error: concurrency is a number or 'auto'
    api.paginate('/device/', undefined, { concurrency: 'max' });
    api.paginate('/device/', undefined, { concurrency: 'auto' });
  });
});

describe('generic resources', () => {
  it('chain names the spec knows, any id, and unknown names through a call', () => {
    expectTypeOf(api.rest.org.get()).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(api.rest.org('arch').projects.get<Schema<'PaginatedProjectList'>>()).toEqualTypeOf<
      Promise<Schema<'PaginatedProjectList'>>
    >();
    expectTypeOf(api.rest.streamer.report.uploadFile('report.bin')).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(api.rest.device('d--1').delete()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(api.rest.stream(slug).data.url()).toEqualTypeOf<string>();
    expectTypeOf(api.rest('widget')(3).get()).toEqualTypeOf<Promise<unknown>>();
    // @ts-expect-error: ids are strings or numbers
    api.rest.org({ slug: 'arch' });
    // @ts-expect-error: query values are primitives, Dates or arrays of them
    api.rest.org.get({ filter: { nested: true } });
  });

  it('type the result of an explicit parseAs', () => {
    const filter = { filter: slug };
    expectTypeOf(api.rest.df.get(filter, { parseAs: 'json' })).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(api.rest.df.get<{ value: number }[]>(filter, { parseAs: 'json' })).toEqualTypeOf<
      Promise<{ value: number }[]>
    >();
    expectTypeOf(api.rest.df.get(filter, { parseAs: 'text' })).toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(api.rest.df.get(undefined, { parseAs: 'blob' })).toEqualTypeOf<Promise<Blob | undefined>>();
    expectTypeOf(api.rest.df.get(filter, { parseAs: 'arrayBuffer' })).toEqualTypeOf<
      Promise<ArrayBuffer | undefined>
    >();
    expectTypeOf(api.rest.df.get(filter, { parseAs: 'stream', timeoutMs: 0 })).toEqualTypeOf<
      Promise<ReadableStream<Uint8Array> | undefined>
    >();
    expectTypeOf(api.rest.org.post({ name: 'Acme' }, undefined, { parseAs: 'text' })).toEqualTypeOf<
      Promise<string | undefined>
    >();
    expectTypeOf(api.rest.streamer.report.uploadFile('r.bin', { parseAs: 'text' })).toEqualTypeOf<
      Promise<string | undefined>
    >();
    const dynamic: RestCallOptions = {};
    expectTypeOf(api.rest.df.get(filter, dynamic)).toEqualTypeOf<Promise<unknown>>();
    // @ts-expect-error: not a way to read a body
    api.rest.df.get(filter, { parseAs: 'xml' });
    // @ts-expect-error: a stated JSON type does not go with a raw body
    api.rest.df.get<{ value: number }[]>(filter, { parseAs: 'text' });
    // @ts-expect-error: a string, or undefined without a body
    const text: Promise<string> = api.rest.df.get(filter, { parseAs: 'text' });
    // @ts-expect-error: delete only says whether it worked
    api.rest.org('acme').delete(undefined, { parseAs: 'text' });
    void text;
  });
});

describe('errors', () => {
  it('carry status, url and the parsed body', () => {
    expectTypeOf<HttpError['status']>().toEqualTypeOf<number>();
    expectTypeOf<HttpError['url']>().toEqualTypeOf<string>();
    expectTypeOf<HttpError['fieldErrors']>().toEqualTypeOf<Record<string, string[]>>();
    expectTypeOf<HttpError['response']>().toEqualTypeOf<Response>();
  });
});

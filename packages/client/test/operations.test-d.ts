/**
 * Compile-time checks of operations the spec gained with the whole /api/v1 (issue 10): openapi-fetch, the
 * throwing style and `api.rest` type them from the spec like the first ones. Each `@ts-expect-error` fails
 * the build if the line it guards starts to compile.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnyRestResource,
  Api,
  type PaginatedPath,
  type RestResource,
  type Schema,
} from '../src/index.js';

const api = new Api();
const device = 'd--0000-0000-0000-00d2';

describe('new operations, openapi-fetch style', () => {
  it('GET /org/{slug}/devices/: the Elasticsearch page, its own envelope', async () => {
    const { data } = await api.GET('/org/{slug}/devices/', {
      params: { path: { slug: 'arch' }, query: { q: 'pump', page: 2 } },
    });
    expectTypeOf(data).toEqualTypeOf<Schema<'OrgDevicesPage'> | undefined>();
    if (data) {
      expectTypeOf(data.results).toEqualTypeOf<Schema<'Device'>[]>();
      expectTypeOf(data.next_page).toEqualTypeOf<number | null>();
    }
    // @ts-expect-error: the org slug is required
    api.GET('/org/{slug}/devices/');
    // @ts-expect-error: page is a number
    api.GET('/org/{slug}/devices/', { params: { path: { slug: 'arch' }, query: { page: 'next' } } });
    // Not a DRF page (`next_page`, not `next`): api.paginate cannot walk it.
    expectTypeOf<'/org/{slug}/devices/'>().not.toExtend<PaginatedPath>();
    expectTypeOf<'/org/{slug}/pending/'>().toExtend<PaginatedPath>();
  });

  it('GET/PATCH/DELETE /device/{slug}/mask/', async () => {
    const got = await api.get('/device/{slug}/mask/', { params: { path: { slug: device } } });
    expectTypeOf(got).toEqualTypeOf<Schema<'DataMask'>>();
    expectTypeOf(got.start).toEqualTypeOf<string | null>();
    const { data } = await api.PATCH('/device/{slug}/mask/', {
      params: { path: { slug: device } },
      body: { start: '2024-01-01T00:00:00Z' },
    });
    expectTypeOf(data).toEqualTypeOf<Schema<'DataMaskEvent'> | undefined>();
    api.DELETE('/device/{slug}/mask/', { params: { path: { slug: device } } });
    // @ts-expect-error: start is a datetime string
    api.PATCH('/device/{slug}/mask/', { params: { path: { slug: device } }, body: { start: 1704067200 } });
    // @ts-expect-error: the mask has no PUT
    api.PUT('/device/{slug}/mask/', { params: { path: { slug: device } }, body: {} });
  });

  it('POST /production/device/create_virtual/', async () => {
    const created = await api.post('/production/device/create_virtual/', {
      body: { sg: 'edge-v1-0-0', user: 'staff-user' },
    });
    expectTypeOf(created).toEqualTypeOf<Schema<'Device'>[]>();
    // @ts-expect-error: user is required
    api.POST('/production/device/create_virtual/', { body: { sg: 'edge-v1-0-0' } });
    // @ts-expect-error: qty is a number
    api.POST('/production/device/create_virtual/', { body: { sg: 'edge-v1-0-0', user: 'u', qty: 'one' } });
  });

  it('types the other new routes, and refuses what they do not have', async () => {
    expectTypeOf(await api.get('/config/attr/', { params: { query: { target: device } } })).toEqualTypeOf<
      Schema<'PaginatedConfigAttributeList'>
    >();
    // @ts-expect-error: target is a required query parameter
    api.get('/config/attr/', { params: { query: { name_q: 'x' } } });
    expectTypeOf(
      await api.get('/device/{slug}/key/', { params: { path: { slug: device }, query: { type: 'a-jwt' } } }),
    ).toEqualTypeOf<Schema<'DeviceKeyResponse'>>();
    api.DELETE('/event/{id}/', { params: { path: { id: 17 } } });
    // @ts-expect-error: an event id is a number
    api.DELETE('/event/{id}/', { params: { path: { id: 'seventeen' } } });
    api.POST('/vartemplate/', {
      body: {
        label: 'Pulses',
        sg: 'sg-1',
        lid_hex: '5001',
        var_type: 'vt',
        default_input_unit: null,
        default_output_unit: null,
      },
    });
    // @ts-expect-error: /vartemplate/ is write-only on the server (no GET)
    api.GET('/vartemplate/');
    expectTypeOf(await api.get('/')).toEqualTypeOf<Schema<'ApiRoot'>>();
    // @ts-expect-error: the API root has no POST
    api.POST('/');
    // @ts-expect-error: the data point item takes a numeric id
    api.PATCH('/data/{id}/', { params: { path: { id: 'x' } }, body: {} });
  });
});

describe('request fields with a server default', () => {
  it('are optional (the server fills them in)', () => {
    api.POST('/fleet/{slug}/register/', {
      params: { path: { slug: 'g--0000-0000-0001' } },
      body: { device },
    });
    api.POST('/device/{slug}/reset/', { params: { path: { slug: device } }, body: {} });
    api.POST('/device/{slug}/unclaim/', { params: { path: { slug: device } }, body: {} });
    api.POST('/org/{slug}/register/', { params: { path: { slug: 'arch' } }, body: { user: 'user1' } });
    // @ts-expect-error: but typed when given
    api.POST('/device/{slug}/reset/', { params: { path: { slug: device } }, body: { full: 'yes' } });
  });
});

describe('new resources of api.rest', () => {
  it('are typed resources of their spec path, never undefined', () => {
    expectTypeOf(api.rest.component).toEqualTypeOf<RestResource<'/component/'>>();
    expectTypeOf(api.rest.filter('f--0001').transition).toEqualTypeOf<
      RestResource<'/filter/{}/transition/'>
    >();
    expectTypeOf(api.rest.config.attr.search).toEqualTypeOf<RestResource<'/config/attr/search/'>>();
    expectTypeOf(api.rest.propertytemplate(3).enum).toEqualTypeOf<
      RestResource<'/propertytemplate/{}/enum/'>
    >();
    expectTypeOf(api.rest.production.device.create_virtual).toEqualTypeOf<
      RestResource<'/production/device/create_virtual/'>
    >();
    expectTypeOf(api.rest.shipping.org.quality.summary('arch')).toEqualTypeOf<
      RestResource<'/shipping/org/quality/summary/{}/'>
    >();
    expectTypeOf(api.rest.org('arch').devices).toEqualTypeOf<RestResource<'/org/{}/devices/'>>();
    expectTypeOf(api.rest.device(device).mask).toEqualTypeOf<RestResource<'/device/{}/mask/'>>();
    for (const resource of [
      api.rest.alias,
      api.rest.tap,
      api.rest.ot,
      api.rest.pt,
      api.rest.widget,
      api.rest.key,
    ]) {
      expectTypeOf(resource.get).toBeFunction();
    }
    expectTypeOf(api.rest.pid.post({ pid: 'x' })).toEqualTypeOf<Promise<unknown>>();
  });

  it('leave names the spec does not know to the index signature (possibly undefined)', () => {
    expectTypeOf(api.rest.gadget).toEqualTypeOf<AnyRestResource | undefined>();
    expectTypeOf(api.rest.device(device).gadget).toEqualTypeOf<AnyRestResource | undefined>();
    // @ts-expect-error: possibly undefined, so not callable without a check
    api.rest.gadget.get();
  });
});

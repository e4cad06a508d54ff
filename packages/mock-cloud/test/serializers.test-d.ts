/**
 * The mock's responses are typed with the spec's generated types: each serializer returns its schema, and a
 * route can only answer what the spec declares for its path, method and status.
 */
import type { Schema } from '@iotile/client';
import { describe, expectTypeOf, it } from 'vitest';

import type { JsonText } from '../src/api-types.js';
import { json, noContent } from '../src/http.js';
import { streamedPage } from '../src/json-page.js';
import type { PageWindow } from '../src/pagination.js';
import type { DataPoint } from '../src/points.js';
import { Router } from '../src/router.js';
import type { SlugFields } from '../src/serializers.js';
import * as serializers from '../src/serializers.js';
import type { UserRecord } from '../src/store.js';
import type { SecondsZFormatter } from '../src/timestamps.js';

describe('serializers', () => {
  it('return the generated schema types', () => {
    expectTypeOf(serializers.account).returns.toEqualTypeOf<Schema<'Account'>>();
    expectTypeOf(serializers.org).returns.toEqualTypeOf<Schema<'Org'>>();
    expectTypeOf(serializers.project).returns.toEqualTypeOf<Schema<'Project'>>();
    expectTypeOf(serializers.device).returns.toEqualTypeOf<Schema<'Device'>>();
    expectTypeOf(serializers.datablock).returns.toEqualTypeOf<Schema<'DataBlock'>>();
    expectTypeOf(serializers.stream).returns.toEqualTypeOf<Schema<'Stream'>>();
    expectTypeOf(serializers.streamDataPoint).returns.toEqualTypeOf<Schema<'StreamDataPoint'>>();
    expectTypeOf(serializers.dataPoint).returns.toEqualTypeOf<Schema<'DataPoint'>>();
    expectTypeOf(serializers.event).returns.toEqualTypeOf<Schema<'Event'>>();
    expectTypeOf(serializers.streamer).returns.toEqualTypeOf<Schema<'Streamer'>>();
    expectTypeOf(serializers.streamerReport).returns.toEqualTypeOf<Schema<'StreamerReport'>>();
    expectTypeOf(serializers.fleet).returns.toEqualTypeOf<Schema<'Fleet'>>();
    expectTypeOf(serializers.fleetMember).returns.toEqualTypeOf<Schema<'FleetDevice'>>();
    expectTypeOf(serializers.property).returns.toEqualTypeOf<Schema<'Property'>>();
    expectTypeOf(serializers.targetProperty).returns.toEqualTypeOf<Schema<'TargetProperty'>>();
    expectTypeOf(serializers.varType).returns.toEqualTypeOf<Schema<'VarType'>>();
    expectTypeOf(serializers.sensorGraph).returns.toEqualTypeOf<Schema<'SensorGraph'>>();
    expectTypeOf(serializers.deviceTemplate).returns.toEqualTypeOf<Schema<'DeviceTemplate'>>();
    expectTypeOf(serializers.otaDeviceInfo).returns.toEqualTypeOf<Schema<'OtaDeviceInfo'>>();
    expectTypeOf(serializers.otaDeviceAction).returns.toEqualTypeOf<Schema<'OtaDeviceAction'>>();
    expectTypeOf(serializers.otaRequest).returns.toEqualTypeOf<Schema<'OtaRequest'>>();
    expectTypeOf(serializers.otaAction).returns.toEqualTypeOf<Schema<'OtaAction'>>();
    expectTypeOf(serializers.otaScript).returns.toEqualTypeOf<Schema<'OtaScript'>>();
    expectTypeOf(serializers.otaScriptFile).returns.toEqualTypeOf<Schema<'OtaScriptFile'>>();
    expectTypeOf(serializers.generatedReport).returns.toEqualTypeOf<Schema<'GeneratedReport'>>();
  });

  it('record what the hand-written JSON rows of the data pages hold', () => {
    expectTypeOf(serializers.streamDataPointJson).returns.toEqualTypeOf<
      JsonText<Schema<'StreamDataPoint'>>
    >();
    expectTypeOf(serializers.dataPointJson).returns.toEqualTypeOf<JsonText<Schema<'DataPoint'>>>();
  });
});

declare const user: UserRecord;
declare const pageWindow: PageWindow;
declare const points: DataPoint[];
declare const times: SecondsZFormatter;
declare const fields: SlugFields;
const router = new Router();

describe('routes', () => {
  it('answer the schema, status and methods the spec declares for their path', () => {
    router.add('/device/{slug}/', { GET: (_req, env) => json(200, serializers.device({}, env.store)) });
    router.add('/auth/user-info/', { GET: () => json(200, { ...serializers.account(user), jwt: 'x' }) });
    router.add('/auth/logout/', { POST: () => noContent() });
    router.add('/ota/action/', { POST: () => json(201, serializers.otaAction({})) });
    // @ts-expect-error /device/{slug}/ answers a Device, not an Account
    router.add('/device/{slug}/', { GET: () => json(200, serializers.account(user)) });
    // @ts-expect-error user-info answers the Account plus `jwt`
    router.add('/auth/user-info/', { GET: () => json(200, serializers.account(user)) });
    // @ts-expect-error creating an OTA action answers 201, not 200
    router.add('/ota/action/', { POST: () => json(200, serializers.otaAction({})) });
    // @ts-expect-error the spec has no POST on /server/
    router.add('/server/', { POST: () => noContent() });
    // @ts-expect-error ServerInfo requires `company`
    router.add('/server/', { GET: () => json(200, { now: '2021-01-01T00:00:00Z', stage: 'x', name: 'x' }) });
    // @ts-expect-error not a path of the spec (no trailing slash)
    router.add('/server', { GET: () => noContent() });
  });

  it('check pages of every kind, the streamed ones too', () => {
    router.add('/device/', { GET: () => json(200, { count: 0, next: null, previous: null, results: [] }) });
    router.add('/stream/{slug}/data/', {
      GET: () =>
        streamedPage(pageWindow, points, (p) =>
          serializers.streamDataPointJson(p, serializers.outputConversion(undefined), times),
        ),
    });
    router.add('/stream/{slug}/data/', {
      // @ts-expect-error /stream/{slug}/data/ rows are StreamDataPoints, not /data/ rows
      GET: () => streamedPage(pageWindow, points, (p) => serializers.dataPointJson(p, fields, times)),
    });
    // @ts-expect-error a page needs `previous`
    router.add('/device/', { GET: () => json(200, { count: 0, next: null, results: [] }) });
  });
});

/**
 * `/data/` (`apps/streamdata`, `APIStreamDataViewSet`): data points.
 *
 * - The list: the points of the streams a `filter` selects, Large pages, with the value filters.
 * - Create: one point (201, the point) or an array (201 `{count}`, also `{"count": 0}` for `[]`). Each needs
 *   exactly one of `int_value` (type `Num` or none) and `value` (type `ITR`); the user needs
 *   `can_create_stream_data` in the orgs of the stream's project and device (403), which must exist (404).
 *   An `int_value` is converted as the server's builder does: cast with the stream's `raw_value_format`,
 *   through the stream's factors, then its input unit (`value`, type `ITR`); without a stream record
 *   `value` is the integer itself. (A `value` upload to a stream with a record trips an assertion in the
 *   server's builder, a 500; the mock stores the value.)
 * - An item (`/data/{id}/`) is staff only (403 after the lookup; a non-integer id is a 400). PUT and PATCH
 *   save what they are given (no conversion), with the same `int_value`/`value` rule.
 */
import { hasOrgPermission } from '../access.js';
import type { Schema } from '../api-types.js';
import { REQUEST_SCHEMAS } from '../generated/request-schemas.js';
import {
  detail,
  forbidden,
  HttpError,
  json,
  type MockRequest,
  notFound,
  readData,
  readObject,
} from '../http.js';
import { streamedPage } from '../json-page.js';
import { LARGE, pageWindow } from '../pagination.js';
import type { DataPoint, DataStatus, DataType, PointSource } from '../points.js';
import { type RequestSchema, validateBody } from '../request-schema.js';
import { VARIABLES } from '../resources/data-tables.js';
import { orgOfDevice, orgOfProjectSlug, orgOfStream, userOf, validateMany } from '../resources/scope.js';
import type { Env, Router } from '../router.js';
import { select } from '../selection.js';
import {
  dataPoint,
  dataPointJson,
  projectBySlug,
  type SlugFields,
  slugFields,
  unitMdo,
} from '../serializers.js';
import { deviceSlug, parseStreamSlug, tryParse } from '../slugs.js';
import type { Obj } from '../store.js';
import { parseIsoDateTime, SecondsZFormatter } from '../timestamps.js';
import { selectedDataStreams, valueFilters } from './filters.js';

const schema = (name: 'DataPointCreate' | 'DataPointPatch'): RequestSchema =>
  REQUEST_SCHEMAS[name] as RequestSchema;

/** The serializer's `validate()`: which of `int_value` and `value` a point gives, and its type. */
function checkValues(data: Obj): void {
  const fail = (message: string) => new HttpError(400, { non_field_errors: [message] });
  if (!('int_value' in data) && !('value' in data)) {
    throw fail('Either int_value or value should be used');
  }
  if ('int_value' in data && 'value' in data) {
    throw fail('Only int_value or value should be used');
  }
  if ('int_value' in data && 'type' in data && data.type !== 'Num') {
    throw fail("type should be 'Num' if int_value is used");
  }
  if ('value' in data && data.type !== 'ITR') {
    throw fail("type should be 'ITR' or None if value is used");
  }
}

function checked(item: Obj, mode: 'create' | 'update' | 'partial'): Obj {
  const values = validateBody(item, schema(mode === 'partial' ? 'DataPointPatch' : 'DataPointCreate'), mode);
  checkValues(values);
  return values;
}

/** `struct.unpack(format, struct.pack('<L', v))` for the 4-byte formats, clamped to 31 bits (`_cast`). */
function cast(format: unknown, v: number): number {
  let out = v;
  if (typeof format === 'string' && format !== '<L' && format !== 'auto') {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, v >>> 0, true);
    const code = format.replace(/^[<>=!@]/, '');
    const little = !format.startsWith('>') && !format.startsWith('!');
    if (code === 'l' || code === 'i') {
      out = view.getInt32(0, little);
    } else if (code === 'L' || code === 'I') {
      out = view.getUint32(0, little);
    } else if (code === 'f') {
      out = view.getFloat32(0, little);
    }
  }
  return Math.max(-0x7fffffff, Math.min(0x7fffffff, out));
}

/**
 * The builder's `convert_to_internal_value` for an `int_value` upload: the raw format, then the factors
 * (the variable's with `mdo_type` `V`, the stream's otherwise), then the input unit (the stream's, else its
 * variable's).
 */
function internalValue(env: Env, streamSlug: string, intValue: number): { value: number; type: DataType } {
  const stream = env.store.streams.get(streamSlug);
  if (!stream) {
    return { value: intValue, type: 'Num' };
  }
  const parts = parseStreamSlug(streamSlug);
  const variable = env.store
    .table<string>(VARIABLES)
    .get(`v--${parts.project.slice(3)}--${parts.variable.slice(-4)}`);
  const factors = stream.mdo_type === 'V' && variable ? variable : stream;
  const num = (x: unknown, fallback: number) => (typeof x === 'number' && x !== 0 ? x : fallback);
  const m = num(factors.multiplication_factor, 1);
  const d = num(factors.division_factor, 1);
  const o = typeof factors.offset === 'number' ? factors.offset : 0;
  const scaled = o + (cast(stream.raw_value_format, intValue) * m) / d;
  const input = unitMdo(stream.input_unit ?? variable?.input_unit);
  return input
    ? { value: input.o + (scaled * input.m) / input.d, type: 'ITR' }
    : { value: scaled, type: 'Num' };
}

/**
 * `user_has_write_access`: `can_create_stream_data` in the org of the stream's project and of its device
 * (not for virtual streams), both of which must exist (404).
 */
function canWrite(env: Env, req: MockRequest, streamSlug: string): boolean {
  const parts = parseStreamSlug(streamSlug);
  if (!projectBySlug(env.store, parts.project)) {
    throw notFound();
  }
  const user = userOf(req);
  if (!hasOrgPermission(env, user, orgOfProjectSlug(env, parts.project), 'can_create_stream_data')) {
    return false;
  }
  if (parts.device === deviceSlug(0)) {
    return true;
  }
  const device = env.store.devices.get(parts.device);
  if (!device) {
    throw notFound();
  }
  return hasOrgPermission(env, user, orgOfDevice(env, device), 'can_create_stream_data');
}

/** A stream slug as the serializer keeps it (normalised when it parses; the builder needs its parts). */
function streamOf(values: Obj): string {
  const parts = tryParse(() => parseStreamSlug(String(values.stream)));
  if (!parts) {
    // `deduce_slugs_from_stream_id` cannot split it.
    throw new HttpError(400, { stream: [`Illegal stream slug: ${String(values.stream)}`] });
  }
  return parts.slug;
}

function newPoint(env: Env, values: Obj, slug: string): DataPoint {
  const intValue = typeof values.int_value === 'number' ? values.int_value : null;
  const converted = intValue !== null ? internalValue(env, slug, intValue) : null;
  return {
    id: env.store.nextId('data'),
    timestamp: parseIsoDateTime(String(values.timestamp)) as number,
    type: converted?.type ?? (values.type as DataType | undefined) ?? 'Num',
    intValue,
    value: converted ? converted.value : typeof values.value === 'number' ? values.value : null,
    streamerLocalId: typeof values.streamer_local_id === 'number' ? values.streamer_local_id : 0,
    deviceTimestamp: typeof values.device_timestamp === 'number' ? values.device_timestamp : null,
    dirtyTs: values.dirty_ts === true,
    status: (values.status as DataStatus | undefined) ?? 'unk',
  };
}

async function create(req: MockRequest, env: Env) {
  const data = await readData(req);
  if (!Array.isArray(data)) {
    const values = checked(data, 'create');
    const slug = streamOf(values);
    if (!canWrite(env, req, slug)) {
      throw detail(403, `Not allowed to upload to ${slug}`);
    }
    const point = newPoint(env, values, slug);
    env.store.appendPoints(slug, [point]);
    return json(201, dataPoint(point, slugFields(slug)));
  }
  const items = validateMany(data, (item) => checked(item, 'create')).map((values) => ({
    values,
    slug: streamOf(values),
  }));
  for (const { slug } of items) {
    if (!canWrite(env, req, slug)) {
      throw detail(403, 'User has no access to least some data points');
    }
  }
  for (const { values, slug } of items) {
    env.store.appendPoints(slug, [newPoint(env, values, slug)]);
  }
  return json(201, { count: items.length });
}

/** Where the point with `id` is: its stream and index. Computed and folder streams number points in order. */
function locate(env: Env, id: number): { slug: string; source: PointSource; index: number } | null {
  for (const slug of env.store.slugsWithData()) {
    const source = env.store.pointsOf(slug);
    if (!source || source.length === 0) {
      continue;
    }
    const first = source.pointAt(0).id;
    const guess = id - first;
    if (guess >= 0 && guess < source.length && source.pointAt(guess).id === id) {
      return { slug, source, index: guess };
    }
    for (let i = 0; i < source.length; i++) {
      if (source.pointAt(i).id === id) {
        return { slug, source, index: i };
      }
    }
  }
  return null;
}

/** `get_object`: an integer id (400), a point (404), a staff user (403). */
function find(req: MockRequest, env: Env): { slug: string; point: DataPoint; index: number } {
  const raw = req.params.id ?? '';
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) {
    throw detail(400, 'Bad Request: Expected an integer database ID');
  }
  const found = locate(env, Number.parseInt(raw, 10));
  if (!found) {
    throw notFound();
  }
  if (!userOf(req).isStaff) {
    throw forbidden();
  }
  return { slug: found.slug, point: found.source.pointAt(found.index), index: found.index };
}

async function update(req: MockRequest, env: Env, mode: 'update' | 'partial') {
  const { slug, point } = find(req, env);
  const values = checked(await readObject(req), mode);
  const target = 'stream' in values ? streamOf(values) : slug;
  // `serializer.save()`: the fields given, as given (no conversion on update).
  const next: DataPoint = {
    ...point,
    timestamp:
      'timestamp' in values ? (parseIsoDateTime(String(values.timestamp)) as number) : point.timestamp,
    type: 'type' in values ? (values.type as DataType) : point.type,
    intValue: 'int_value' in values ? (values.int_value as number | null) : point.intValue,
    value: 'value' in values ? (values.value as number | null) : point.value,
    streamerLocalId:
      'streamer_local_id' in values ? (values.streamer_local_id as number) : point.streamerLocalId,
    deviceTimestamp:
      'device_timestamp' in values ? (values.device_timestamp as number | null) : point.deviceTimestamp,
    dirtyTs: 'dirty_ts' in values ? values.dirty_ts === true : point.dirtyTs,
    status: 'status' in values ? (values.status as DataStatus) : point.status,
  };
  delete next.displayValue;
  const source = env.store.editablePoints(slug);
  source.removeAt(indexOfId(source, point.id));
  env.store.editablePoints(target).add([next]);
  return json(200, dataPoint(next, slugFields(target)) satisfies Schema<'DataPoint'>);
}

function indexOfId(source: PointSource, id: number): number {
  for (let i = 0; i < source.length; i++) {
    if (source.pointAt(i).id === id) {
      return i;
    }
  }
  return -1;
}

export function dataRoutes(router: Router): void {
  router.add('/data/', {
    GET: (req, env) => {
      const filters = valueFilters(req);
      // Never a 403: streams the user may not read are left out (an empty page).
      const user = userOf(req);
      const inputs = selectedDataStreams(env, req.query.get('filter'))
        .filter((slug) => hasOrgPermission(env, user, orgOfStream(env, slug), 'can_read_stream_data'))
        .map((slug) => ({ slug, source: env.store.pointsOf(slug) as PointSource }));
      const selection = select(inputs, { ...filters, order: 'streamer' });
      const window = pageWindow(req, selection.count, LARGE);
      const fields = new Map<string, SlugFields>();
      const times = new SecondsZFormatter();
      return streamedPage(window, selection.rows(window.start, window.end), (row) => {
        let f = fields.get(row.slug);
        if (!f) {
          f = slugFields(row.slug);
          fields.set(row.slug, f);
        }
        return dataPointJson(row.point, f, times);
      });
    },
    POST: create,
  });
  router.add('/data/{id}/', {
    GET: (req, env) => {
      const { slug, point } = find(req, env);
      return json(200, dataPoint(point, slugFields(slug)));
    },
    PUT: (req, env) => update(req, env, 'update'),
    PATCH: (req, env) => update(req, env, 'partial'),
    DELETE: (req, env) => {
      const { slug, point } = find(req, env);
      const source = env.store.editablePoints(slug);
      source.removeAt(indexOfId(source, point.id));
      return { status: 204, headers: {}, body: null };
    },
  });
}

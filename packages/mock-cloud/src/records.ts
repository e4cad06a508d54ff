/**
 * The typed read API over the mock's state (`cloud.get`, `cloud.list`, `cloud.dataCount`): each record as
 * the API serves it (the spec's schema type), looked up by the key the API uses. Tests read the mock with
 * it instead of reaching into the store, whose layout is free to change.
 */
import type { Schema } from './api-types.js';
import { MockInputError } from './input-error.js';
import { deviceTemplateView } from './resources/device-templates.js';
import { sensorGraphView } from './resources/sensor-graphs.js';
import * as serialize from './serializers.js';
import { deviceSlug, normaliseStreamerSlug, parseStreamSlug, tryParse } from './slugs.js';
import type { Obj, Store } from './store.js';

/** What `cloud.get(kind, key)` answers for each kind: the body the matching detail route serves. */
export interface MockRecords {
  /** Keyed by e-mail. */
  account: Schema<'Account'>;
  /** Keyed by slug. */
  org: Schema<'Org'>;
  /** Keyed by UUID. */
  project: Schema<'Project'>;
  /** Keyed by slug (short forms such as `d--0a1b` work). */
  device: Schema<'Device'>;
  datablock: Schema<'DataBlock'>;
  /** Keyed by slug (short forms work). */
  stream: Schema<'Stream'>;
  /** Keyed by slug (short forms work). */
  streamer: Schema<'Streamer'>;
  /** A streamer report record, keyed by UUID. */
  report: Schema<'StreamerReport'>;
  /** Keyed by numeric id. */
  event: Schema<'Event'>;
  /** Keyed by numeric id. */
  property: Schema<'Property'>;
  fleet: Schema<'Fleet'>;
  sg: Schema<'SensorGraph'>;
  dt: Schema<'DeviceTemplate'>;
  vartype: Schema<'VarType'>;
  /** Keyed by UUID. */
  generatedReport: Schema<'GeneratedReport'>;
  /** An OTA deployment request, keyed by numeric id. */
  otaRequest: Schema<'OtaRequest'>;
  /** Keyed by numeric id. */
  otaAction: Schema<'OtaAction'>;
}

export type MockRecordKind = keyof MockRecords;

/** Numeric ids for events, properties and OTA objects; strings (slugs, UUIDs, e-mails) for the rest. */
export type MockRecordKey<K extends MockRecordKind> = K extends
  | 'event'
  | 'property'
  | 'otaRequest'
  | 'otaAction'
  ? number
  : string;

interface Table {
  map(store: Store): ReadonlyMap<string | number, unknown>;
  normalise(key: string | number): string | number | null;
  serialize(value: unknown, store: Store): unknown;
}

const asString = (key: string | number) => (typeof key === 'string' ? key : null);
const asNumber = (key: string | number) => (typeof key === 'number' ? key : null);
const lower = (key: string | number) => (typeof key === 'string' ? key.toLowerCase() : null);
const obj = (fn: (o: Obj) => unknown) => (value: unknown) => fn(value as Obj);

const TABLES: { readonly [K in MockRecordKind]: Table } = {
  account: {
    map: (s) => s.users,
    normalise: asString,
    serialize: (u) => serialize.account(u as Parameters<typeof serialize.account>[0]),
  },
  org: { map: (s) => s.orgs, normalise: asString, serialize: obj(serialize.org) },
  project: { map: (s) => s.projects, normalise: lower, serialize: obj(serialize.project) },
  device: {
    map: (s) => s.devices,
    normalise: (key) => (typeof key === 'string' ? tryParse(() => deviceSlug(key)) : null),
    serialize: (d, store) => serialize.device(d as Obj, store),
  },
  datablock: { map: (s) => s.datablocks, normalise: asString, serialize: obj(serialize.datablock) },
  stream: {
    map: (s) => s.streams,
    normalise: (key) =>
      typeof key === 'string' ? (tryParse(() => parseStreamSlug(key))?.slug ?? null) : null,
    serialize: (v, store) => serialize.stream(v as Obj, store),
  },
  streamer: {
    map: (s) => s.streamers,
    normalise: (key) => (typeof key === 'string' ? tryParse(() => normaliseStreamerSlug(key)) : null),
    serialize: obj(serialize.streamer),
  },
  report: { map: (s) => s.reports, normalise: lower, serialize: obj(serialize.streamerReport) },
  event: { map: (s) => s.events, normalise: asNumber, serialize: obj(serialize.event) },
  property: { map: (s) => s.properties, normalise: asNumber, serialize: obj(serialize.property) },
  fleet: { map: (s) => s.fleets, normalise: asString, serialize: obj(serialize.fleet) },
  sg: { map: (s) => s.sgs, normalise: asString, serialize: (g, store) => sensorGraphView(g as Obj, store) },
  dt: {
    map: (s) => s.dts,
    normalise: asString,
    serialize: (t, store) => deviceTemplateView(t as Obj, store),
  },
  vartype: { map: (s) => s.vartypes, normalise: asString, serialize: obj(serialize.varType) },
  generatedReport: {
    map: (s) => s.generatedReports,
    normalise: lower,
    serialize: obj(serialize.generatedReport),
  },
  otaRequest: { map: (s) => s.deployments, normalise: asNumber, serialize: obj(serialize.otaRequest) },
  otaAction: { map: (s) => s.otaActions, normalise: asNumber, serialize: obj(serialize.otaAction) },
};

function table(kind: unknown, method: string): Table {
  if (typeof kind !== 'string' || !Object.hasOwn(TABLES, kind)) {
    throw new MockInputError(
      `${method}: kind must be one of ${Object.keys(TABLES).join(', ')}; got ${describeValue(kind)}`,
      'kind',
    );
  }
  return TABLES[kind as MockRecordKind];
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : typeof v;
}

/** The record of `kind` under `key`, as the API serves it, or undefined. */
export function getRecord<K extends MockRecordKind>(
  store: Store,
  kind: K,
  key: MockRecordKey<K>,
): MockRecords[K] | undefined {
  const t = table(kind, 'get');
  if (typeof key !== 'string' && typeof key !== 'number') {
    throw new MockInputError(`get: key must be a string or a number; got ${describeValue(key)}`, 'key');
  }
  const normal = t.normalise(key);
  const found = normal === null ? undefined : t.map(store).get(normal);
  return found === undefined ? undefined : (t.serialize(found, store) as MockRecords[K]);
}

/** Every record of `kind`, in insertion order, as the API serves them. */
export function listRecords<K extends MockRecordKind>(store: Store, kind: K): MockRecords[K][] {
  const t = table(kind, 'list');
  return [...t.map(store).values()].map((v) => t.serialize(v, store) as MockRecords[K]);
}

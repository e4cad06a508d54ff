/**
 * What the real server's serializers return, built from stored objects. Fixtures (and the Python mock's
 * fixtures in particular) leave fields out; here every field of the real serializer is present, in the
 * real order, with values derived from the slug or the related objects where the server would, and the
 * server's defaults otherwise. Fields a fixture adds beyond the serializer are not sent.
 *
 * Each serializer returns the spec's schema type (`Schema<'Device'>`, ...), so a field the spec requires
 * that a serializer leaves out, or gives the wrong type, does not compile.
 */
import { createHash } from 'node:crypto';

import type { Component, JsonText, Schema } from './api-types.js';
import type { DataPoint } from './points.js';
import { deviceSlug, parseStreamSlug, tryParse } from './slugs.js';
import { FIXED_TIME, type FleetMember, type Obj, type Store, type UserRecord } from './store.js';
import { formatDrf, formatSecondsZ, parseIsoDateTime, type SecondsZFormatter } from './timestamps.js';

/** A stable UUID (version 5 layout) for objects a fixture gives no id: the same name gives the same id. */
export function uuidFrom(name: string): string {
  const h = createHash('sha1').update(`iotile-mock-cloud:${name}`).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * The fields of `defaults`, in its order: the stored value where the object has one, the default
 * otherwise. Stored values are taken as given, as the API returns them (`FixtureData` types them for
 * fixtures written in code; the spec validation in the tests checks what goes out).
 */
function pick<T extends object>(stored: Obj, defaults: T): T {
  const out: Obj = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    out[key] = stored[key] === undefined ? fallback : stored[key];
  }
  return out as T;
}

/** Re-formats a stored datetime the way DRF renders it (stored strings that do not parse are kept). */
export function drfTime(value: string): string;
export function drfTime(value: unknown): string | null;
export function drfTime(value: unknown): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  const us = parseIsoDateTime(value);
  return us === null ? value : formatDrf(us);
}

function gravatar(email: string, size: number): string {
  // As the server's `get_gravatar_thumbnail_url`: the lower-cased e-mail's MD5, `d` before `s`.
  const hash = createHash('md5').update(email.toLowerCase()).digest('hex');
  return `https://secure.gravatar.com/avatar/${hash}?d=identicon&s=${size}`;
}

export function account(user: UserRecord): Schema<'Account'> {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    created_at: drfTime(user.createdAt),
    updated_at: drfTime(user.createdAt),
    name: user.name,
    tagline: user.tagline,
    avatar: {
      tiny: gravatar(user.email, 28),
      thumbnail: gravatar(user.email, 80),
      medium: gravatar(user.email, 170),
    },
    slug: user.slug,
    is_staff: user.isStaff,
  };
}

/** An org without an uploaded avatar gets the gravatar of `admin@<slug>.com` (28 and 100 pixels). */
function orgAvatar(slug: string): Schema<'Avatar'> {
  const email = `admin@${slug}.com`;
  return { tiny: gravatar(email, 28), thumbnail: gravatar(email, 100) };
}

export function org(o: Obj): Schema<'Org'> {
  const slug = String(o.slug);
  const out = pick<Schema<'Org'>>(o, {
    id: uuidFrom(`org:${slug}`),
    name: slug,
    slug,
    ot: null,
    about: '',
    created_on: FIXED_TIME,
    created_by: '',
    avatar: orgAvatar(slug),
    domain_names: [],
  });
  const avatar = out.avatar as Obj | null | undefined;
  if (!avatar || typeof avatar.tiny !== 'string' || typeof avatar.thumbnail !== 'string') {
    out.avatar = orgAvatar(slug);
  }
  out.created_on = drfTime(out.created_on);
  return out;
}

export function project(p: Obj): Schema<'Project'> {
  const slug = String(p.slug ?? '');
  const out = pick<Schema<'Project'>>(p, {
    id: String(p.id),
    name: '',
    slug,
    gid: slug.startsWith('p--') ? slug.slice(3) : '',
    org: '',
    about: '',
    project_template: null,
    created_on: FIXED_TIME,
    // The Python mock's quick-add projects spell it `craeted_by`.
    created_by: typeof p.craeted_by === 'string' ? p.craeted_by : '',
  });
  out.created_on = drfTime(out.created_on);
  return out;
}

function decimalString(v: unknown): string | null {
  if (v === null || v === undefined || v === '') {
    return null;
  }
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n.toFixed(6) : String(v);
}

export function device(d: Obj, store: Store): Schema<'Device'> {
  const slug = String(d.slug);
  const projectId = (d.project as string | null | undefined) ?? null;
  const proj = projectId ? store.projects.get(String(projectId).toLowerCase()) : undefined;
  const active = d.active !== false;
  const out = pick<Schema<'Device'>>(d, {
    id: Number.parseInt(slug.slice(3).replace(/-/g, ''), 16),
    slug,
    gid: slug.slice(3),
    label: '',
    active,
    external_id: '',
    sg: null,
    template: null,
    org: (proj?.org as string | undefined) ?? null,
    project: projectId,
    lat: null,
    lon: null,
    state: active ? 'N1' : 'N0',
    busy: false,
    created_on: FIXED_TIME,
    claimed_by: null,
    claimed_on: null,
  });
  // `Device.busy` is a property of the state (`B0` resetting, `B1` archiving).
  out.busy = String(out.state).startsWith('B') || d.busy === true;
  out.lat = decimalString(out.lat);
  out.lon = decimalString(out.lon);
  out.created_on = drfTime(out.created_on);
  out.claimed_on = drfTime(out.claimed_on);
  return out;
}

export function datablock(b: Obj): Schema<'DataBlock'> {
  const slug = String(b.slug);
  const out = pick<Schema<'DataBlock'>>(b, {
    id: Number.parseInt(slug.slice(-4), 16),
    slug,
    title: '',
    description: '',
    block: Number.parseInt(slug.slice(3, 7), 16),
    org: null,
    sg: null,
    created_on: FIXED_TIME,
    // The server's created_by is a required foreign key: never null.
    created_by: '',
    pid: '',
  });
  out.created_on = drfTime(out.created_on);
  return out;
}

export function inputUnit(u: unknown): Schema<'InputUnit'> | null {
  if (u === null || typeof u !== 'object') {
    return null;
  }
  return pick<Schema<'InputUnit'>>(u as Obj, { slug: '', unit_full: '', unit_short: '', m: 1, d: 1, o: 0 });
}

export function outputUnit(u: unknown): Schema<'OutputUnit'> | null {
  if (u === null || typeof u !== 'object') {
    return null;
  }
  return pick<Schema<'OutputUnit'>>(u as Obj, {
    slug: '',
    unit_full: '',
    unit_short: '',
    m: 1,
    d: 1,
    o: 0,
    decimal_places: 0,
    derived_units: null,
  });
}

/** The project a project slug names, if the store has it. */
export function projectBySlug(store: Store, slug: string): Obj | undefined {
  for (const p of store.projects.values()) {
    if (p.slug === slug) {
      return p;
    }
  }
  return undefined;
}

export function stream(s: Obj, store: Store): Schema<'Stream'> {
  const parts = parseStreamSlug(String(s.slug));
  const proj = projectBySlug(store, parts.project);
  const virtual = parts.device === deviceSlug(0);
  // Without a project record, the device's project is the stream's (the server's streams always have one).
  const deviceProject = proj ? undefined : store.devices.get(parts.device)?.project;
  const out = pick<Schema<'Stream'>>(s, {
    id: uuidFrom(`stream:${parts.slug}`),
    project_id:
      (proj?.id as string | undefined) ??
      (typeof deviceProject === 'string' ? deviceProject.toLowerCase() : null),
    project: parts.project,
    device: virtual || parts.isBlock ? null : parts.device,
    block: parts.block,
    data_label: '',
    variable: parts.variable,
    var_type: null,
    data_type: '00',
    var_name: '',
    var_lid: parts.lid,
    input_unit: null,
    output_unit: null,
    derived_stream: null,
    raw_value_format: '<L',
    mdo_type: 'S',
    mdo_label: '',
    multiplication_factor: 1,
    division_factor: 1,
    offset: 0,
    org: (proj?.org as string | undefined) ?? null,
    created_on: FIXED_TIME,
    slug: parts.slug,
    enabled: true,
  });
  out.input_unit = inputUnit(out.input_unit);
  out.output_unit = outputUnit(out.output_unit);
  out.created_on = drfTime(out.created_on);
  return out;
}

/** A unit's `m`, `d`, `o` with the serializer's defaults (1, 1, 0); null when there is no unit. */
export function unitMdo(u: unknown): { m: number; d: number; o: number } | null {
  if (u === null || typeof u !== 'object') {
    return null;
  }
  const unit = u as Obj;
  const m = typeof unit.m === 'number' ? unit.m : 1;
  const d = typeof unit.d === 'number' && unit.d !== 0 ? unit.d : 1;
  const o = typeof unit.o === 'number' ? unit.o : 0;
  return { m, d, o };
}

/** How a stream's stored `value`s become `output_value`s, and how many decimals `display_value` shows. */
export interface OutputConversion {
  apply(value: number | null): number | null;
  readonly decimalPlaces: number | null;
}

/**
 * The server's StreamDataDisplayHelper: `output = o + value * m / d` with the stream's output unit, after
 * the same for the stream it derives from (its `derived_stream`), if any; `value` itself without units.
 */
export function outputConversion(streamObj: Obj | undefined, store?: Store): OutputConversion {
  const chain: Array<{ m: number; d: number; o: number }> = [];
  const seen = new Set<Obj>();
  for (let s: Obj | undefined = streamObj; s && !seen.has(s); ) {
    seen.add(s);
    const mdo = unitMdo(s.output_unit);
    if (mdo) {
      chain.unshift(mdo);
    }
    const derived =
      typeof s.derived_stream === 'string'
        ? tryParse(() => parseStreamSlug(String(s?.derived_stream)))
        : null;
    s = derived ? store?.streams.get(derived.slug) : undefined;
  }
  const places = (streamObj?.output_unit as Obj | null | undefined)?.decimal_places;
  return {
    apply(value) {
      if (value === null) {
        return null;
      }
      let out = value;
      for (const { m, d, o } of chain) {
        out = o + (out * m) / d;
      }
      return out;
    },
    decimalPlaces: typeof places === 'number' && places >= 0 && places <= 20 ? places : null,
  };
}

/** The output value as text, with the output unit's decimal places when it has them. */
function displayValue(v: number | null, conversion: OutputConversion): string {
  if (v === null) {
    return '';
  }
  return conversion.decimalPlaces === null ? String(v) : v.toFixed(conversion.decimalPlaces);
}

/** A row of `/stream/{slug}/data/` (StreamIdDataSerializer). */
export function streamDataPoint(point: DataPoint, conversion: OutputConversion): Schema<'StreamDataPoint'> {
  const output = conversion.apply(point.value);
  return {
    type: point.type,
    timestamp: formatSecondsZ(point.timestamp),
    int_value: point.intValue,
    value: point.value,
    display_value: point.displayValue ?? displayValue(output ?? point.intValue, conversion),
    output_value: output,
    streamer_local_id: point.streamerLocalId,
  };
}

/** A JSON number (JSON has no NaN or Infinity: those are null, as `JSON.stringify` writes them). */
function jsonNumber(v: number | null): string {
  return v === null || !Number.isFinite(v) ? 'null' : String(v);
}

/**
 * `JSON.stringify(streamDataPoint(point, conversion))`, written directly: pages of stream data are the
 * mock's hot path, and building the text beats building an object and serialising it.
 */
export function streamDataPointJson(
  point: DataPoint,
  conversion: OutputConversion,
  times: SecondsZFormatter,
): JsonText<Schema<'StreamDataPoint'>> {
  const output = conversion.apply(point.value);
  const display = point.displayValue ?? displayValue(output ?? point.intValue, conversion);
  return (
    `{"type":"${point.type}","timestamp":"${times.format(point.timestamp)}","int_value":${jsonNumber(point.intValue)},` +
    `"value":${jsonNumber(point.value)},"display_value":${JSON.stringify(display)},"output_value":${jsonNumber(output)},` +
    `"streamer_local_id":${jsonNumber(point.streamerLocalId)}}`
  );
}

/** The slug-derived fields of a data row or event: `project`, `device`, `variable`. */
export interface SlugFields {
  stream: string;
  project: string;
  device: string;
  variable: string;
}

export function slugFields(streamSlug: string): SlugFields {
  const p = parseStreamSlug(streamSlug);
  return { stream: p.slug, project: p.project, device: p.device, variable: p.variable };
}

/** `JSON.stringify(dataPoint(point, f))`, written directly (the `/data/` hot path). */
export function dataPointJson(
  point: DataPoint,
  f: SlugFields,
  times: SecondsZFormatter,
): JsonText<Schema<'DataPoint'>> {
  return (
    `{"id":${point.id},"stream":"${f.stream}","project":"${f.project}","device":"${f.device}","variable":"${f.variable}",` +
    `"type":"${point.type}","device_timestamp":${jsonNumber(point.deviceTimestamp)},"timestamp":"${times.format(point.timestamp)}",` +
    `"int_value":${jsonNumber(point.intValue)},"value":${jsonNumber(point.value)},"streamer_local_id":${jsonNumber(point.streamerLocalId)},` +
    `"dirty_ts":${point.dirtyTs},"status":"${point.status}"}`
  );
}

/** A row of `/data/` (StreamDataSerializer). */
export function dataPoint(point: DataPoint, f: SlugFields): Schema<'DataPoint'> {
  return {
    id: point.id,
    stream: f.stream,
    project: f.project,
    device: f.device,
    variable: f.variable,
    type: point.type,
    device_timestamp: point.deviceTimestamp,
    timestamp: formatSecondsZ(point.timestamp),
    int_value: point.intValue,
    value: point.value,
    streamer_local_id: point.streamerLocalId,
    dirty_ts: point.dirtyTs,
    status: point.status,
  };
}

export function event(e: Obj): Schema<'Event'> {
  const f = tryParse(() => slugFields(String(e.stream)));
  const out = pick<Schema<'Event'>>(e, {
    id: Number(e.id),
    stream: f?.stream ?? String(e.stream),
    project: f?.project ?? null,
    device: f?.device ?? null,
    variable: f?.variable ?? null,
    s3bucket: null,
    s3key: null,
    ext: 'json',
    has_raw_data: false,
    device_timestamp: null,
    timestamp: String(e.timestamp),
    streamer_local_id: 0,
    dirty_ts: false,
    status: 'unk',
    extra_data: null,
  });
  out.timestamp = drfTime(out.timestamp);
  return out;
}

export function streamer(t: Obj): Schema<'Streamer'> {
  const selector = typeof t.selector === 'number' ? t.selector : 0xffff;
  const out = pick<Schema<'Streamer'>>(t, {
    id: Number(t.id),
    slug: String(t.slug),
    device: `d--${String(t.slug).slice(3, 22)}`,
    process_engine_ver: 2,
    index: Number.parseInt(String(t.slug).slice(-4), 16),
    last_id: 0,
    last_reboot_ts: null,
    // The real server: only the system selector is a system streamer (the Python mock tests bit 11).
    is_system: selector === 0x5fff,
    selector,
  });
  out.is_system = selector === 0x5fff;
  out.last_reboot_ts = drfTime(out.last_reboot_ts);
  return out;
}

export function streamerReport(r: Obj): Schema<'StreamerReport'> {
  const out = pick<Schema<'StreamerReport'>>(r, {
    id: String(r.id),
    original_first_id: null,
    original_last_id: null,
    actual_first_id: null,
    actual_last_id: null,
    streamer: '',
    sent_timestamp: null,
    device_sent_timestamp: null,
    incremental_id: null,
    time_epsilon: 1,
    created_on: FIXED_TIME,
    created_by: '',
  });
  out.sent_timestamp = drfTime(out.sent_timestamp);
  out.created_on = drfTime(out.created_on);
  return out;
}

export function fleet(f: Obj): Schema<'Fleet'> {
  const slug = String(f.slug);
  const out = pick<Schema<'Fleet'>>(f, {
    id: Number.parseInt(slug.slice(3).replace(/-/g, ''), 16),
    name: '',
    slug,
    org: '',
    description: '',
    created_on: FIXED_TIME,
    created_by: '',
    is_network: false,
  });
  out.created_on = drfTime(out.created_on);
  return out;
}

export function fleetMember(m: FleetMember): Schema<'FleetDevice'> {
  return { device: m.device, always_on: m.alwaysOn, is_access_point: m.isAccessPoint };
}

function propertyType(p: Obj): Component<'PropertyType'> {
  if (p.type === 'int' || p.type === 'str' || p.type === 'bool') {
    return p.type;
  }
  return typeof p.value === 'boolean' ? 'bool' : typeof p.value === 'number' ? 'int' : 'str';
}

function propertyValue(v: unknown): Component<'PropertyValue'> {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : '';
}

export function property(p: Obj): Schema<'Property'> {
  return {
    id: Number(p.id),
    name: String(p.name),
    value: propertyValue(p.value),
    type: propertyType(p),
    is_system: p.is_system === true,
    target: String(p.target),
  };
}

/** A property as listed under its object (`/device/{slug}/properties/`): no `target`. */
export function targetProperty(p: Obj): Schema<'TargetProperty'> {
  const { target: _target, ...rest } = property(p);
  return rest;
}

export function varType(v: Obj): Schema<'VarType'> {
  const inputs: unknown[] = Array.isArray(v.available_input_units) ? v.available_input_units : [];
  const outputs: unknown[] = Array.isArray(v.available_output_units) ? v.available_output_units : [];
  return {
    ...pick<Omit<Schema<'VarType'>, 'storage_units_short'>>(v, {
      name: String(v.slug),
      slug: String(v.slug),
      available_input_units: [],
      available_output_units: [],
      stream_data_type: 'D0',
      decoder: null,
      schema: null,
      storage_units_full: '',
    }),
    available_input_units: inputs.map(inputUnit).filter((u) => u !== null),
    available_output_units: outputs.map(outputUnit).filter((u) => u !== null),
    storage_units_short: '',
  };
}

function versionString(major: unknown, minor: unknown, patch?: unknown): string {
  const n = (x: unknown) => (typeof x === 'number' ? x : 0);
  return patch === undefined ? `v${n(major)}.${n(minor)}` : `v${n(major)}.${n(minor)}.${n(patch)}`;
}

export function sensorGraph(g: Obj): Schema<'SensorGraph'> {
  const out = pick<Schema<'SensorGraph'>>(g, {
    id: 1,
    name: String(g.slug),
    slug: String(g.slug),
    org: null,
    project_template: null,
    variable_templates: [],
    display_widget_templates: [],
    ui_extra: null,
    report_processing_engine_ver: 2,
    major_version: 0,
    minor_version: 0,
    patch_version: 0,
    version: '',
    app_tag: 0,
    app_major_version: 0,
    app_version: '',
    created_on: FIXED_TIME,
  });
  if (out.version === '') {
    out.version = versionString(out.major_version, out.minor_version, out.patch_version);
  }
  if (out.app_version === '') {
    out.app_version = versionString(out.app_major_version, g.app_minor_version);
  }
  out.created_on = drfTime(out.created_on);
  return out;
}

export function deviceTemplate(t: Obj): Schema<'DeviceTemplate'> {
  const out = pick<Schema<'DeviceTemplate'>>(t, {
    id: uuidFrom(`dt:${String(t.slug)}`),
    external_sku: String(t.slug),
    internal_sku: String(t.slug),
    family: '',
    slug: String(t.slug),
    org: null,
    version: 'v0.0.0',
    os_tag: 0,
    os_version: 'v0.0',
    hw_tag: 0,
    hw_version: 'v0',
    slots: [],
    created_on: FIXED_TIME,
    released_on: FIXED_TIME.slice(0, 10),
  });
  out.created_on = drfTime(out.created_on);
  return out;
}

/** A generated report (GeneratedUserReportSerializer); `url` is always null. */
export function generatedReport(r: Obj): Schema<'GeneratedReport'> {
  const out = pick<Schema<'GeneratedReport'>>(r, {
    id: String(r.id),
    label: '',
    source_ref: '',
    user_info: { username: '', slug: '', tiny_avatar: '' },
    url: null,
    report: null,
    created_on: FIXED_TIME,
    created_by: '',
    org: '',
    index_file: null,
    status: 'G0',
  });
  out.url = null;
  out.created_on = drfTime(out.created_on);
  return out;
}

/** A deployment request (DeploymentRequestSerializer). */
export function otaRequest(r: Obj): Schema<'OtaRequest'> {
  const out = pick<Schema<'OtaRequest'>>(r, {
    id: Number(r.id),
    script: '',
    selection_criteria: [],
    org: null,
    fleet: null,
    released_on: null,
    completed_on: null,
  });
  out.released_on = drfTime(out.released_on);
  out.completed_on = drfTime(out.completed_on);
  return out;
}

/** A deployment action (DeploymentActionSerializer). */
export function otaAction(a: Obj): Schema<'OtaAction'> {
  const out = pick<Schema<'OtaAction'>>(a, {
    id: Number(a.id),
    deployment: Number(a.deployment),
    device: String(a.device),
    created_on: FIXED_TIME,
    last_attempt_on: null,
    attempt_successful: false,
    device_confirmation: false,
    log: null,
  });
  out.created_on = drfTime(out.created_on);
  out.last_attempt_on = drfTime(out.last_attempt_on);
  return out;
}

/** An action as listed in a device's OTA info (DeploymentActionReadOnlySerializer: five fields). */
export function otaDeviceAction(a: Obj): Schema<'OtaDeviceAction'> {
  const { id, deployment, last_attempt_on, attempt_successful, device_confirmation } = otaAction(a);
  return { id, deployment, last_attempt_on, attempt_successful, device_confirmation };
}

/** An OTA script (DeviceScriptSerializer). */
export function otaScript(s: Obj): Schema<'OtaScript'> {
  const out = pick<Schema<'OtaScript'>>(s, {
    slug: String(s.slug),
    gid: Number.parseInt(String(s.slug).slice(3).replace(/-/g, ''), 16),
    name: '',
    org: '',
    version: 'v0.0.0',
    created_on: FIXED_TIME,
    released: false,
    released_on: null,
  });
  out.created_on = drfTime(out.created_on);
  return out;
}

/** The file of an OTA script (`/ota/script/{slug}/file/`). */
export function otaScriptFile(f: Obj): Schema<'OtaScriptFile'> {
  return pick<Schema<'OtaScriptFile'>>(f, {
    name: '',
    url: null,
    key: null,
    major_version: 0,
    minor_version: 0,
    patch_version: 0,
  });
}

/** A device's OTA info: the released requests that reach it, its actions and versions. */
export function otaDeviceInfo(
  d: Obj,
  deployments: readonly Obj[],
  actions: readonly Obj[],
): Schema<'OtaDeviceInfo'> {
  const base = pick<Pick<Schema<'OtaDeviceInfo'>, 'slug' | 'template' | 'sg' | 'versions'>>(d, {
    slug: String(d.slug),
    template: null,
    sg: null,
    versions: [],
  });
  return {
    slug: base.slug,
    template: base.template,
    sg: base.sg,
    deployments: deployments.map(otaRequest),
    actions: actions.map(otaDeviceAction),
    versions: base.versions,
  };
}

/** A note (StreamNoteSerializer); `user_info` from the note or from its author's account. */
export function note(n: Obj, store: Store): Schema<'Note'> {
  const author = typeof n.created_by === 'string' ? n.created_by : '';
  const user = store.userByUsername(author);
  const given = n.user_info as Obj | null | undefined;
  const type = n.type;
  return {
    id: Number(n.id),
    target: String(n.target),
    timestamp: drfTime(String(n.timestamp)),
    note: typeof n.note === 'string' ? n.note : null,
    type: type === 'sc' || type === 'si' || type === 'fi' ? type : 'ui',
    user_info:
      given && typeof given.username === 'string' && typeof given.slug === 'string'
        ? {
            username: given.username,
            slug: given.slug,
            tiny_avatar: typeof given.tiny_avatar === 'string' ? given.tiny_avatar : '',
          }
        : {
            username: `@${user?.username ?? author}`,
            slug: user?.slug ?? author,
            tiny_avatar: user ? gravatar(user.email, 28) : '',
          },
    attachment: null,
  };
}

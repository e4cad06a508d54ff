/**
 * Fixture loading: the Python mock's `add_data` format (a JSON object with `users` email -> password,
 * and arrays `devices`, `datablocks`, `streams`, `properties`, `projects`, `events`), plus a few sections
 * of our own (`orgs`, `fleets`, `streamers`, `sgs`, `dts`, `vartypes`, `data`). Everything is checked before
 * anything is stored: a bad fixture changes nothing and throws a `FixtureError` naming the source, the
 * item and the problem.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addMember, type NewMembership } from './access.js';
import type { Component, Schema, SchemaName } from './api-types.js';
import { FixtureError } from './fixture-error.js';
import { DataFormatError, pointFromJson } from './points.js';
import { DEFAULT_ROLE, isOrgRole, ORG_ROLES, rolePermissions } from './roles.js';
import { uuidFrom } from './serializers.js';
import {
  blockSlug,
  deviceSlug,
  fleetSlug,
  isUuid,
  normaliseStreamerSlug,
  parseStreamSlug,
  SlugError,
} from './slugs.js';
import type { Obj, OrgInvitation, Store } from './store.js';
import { TABLE_SECTIONS } from './table-sections.js';

/** A user entry: the password, or an object with the password and account fields. */
export type FixtureUser =
  | string
  | {
      password: string;
      username?: string;
      name?: string;
      tagline?: string;
      is_staff?: boolean;
      is_active?: boolean;
    };

/**
 * An object of a fixture section: as the API returns it (the spec's schema `Name`), with any field left
 * out but the `Required` ones. The mock fills in the rest the way the server would.
 */
export type FixtureItem<Name extends SchemaName, Required extends keyof Schema<Name>> = Partial<
  Schema<Name>
> &
  Pick<Schema<Name>, Required>;

/** A unit as a fixture gives it: any field may be left out (`m`, `d` default to 1, `o` to 0). */
type FixtureUnits<Item> = Omit<Item, 'input_unit' | 'output_unit'> & {
  input_unit?: Partial<Schema<'InputUnit'>> | null;
  output_unit?: Partial<Schema<'OutputUnit'>> | null;
};

/** A data point in the `<stream-slug>.json` format: a timestamp and `int_value` or `value`. */
export type FixturePoint = Pick<Schema<'StreamDataPoint'>, 'timestamp'> &
  Partial<
    Pick<
      Schema<'StreamDataPoint'>,
      'type' | 'int_value' | 'value' | 'display_value' | 'output_value' | 'streamer_local_id'
    > &
      Pick<Schema<'DataPoint'>, 'device_timestamp' | 'dirty_ts' | 'status'>
  >;

/** A stream-filter log entry, as `/device/{slug}/filterlog/` shows it. */
type FilterLog = Schema<'DeviceFilterLogs'>['device_filter_logs'][number];

/** An org membership in a fixture (`orgs[].members`). */
export interface FixtureMember {
  /** The member's username (its account slug). */
  user: string;
  role?: Component<'OrgRole'>;
  is_active?: boolean;
  is_org_admin?: boolean;
  /** Permission name -> granted, over the role's permissions (those not given stay the role's). */
  permissions?: Record<string, boolean>;
  created_on?: string;
}

/** An org invitation in a fixture (`orgs[].invitations`). */
export interface FixtureInvitation {
  email: string;
  /** The inviting account's username. */
  sent_by: string;
  sent_on?: string | null;
  /** Accepted invitations are not pending. */
  accepted?: boolean;
  role?: Component<'OrgRole'>;
}

/**
 * The fixture format. Every section is optional. Objects are as the API returns them, with fields left
 * out (files are read without these types: their extra fields are ignored).
 */
export interface FixtureData {
  users?: Record<string, FixtureUser>;
  /**
   * `lat`/`lon` may also be numbers (they are sent as decimal strings). `status` holds the device's
   * health-check settings and upload status (`/device/{slug}/status/`, `health/`); left-out fields take
   * the server's defaults (checks disabled, every 7200 s, no upload yet). A device's data mask is an event
   * on its `5a09` system stream (`extra_data: {start, end, events: [], data: []}`), in `events`.
   */
  devices?: Array<
    Omit<FixtureItem<'Device', 'slug'>, 'lat' | 'lon'> & {
      lat?: string | number | null;
      lon?: string | number | null;
      status?: Partial<Omit<Schema<'DeviceStatus'>, 'alert'>>;
    }
  >;
  /**
   * Data blocks. `completed_on` is when the archive finished (`/datablock/datatable/` shows it; null: still
   * processing).
   */
  datablocks?: Array<FixtureItem<'DataBlock', 'slug'> & { completed_on?: string | null }>;
  /** Stream-filter log entries (`/device/{slug}/filterlog/` shows those of the device's streams). */
  filter_logs?: Array<
    Pick<FilterLog, 'uuid' | 'target_slug'> & Partial<Omit<FilterLog, 'uuid' | 'target_slug'>>
  >;
  /**
   * Locations (`/location/`) of devices, data blocks or streams (`target`); `id` is given when left out,
   * `user` is the recording account's username.
   */
  locations?: Array<
    Omit<FixtureItem<'Location', 'timestamp' | 'target'>, 'lat' | 'lon'> & {
      lat?: string | number;
      lon?: string | number;
    }
  >;
  streams?: FixtureUnits<FixtureItem<'Stream', 'slug'>>[];
  /** `id` is given when left out. */
  properties?: FixtureItem<'Property', 'name' | 'target'>[];
  projects?: FixtureItem<'Project', 'id'>[];
  events?: FixtureItem<'Event', 'id' | 'stream' | 'timestamp'>[];
  /**
   * Orgs. `is_vendor`: a vendor org (not shown by the API) may own sensor graphs, device templates,
   * project templates and OTA scripts; vendors' deployment requests reach every device of their templates.
   * `members` are the org's memberships (`/org/{slug}/members/`): `user` is the member's username
   * (its account slug), `role` one of `a0` owner, `a1` admin, `m1` member (the default), `r1` operator,
   * `d1` developer, `s0` support; `permissions` default to the role's, `is_org_admin` to true for `a0` and
   * `a1`. An org that lists members is scoped as on the server (only members see it); an org without
   * members stays open to every user. `invitations` are the e-mails invited to join
   * (`/org/{slug}/pending/` lists those not `accepted`), `sent_by` a username.
   */
  orgs?: Array<
    FixtureItem<'Org', 'slug'> & {
      members?: FixtureMember[];
      invitations?: FixtureInvitation[];
      is_vendor?: boolean;
    }
  >;
  /** `members` are the fleet's devices (`/fleet/{slug}/devices/`), `always_on` true unless given. */
  fleets?: Array<
    FixtureItem<'Fleet', 'slug'> & { members?: Array<Partial<Schema<'FleetDevice'>> & { device: string }> }
  >;
  /** `id` is given when left out. */
  streamers?: FixtureItem<'Streamer', 'slug'>[];
  /**
   * `app_minor_version` makes `app_version` (`v<major>.<minor>`) when that is left out. `active: false`
   * hides a sensor graph or device template from users' lists (and a device template from users).
   */
  sgs?: Array<FixtureItem<'SensorGraph', 'slug'> & { app_minor_version?: number; active?: boolean }>;
  dts?: Array<FixtureItem<'DeviceTemplate', 'slug'> & { active?: boolean }>;
  vartypes?: Array<
    Omit<FixtureItem<'VarType', 'slug'>, 'available_input_units' | 'available_output_units'> & {
      available_input_units?: Partial<Schema<'InputUnit'>>[];
      available_output_units?: Partial<Schema<'OutputUnit'>>[];
    }
  >;
  /** Stream data by stream slug. */
  data?: Record<string, FixturePoint[]>;
  /**
   * Notes (`/note/`); `id` is given when left out. `created_by` is the author's username (the `user_info`
   * the server shows is made from it when the note does not give one).
   */
  notes?: Array<FixtureItem<'Note', 'target' | 'timestamp'> & { created_by?: string }>;
  /** Streamer reports (`/streamer/report/`), the records the server keeps of uploads; `id` is given when left out. */
  reports?: FixtureItem<'StreamerReport', 'streamer'>[];
  /** Raw event documents (`/event/{id}/data/`) by event id; the event gets `has_raw_data`. */
  event_data?: Record<string, unknown>;
  /**
   * Hardware components (`/component/`). The slug is made from `external_sku` and the version parts
   * (`major_version`, ...: write-only in the API, kept here) when left out.
   */
  components?: Array<
    Partial<Schema<'Component'>> &
      Pick<Schema<'Component'>, 'external_sku'> & {
        major_version?: number;
        minor_version?: number;
        patch_version?: number;
      }
  >;
  /**
   * Org API keys (`Authorization: Api-Key <key>`), never shown by the API: `key` is `<prefix>.<secret>`;
   * a `revoked` key, or one past its `expiry_date`, is refused.
   */
  api_keys?: Array<{
    key: string;
    org: string;
    name?: string;
    revoked?: boolean;
    expiry_date?: string | null;
  }>;
  /**
   * Org templates (`/ot/`) and project templates (`/pt/`). The slug is made from `name` and the version
   * parts (write-only in the API, kept here) when left out; `id` is given when left out; `active: false`
   * hides one from non-staff users.
   */
  org_templates?: Array<FixtureItem<'OrgTemplate', 'name'> & VersionParts & { active?: boolean }>;
  project_templates?: Array<FixtureItem<'ProjectTemplate', 'name'> & VersionParts & { active?: boolean }>;
  /** Variable and display-widget templates of sensor graphs, as `/vartemplate/` and `/widget/` write them. */
  variable_templates?: FixtureItem<'VariableTemplateWritten', 'sg'>[];
  display_widget_templates?: FixtureItem<'DisplayWidgetTemplateWritten', 'sg'>[];
  /** Property templates (`/propertytemplate/`) with their allowed values (`enums`). */
  property_templates?: FixtureItem<'PropertyTemplate', 'org' | 'name'>[];
  /** Config attribute names (`/config/name/`; a name starts with `:`) and attributes (`/config/attr/`). */
  config_names?: FixtureItem<'ConfigAttributeName', 'name'>[];
  config_attributes?: FixtureItem<'ConfigAttribute', 'target' | 'name'>[];
  /**
   * Device keys (`/key/`): `slug` is the device, `type` one of `USR`, `SSH`, `X-API-KEY`, `A-JWT-KEY`,
   * `MQTT`; `downloadable` ones show in `/production/device/?keys=1` and `/device/{slug}/key/?type=`.
   */
  device_keys?: FixtureItem<'DeviceKeyStored', 'slug' | 'secret'>[];
  /**
   * Device version attributes (`/ota/version/`); `major_version`/`minor_version` (write-only in the API)
   * make `version`.
   */
  device_versions?: Array<
    Omit<FixtureItem<'DeviceVersionAttribute', 'device' | 'type' | 'tag'>, 'version'> & {
      id?: number;
      major_version?: number;
      minor_version?: number;
    }
  >;
  /**
   * OTA scripts (`/ota/script/`, slugs `z--0000-0001`), deployment requests (`/ota/request/`) and actions
   * (`/ota/action/`). A script's `file` is what `file/` shows; a request reaches devices once `released_on`
   * is past and while `completed_on` is null.
   */
  ota_scripts?: Array<
    FixtureItem<'OtaScript', 'slug'> & VersionParts & { file?: Partial<Schema<'OtaScriptFile'>> }
  >;
  ota_requests?: Array<
    Omit<FixtureItem<'OtaRequest', 'script'>, 'released_on' | 'completed_on'> & {
      released_on?: string | null;
      completed_on?: string | null;
    }
  >;
  ota_actions?: FixtureItem<'OtaAction', 'deployment' | 'device'>[];
  /** Stream variables (`/variable/`), keyed by `v--` slug; units as in `streams`. */
  variables?: FixtureUnits<FixtureItem<'Variable', 'slug'>>[];
  /**
   * Stream filters (`/filter/`), keyed by integer `id` (given when left out). The slug is made from
   * `input_stream`, or from `project`, `device` and `variable`, when left out; `created_by` is a user id.
   * Their states, transitions, triggers and actions are the next four sections.
   */
  stream_filters?: Array<
    Partial<Omit<Schema<'StreamFilter'>, 'states' | 'transitions'>> &
      Pick<Schema<'StreamFilter'>, 'project' | 'variable'>
  >;
  /** States of stream filters: `filter` is the filter's slug. */
  filter_states?: Array<Partial<Pick<Schema<'StreamFilterState'>, 'id'>> & { filter: string; label: string }>;
  /** Transitions (UUID `id`, given when left out) between states (`src`, `dst`: state ids) of `filter`. */
  filter_transitions?: Array<
    Partial<Pick<Schema<'StreamFilterTransition'>, 'id'>> &
      Pick<Schema<'StreamFilterTransition'>, 'src' | 'dst'> & { filter: string }
  >;
  /** Triggers of `filter`, on the transition whose UUID `transition` names (or none). */
  filter_triggers?: Array<
    Partial<Schema<'StreamFilterTrigger'>> &
      Pick<Schema<'StreamFilterTrigger'>, 'operator'> & { filter: string; transition?: string | null }
  >;
  /** Actions, on the state whose id `state` names (or none). */
  filter_actions?: Array<Partial<Schema<'StreamFilterAction'>> & Pick<Schema<'StreamFilterAction'>, 'type'>>;
  /** Stream aliases (`/alias/`), keyed by integer `id`; the slug (`a--`) is made from the id. */
  stream_aliases?: FixtureItem<'StreamAlias', 'name' | 'org'>[];
  /** Stream alias taps (`/tap/`), keyed by integer `id`. */
  stream_alias_taps?: FixtureItem<'StreamAliasTap', 'alias' | 'timestamp' | 'stream'>[];
  /** Generated reports (`/report/generated/`), keyed by UUID `id` (given when left out). */
  generated_reports?: Array<FixtureItem<'GeneratedReport', 'label' | 'org'> & { created_by?: string }>;
}

/** The write-only version parts of templates and scripts, kept by fixtures. */
export interface VersionParts {
  major_version?: number;
  minor_version?: number;
  patch_version?: number;
}

const SECTIONS = new Set([
  ...Object.keys(TABLE_SECTIONS),
  'users',
  'devices',
  'datablocks',
  'streams',
  'properties',
  'projects',
  'events',
  'orgs',
  'fleets',
  'streamers',
  'sgs',
  'dts',
  'vartypes',
  'data',
  'notes',
  'reports',
  'event_data',
]);

function isObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Reads a fixture file (path or file URL), naming the file in every error. */
export function readFixtureFile(path: string | URL): { source: string; data: unknown } {
  const file = path instanceof URL ? fileURLToPath(path) : path;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FixtureError(
      `${file}: cannot read fixture file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  try {
    return { source: file, data: JSON.parse(text) };
  } catch (err) {
    throw new FixtureError(`${file}: invalid JSON (${(err as Error).message})`);
  }
}

type Staged = Array<() => void>;

/** Checks an org's `members` and `invitations`; returns them ready to store. */
function orgPeopleOf(
  source: string,
  i: number,
  item: Obj,
): { members: Array<{ user: string; options: NewMembership }>; invitations: OrgInvitation[] } {
  const where = `${source}: orgs[${i}]`;
  const arrayOf = (key: string): Obj[] => {
    const value = item[key];
    if (value === undefined) {
      return [];
    }
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw new FixtureError(`${where}: "${key}" must be an array of objects`);
    }
    return value;
  };
  const members = arrayOf('members').map((m, j) => {
    if (typeof m.user !== 'string' || m.user === '') {
      throw new FixtureError(`${where}.members[${j}]: missing "user" (a username)`);
    }
    if (m.role !== undefined && !isOrgRole(m.role)) {
      throw new FixtureError(
        `${where}.members[${j}]: "role" must be one of ${Object.keys(ORG_ROLES).join(', ')}; got ${JSON.stringify(m.role)}`,
      );
    }
    if (m.permissions !== undefined && !isObject(m.permissions)) {
      throw new FixtureError(`${where}.members[${j}]: "permissions" must be an object of booleans`);
    }
    const options: NewMembership = {
      ...(m.role === undefined ? {} : { role: m.role as string }),
      ...(m.is_active === undefined ? {} : { isActive: m.is_active !== false }),
      ...(m.is_org_admin === undefined ? {} : { isOrgAdmin: m.is_org_admin === true }),
      ...(m.permissions === undefined
        ? {}
        : {
            // Given permissions override the role's, one by one.
            permissions: {
              ...rolePermissions(typeof m.role === 'string' ? m.role : DEFAULT_ROLE),
              ...(m.permissions as Record<string, boolean>),
            },
          }),
      ...(typeof m.created_on === 'string' ? { createdOn: m.created_on } : {}),
    };
    return { user: m.user, options };
  });
  const invitations = arrayOf('invitations').map((inv, j): OrgInvitation => {
    if (typeof inv.email !== 'string' || typeof inv.sent_by !== 'string') {
      throw new FixtureError(`${where}.invitations[${j}]: needs "email" and "sent_by" (a username) strings`);
    }
    return {
      email: inv.email,
      sentBy: inv.sent_by,
      sentOn: typeof inv.sent_on === 'string' ? inv.sent_on : null,
      accepted: inv.accepted === true,
      role: isOrgRole(inv.role) ? inv.role : DEFAULT_ROLE,
    };
  });
  return { members, invitations };
}

function list(source: string, data: Obj, key: string): Obj[] {
  const value = data[key];
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new FixtureError(`${source}: "${key}" must be an array of objects`);
  }
  value.forEach((item, i) => {
    if (!isObject(item)) {
      throw new FixtureError(`${source}: ${key}[${i}] must be an object`);
    }
  });
  return value as Obj[];
}

function slugField(source: string, where: string, item: Obj, normalise: (s: string) => string): string {
  if (typeof item.slug !== 'string') {
    throw new FixtureError(`${source}: ${where}: missing "slug" (a string)`);
  }
  try {
    return normalise(item.slug);
  } catch (err) {
    if (err instanceof SlugError) {
      throw new FixtureError(`${source}: ${where}: ${err.message}`);
    }
    throw err;
  }
}

const anySlug = (s: string): string => {
  if (!/^[\w-]+$/.test(s)) {
    throw new SlugError(`expected letters, digits, "-" and "_"; got "${s}"`, s);
  }
  return s;
};

/**
 * Checks a fixture and returns the changes it makes, to be applied only when the whole fixture is valid.
 */
function stage(store: Store, source: string, raw: unknown): Staged {
  if (!isObject(raw)) {
    throw new FixtureError(`${source}: a fixture must be a JSON object`);
  }
  for (const key of Object.keys(raw)) {
    if (!SECTIONS.has(key)) {
      throw new FixtureError(`${source}: unknown section "${key}" (known: ${[...SECTIONS].join(', ')})`);
    }
  }
  const ops: Staged = [];

  const users = raw.users;
  if (users !== undefined) {
    if (!isObject(users)) {
      throw new FixtureError(`${source}: "users" must be an object mapping e-mail to password`);
    }
    for (const [email, entry] of Object.entries(users)) {
      if (typeof entry === 'string') {
        ops.push(() => store.addUser(email, entry));
      } else if (isObject(entry) && typeof entry.password === 'string') {
        const e = entry as Exclude<FixtureUser, string>;
        ops.push(() =>
          store.addUser(email, e.password, {
            ...(e.username === undefined ? {} : { username: e.username }),
            name: e.name ?? '',
            tagline: e.tagline ?? '',
            isStaff: e.is_staff === true,
            isActive: e.is_active !== false,
          }),
        );
      } else {
        throw new FixtureError(`${source}: users["${email}"] must be a password string or {password, ...}`);
      }
    }
  }

  const keyed = (
    key: string,
    target: Map<string, Obj>,
    normalise: (s: string) => string,
    after?: (item: Obj, slug: string) => void,
  ) => {
    list(source, raw, key).forEach((item, i) => {
      const slug = slugField(source, `${key}[${i}]`, item, normalise);
      ops.push(() => {
        const stored = { ...item, slug };
        target.set(slug, stored);
        after?.(stored, slug);
      });
    });
  };

  keyed('devices', store.devices, deviceSlug, (item) => {
    if (typeof item.id === 'number') {
      store.reserveId('device', item.id);
    }
  });
  keyed('datablocks', store.datablocks, blockSlug);
  keyed('streams', store.streams, (s) => parseStreamSlug(s).slug);
  const orgPeople = list(source, raw, 'orgs').map((item, i) => orgPeopleOf(source, i, item));
  let orgIndex = 0;
  keyed('orgs', store.orgs, anySlug, (item, slug) => {
    delete item.members;
    delete item.invitations;
    const people = orgPeople[orgIndex++];
    for (const m of people?.members ?? []) {
      addMember(store, slug, m.user, m.options);
    }
    for (const inv of people?.invitations ?? []) {
      let invitations = store.orgInvitations.get(slug);
      if (!invitations) {
        invitations = new Map();
        store.orgInvitations.set(slug, invitations);
      }
      invitations.set(inv.email, inv);
    }
  });
  const fleetMembers = new Map<
    number,
    Array<{ device: string; alwaysOn: boolean; isAccessPoint: boolean }>
  >();
  list(source, raw, 'fleets').forEach((item, i) => {
    if (item.members === undefined) {
      return;
    }
    if (!Array.isArray(item.members)) {
      throw new FixtureError(`${source}: fleets[${i}]: "members" must be an array`);
    }
    fleetMembers.set(
      i,
      item.members.map((m: unknown, j: number) => {
        const member = isObject(m) ? m : {};
        const device = slugField(source, `fleets[${i}].members[${j}]`, { slug: member.device }, deviceSlug);
        return {
          device,
          alwaysOn: member.always_on !== false,
          isAccessPoint: member.is_access_point === true,
        };
      }),
    );
  });
  let fleetIndex = 0;
  keyed('fleets', store.fleets, fleetSlug, (item, slug) => {
    if (!store.fleetMembers.has(slug)) {
      store.fleetMembers.set(slug, new Map());
    }
    delete item.members;
    const members = store.fleetMembers.get(slug);
    for (const m of fleetMembers.get(fleetIndex++) ?? []) {
      members?.set(m.device, m);
    }
  });
  list(source, raw, 'streamers').forEach((item, i) => {
    if (item.id !== undefined && !Number.isSafeInteger(item.id)) {
      throw new FixtureError(`${source}: streamers[${i}]: "id" must be an integer`);
    }
  });
  keyed('streamers', store.streamers, normaliseStreamerSlug, (item) => {
    // The server's streamers have integer ids; one the fixture leaves out is given, as for properties.
    if (typeof item.id === 'number') {
      store.reserveId('streamer', item.id);
    } else {
      item.id = store.nextId('streamer');
    }
  });
  keyed('sgs', store.sgs, anySlug);
  keyed('dts', store.dts, anySlug);
  keyed('vartypes', store.vartypes, anySlug);

  list(source, raw, 'projects').forEach((item, i) => {
    if (typeof item.id !== 'string' || !isUuid(item.id)) {
      throw new FixtureError(`${source}: projects[${i}]: "id" must be a UUID string`);
    }
    const id = item.id.toLowerCase();
    ops.push(() => store.projects.set(id, { ...item, id }));
  });

  list(source, raw, 'properties').forEach((item, i) => {
    if (typeof item.name !== 'string' || typeof item.target !== 'string') {
      throw new FixtureError(`${source}: properties[${i}]: needs "name" and "target" strings`);
    }
    if (item.id !== undefined && !Number.isSafeInteger(item.id)) {
      throw new FixtureError(`${source}: properties[${i}]: "id" must be an integer`);
    }
    ops.push(() => {
      const id = typeof item.id === 'number' ? item.id : store.nextId('property');
      store.reserveId('property', id);
      store.properties.set(id, { ...item, id });
    });
  });

  list(source, raw, 'events').forEach((item, i) => {
    if (!Number.isSafeInteger(item.id)) {
      throw new FixtureError(`${source}: events[${i}]: "id" must be an integer`);
    }
    if (typeof item.stream !== 'string') {
      throw new FixtureError(`${source}: events[${i}]: missing "stream" (a stream slug)`);
    }
    let stream: string;
    try {
      stream = parseStreamSlug(item.stream).slug;
    } catch (err) {
      throw new FixtureError(`${source}: events[${i}]: ${(err as Error).message}`);
    }
    if (typeof item.timestamp !== 'string') {
      throw new FixtureError(`${source}: events[${i}]: missing "timestamp" (an ISO-8601 string)`);
    }
    ops.push(() => {
      store.reserveId('event', item.id as number);
      store.events.set(item.id as number, { ...item, stream });
    });
  });

  list(source, raw, 'notes').forEach((item, i) => {
    if (typeof item.target !== 'string' || typeof item.timestamp !== 'string') {
      throw new FixtureError(`${source}: notes[${i}]: needs "target" and "timestamp" strings`);
    }
    if (item.id !== undefined && !Number.isSafeInteger(item.id)) {
      throw new FixtureError(`${source}: notes[${i}]: "id" must be an integer`);
    }
    ops.push(() => {
      const id = typeof item.id === 'number' ? item.id : store.nextId('note');
      store.reserveId('note', id);
      store.notes.set(id, { ...item, id });
    });
  });

  list(source, raw, 'reports').forEach((item, i) => {
    if (typeof item.streamer !== 'string') {
      throw new FixtureError(`${source}: reports[${i}]: missing "streamer" (a streamer slug)`);
    }
    let streamer: string;
    try {
      streamer = normaliseStreamerSlug(item.streamer);
    } catch (err) {
      throw new FixtureError(`${source}: reports[${i}]: ${(err as Error).message}`);
    }
    if (item.id !== undefined && (typeof item.id !== 'string' || !isUuid(item.id))) {
      throw new FixtureError(`${source}: reports[${i}]: "id" must be a UUID string`);
    }
    ops.push(() => {
      const id =
        typeof item.id === 'string'
          ? item.id.toLowerCase()
          : uuidFrom(`report:${streamer}:${store.reports.size}`);
      store.reports.set(id, { ...item, id, streamer });
    });
  });

  for (const [section, def] of Object.entries(TABLE_SECTIONS)) {
    const table = typeof def.table === 'string' ? store.table<string | number>(def.table) : def.table(store);
    const idKind = def.idKind ?? (typeof def.table === 'string' ? def.table : section);
    list(source, raw, section).forEach((item, i) => {
      const where = `${source}: ${section}[${i}]`;
      const problem = def.check?.(item);
      if (problem) {
        throw new FixtureError(`${where}: ${problem}`);
      }
      if (def.key === 'id') {
        if (item.id !== undefined && !Number.isSafeInteger(item.id)) {
          throw new FixtureError(`${where}: "id" must be an integer`);
        }
        ops.push(() => {
          const id = typeof item.id === 'number' ? item.id : store.nextId(idKind);
          store.reserveId(idKind, id);
          const obj = { ...item, id };
          def.complete?.(obj, store);
          table.set(id, obj);
        });
      } else if (def.key === 'slug') {
        const slug = slugField(source, `${section}[${i}]`, item, anySlug);
        ops.push(() => {
          const obj = { ...item, slug };
          def.complete?.(obj, store);
          table.set(slug, obj);
        });
      } else {
        const copy = { ...item };
        const key = def.key(copy);
        if (typeof key === 'object') {
          throw new FixtureError(`${where}: ${key.error}`);
        }
        ops.push(() => {
          def.complete?.(copy, store);
          table.set(key, copy);
        });
      }
    });
  }

  const eventData = raw.event_data;
  if (eventData !== undefined) {
    if (!isObject(eventData)) {
      throw new FixtureError(`${source}: "event_data" must be an object mapping event id to a document`);
    }
    for (const [key, doc] of Object.entries(eventData)) {
      if (!/^\d+$/.test(key)) {
        throw new FixtureError(`${source}: event_data["${key}"]: the key must be an event id (an integer)`);
      }
      ops.push(() => {
        const id = Number(key);
        store.eventData.set(id, doc);
        const e = store.events.get(id);
        if (e) {
          e.has_raw_data = true;
        }
      });
    }
  }

  const data = raw.data;
  if (data !== undefined) {
    if (!isObject(data)) {
      throw new FixtureError(`${source}: "data" must be an object mapping stream slug to an array of points`);
    }
    for (const [slugText, rows] of Object.entries(data)) {
      let slug: string;
      try {
        slug = parseStreamSlug(slugText).slug;
      } catch (err) {
        throw new FixtureError(`${source}: data["${slugText}"]: ${(err as Error).message}`);
      }
      if (!Array.isArray(rows)) {
        throw new FixtureError(`${source}: data["${slugText}"] must be an array of points`);
      }
      try {
        rows.forEach((row, i) => {
          pointFromJson(row, 0, `${source}: data["${slugText}"][${i}]`);
        });
      } catch (err) {
        throw err instanceof DataFormatError ? new FixtureError(err.message) : err;
      }
      ops.push(() => {
        const first = store.nextId('data', rows.length);
        store.appendPoints(
          slug,
          rows.map((row, i) => pointFromJson(row, first + i, `${source}: data["${slugText}"][${i}]`)),
        );
      });
    }
  }
  return ops;
}

/** Validates a fixture (file path, file URL or object) and adds it to the store. */
export function addFixture(store: Store, fileOrObject: string | URL | FixtureData): void {
  const { source, data } =
    typeof fileOrObject === 'string' || fileOrObject instanceof URL
      ? readFixtureFile(fileOrObject)
      : { source: 'fixture object', data: fileOrObject as unknown };
  for (const op of stage(store, source, data)) {
    op();
  }
}

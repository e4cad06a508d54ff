/**
 * `MockIOTileCloud`: the state, the fixture and quick-add API, and the HTTP front door. Routes live in
 * `routes/`, one file per resource group.
 */
import { setTimeout as timer } from 'node:timers/promises';

import { Authenticator } from './auth.js';
import { type DemoOptions, loadDemo } from './demo.js';
import { type FaultDecision, FaultInjector, type FaultOptions } from './faults.js';
import { addFixture, type FixtureData, type FixturePoint } from './fixtures.js';
import { detail, HttpError, json, type MockRequest, type MockResponse } from './http.js';
import { check, describeInput, MockInputError } from './input-error.js';
import { ArraySource, pointFromJson } from './points.js';
import { type DeviceRef, type FleetDeviceEntry, QuickAdd } from './quick-add.js';
import {
  getRecord,
  listRecords,
  type MockRecordKey,
  type MockRecordKind,
  type MockRecords,
} from './records.js';
import { componentRoutes } from './resources/components.js';
import { configAttributeRoutes } from './resources/config-attributes.js';
import { deviceKeyRoutes } from './resources/device-keys.js';
import { deviceTemplateRoutes } from './resources/device-templates.js';
import { jobRoutes } from './resources/jobs.js';
import { otaRoutes } from './resources/ota.js';
import { productionRoutes } from './resources/production.js';
import { propertyTemplateRoutes } from './resources/property-templates.js';
import { s3SignRoutes } from './resources/s3.js';
import { sensorGraphRoutes } from './resources/sensor-graphs.js';
import { streamAliasRoutes } from './resources/stream-aliases.js';
import { streamFilterRoutes } from './resources/stream-filters.js';
import { templateRoutes } from './resources/templates.js';
import { variableRoutes } from './resources/variables.js';
import { varTypeRoutes } from './resources/vartypes.js';
import { Router } from './router.js';
import { accountRoutes } from './routes/account.js';
import { authRoutes } from './routes/auth.js';
import { dataRoutes } from './routes/data.js';
import { datablockRoutes } from './routes/datablocks.js';
import { deviceRoutes } from './routes/devices.js';
import { dfRoutes } from './routes/df.js';
import { eventRoutes } from './routes/events.js';
import { fleetRoutes } from './routes/fleets.js';
import { generatedReportRoutes } from './routes/generated-reports.js';
import { locationRoutes } from './routes/locations.js';
import { noteRoutes } from './routes/notes.js';
import { orgRoutes } from './routes/orgs.js';
import { projectRoutes } from './routes/projects.js';
import { propertyRoutes } from './routes/properties.js';
import { serverInfoRoutes } from './routes/server-info.js';
import { shippingRoutes } from './routes/shipping.js';
import { streamerRoutes } from './routes/streamers.js';
import { streamRoutes } from './routes/streams.js';
import {
  checkStartOptions,
  internalError,
  type RunningServer,
  type ServerLimits,
  type StartOptions,
  startServer,
} from './server.js';
import { ServerModel, type ServerModelOptions } from './server-model.js';
import { parseStreamSlug } from './slugs.js';
import { Store } from './store.js';
import { StreamFolder } from './stream-folder.js';
import { SyntheticSource, type SyntheticStreamOptions } from './synthetic.js';

export const API_PREFIX = '/api/v1';

/**
 * The prefixes registered on the server's DRF router (`config/v1_urls.py`), in registration order: what
 * the API root lists. (`shipping/trip` has no list route, so the root leaves it out.)
 */
const ROUTER_PREFIXES = [
  'account',
  'org',
  'fleet',
  'project',
  'device',
  'datablock',
  'variable',
  'stream',
  'data',
  'event/upload',
  'event',
  'note',
  'location',
  'property',
  'filter',
  'alias',
  'tap',
  'report/generated',
  'streamer/report',
  'streamer',
  'component',
  'dt',
  'ot',
  'pt',
  'sg',
  'vartemplate',
  'widget',
  'vartype',
  'config/name',
  'config/attr',
  'propertytemplate',
  'key',
  'ota/script',
  'ota/request',
  'ota/action',
  'ota/version',
  'production/device',
] as const;

/** The routes that take files (report and event uploads) get the larger upload limit. */
const UPLOAD_PATHS = new Set([`${API_PREFIX}/streamer/report/`, `${API_PREFIX}/event/upload/`]);
/** Methods whose requests carry data. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The body limit of a route: small for reads and the (unauthenticated) auth routes, large for uploads. */
function bodyLimitFor(method: string, path: string, limits: Readonly<Required<ServerLimits>>): number {
  if (!WRITE_METHODS.has(method) || path.startsWith(`${API_PREFIX}/auth/`)) {
    return limits.smallBodyBytes;
  }
  return UPLOAD_PATHS.has(path) ? limits.uploadBodyBytes : limits.jsonBodyBytes;
}

/** Requests, error answers and injected faults since construction or the last `reset()`. */
export interface MockCounters {
  /** Requests received. */
  readonly requests: number;
  /** Answers with a status >= 400, and connection resets (injected faults included). */
  readonly errors: number;
  /** Requests that got an injected fault (error status or reset). */
  readonly faults: number;
}

function isFixtureInput(v: unknown): v is string | URL | FixtureData {
  return (
    typeof v === 'string' || v instanceof URL || (v !== null && typeof v === 'object' && !Array.isArray(v))
  );
}

function deviceRef(where: string, param: string, v: unknown): DeviceRef {
  if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)) {
    return v;
  }
  throw new MockInputError(
    `${where}: ${param} must be a device id (a non-negative integer) or slug; got ${describeInput(v)}`,
    param,
  );
}

function optional<T>(v: T | undefined, fn: (v: T) => unknown): void {
  if (v !== undefined) {
    fn(v);
  }
}

export interface MockIOTileCloudOptions {
  /**
   * Load the built-in demo data set (see `demoFixture()` and the `DEMO_*` constants) at construction and
   * on every `reset()`, before `data`. `{ seed }` computes its readings from another seed.
   */
  demo?: boolean | DemoOptions;
  /** Fixtures to load at construction (and again on every `reset()`), as files or objects. */
  data?: ReadonlyArray<string | URL | FixtureData> | string | URL | FixtureData;
  /** The stream folder (kept across `reset()`). */
  streamFolder?: string | null;
  /** Fault injection (latency, errors, resets); change it later with `setFaults`. */
  faults?: FaultOptions | null;
  /** The server clock in seconds since the epoch (for token expiry tests). Default: the real clock. */
  clock?: () => number;
  /**
   * How the server waits out injected latency (`faults.latencyMs`/`latencyJitterMs`). Default: a timer
   * (`setTimeout` from `node:timers/promises`). Tests can pass their own to see the requested delays and
   * decide when the wait ends, without measuring time.
   */
  sleep?: (ms: number) => Promise<void>;
}

function buildRouter(): Router {
  const router = new Router();
  for (const register of [
    authRoutes,
    accountRoutes,
    orgRoutes,
    projectRoutes,
    deviceRoutes,
    datablockRoutes,
    streamRoutes,
    dataRoutes,
    eventRoutes,
    dfRoutes,
    streamerRoutes,
    fleetRoutes,
    propertyRoutes,
    noteRoutes,
    generatedReportRoutes,
    // catalog: staff catalogues, templates, OTA, keys, jobs and S3 signing.
    serverInfoRoutes,
    varTypeRoutes,
    componentRoutes,
    sensorGraphRoutes,
    deviceTemplateRoutes,
    templateRoutes,
    propertyTemplateRoutes,
    configAttributeRoutes,
    otaRoutes,
    productionRoutes,
    deviceKeyRoutes,
    s3SignRoutes,
    jobRoutes,
    // Data group: variables, stream filters, stream aliases and taps (the rest extends the routes above).
    variableRoutes,
    streamFilterRoutes,
    streamAliasRoutes,
    // Group "orgs" (auth, accounts, orgs, projects, devices, fleets, data blocks): new route files.
    locationRoutes,
    shippingRoutes,
  ]) {
    register(router);
  }
  return router;
}

export class MockIOTileCloud {
  private requests = 0;
  private errors = 0;
  private faultsInjected = 0;
  /** One store for the mock's life: `reset()` empties it in place (the authenticator and quick-add hold it). */
  private readonly store = new Store();
  private readonly router = buildRouter();
  private readonly auth: Authenticator;
  private readonly quick: QuickAdd;
  private faults: FaultInjector | null = null;
  /** How fast a real server would answer (`setServerModel`); null: as fast as the mock can. */
  serverModel: ServerModel | null = null;
  private readonly initialData: ReadonlyArray<string | URL | FixtureData>;
  private readonly demo: DemoOptions | null;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: MockIOTileCloudOptions = {}) {
    const where = 'MockIOTileCloud';
    check.object(where, 'options', options);
    optional(options.clock, (v) => check.fn(where, 'options.clock', v));
    optional(options.sleep, (v) => check.fn(where, 'options.sleep', v));
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.sleep = options.sleep ?? ((ms) => timer(ms));
    this.auth = new Authenticator(this.store, this.clock);
    this.quick = new QuickAdd(this.store);
    if (options.demo !== undefined && options.demo !== true && options.demo !== false) {
      check.object(where, 'options.demo', options.demo);
    }
    this.demo = options.demo ? (options.demo === true ? {} : options.demo) : null;
    const data = options.data;
    this.initialData =
      data === undefined ? [] : Array.isArray(data) ? data : [data as string | URL | FixtureData];
    this.initialData.forEach((item, i) => {
      if (!isFixtureInput(item)) {
        throw new MockInputError(
          `${where}: options.data${Array.isArray(data) ? `[${i}]` : ''} must be a file path, a file URL or a fixture object; got ${describeInput(item)}`,
          'options.data',
        );
      }
    });
    if (options.streamFolder !== undefined && options.streamFolder !== null) {
      check.string(where, 'options.streamFolder', options.streamFolder, { nonEmpty: true });
    }
    this.setFaults(options.faults ?? null);
    this.reset();
    if (options.streamFolder) {
      this.streamFolder = options.streamFolder;
    }
  }

  /** Forgets every object, counter and token-independent state; reloads the demo and the constructor's fixtures. */
  reset(): void {
    // In place, so everything holding the store sees the fresh state; the stream folder stays.
    Object.assign(this.store, new Store(), { folder: this.store.folder });
    this.requests = 0;
    this.errors = 0;
    this.faultsInjected = 0;
    if (this.demo) {
      loadDemo(this.store, this.demo);
    }
    for (const item of this.initialData) {
      addFixture(this.store, item);
    }
  }

  /** Adds a fixture: a JSON file (path or file URL) or an object in the same format. */
  addData(fileOrObject: string | URL | FixtureData): void {
    if (!isFixtureInput(fileOrObject)) {
      throw new MockInputError(
        `addData: fileOrObject must be a file path, a file URL or a fixture object; got ${describeInput(fileOrObject)}`,
        'fileOrObject',
      );
    }
    addFixture(this.store, fileOrObject);
  }

  // --- reading the state ----------------------------------------------------------------------------

  /** Requests received since construction or the last `reset()`. */
  get requestCount(): number {
    return this.requests;
  }

  /** Answers with a status >= 400 and connection resets (injected faults included). */
  get errorCount(): number {
    return this.errors;
  }

  /** Requests that got an injected fault (error status or reset). */
  get faultCount(): number {
    return this.faultsInjected;
  }

  /** The three counters at once (a snapshot). */
  get counters(): MockCounters {
    return { requests: this.requests, errors: this.errors, faults: this.faultsInjected };
  }

  /**
   * A record as the API serves it (typed with the spec's schema), or undefined: `get('device', 'd--0a1b')`,
   * `get('event', 41)`, `get('account', 'ada@example.com')`. See `MockRecords` for the kinds and keys.
   */
  get<K extends MockRecordKind>(kind: K, key: MockRecordKey<K>): MockRecords[K] | undefined {
    return getRecord(this.store, kind, key);
  }

  /** Every record of a kind, as the API serves them. */
  list<K extends MockRecordKind>(kind: K): MockRecords[K][] {
    return listRecords(this.store, kind);
  }

  /** The number of data points a stream has (added, synthetic, uploaded or in the stream folder). */
  dataCount(streamSlug: string): number {
    const slug = parseStreamSlug(check.string('dataCount', 'streamSlug', streamSlug)).slug;
    return this.store.pointsOf(slug)?.length ?? 0;
  }

  /** The stream folder (`<stream-slug>.json|.csv`, `event_<id>.json`, `variable_types/<slug>.json`). */
  get streamFolder(): string | null {
    return this.store.folder?.path ?? null;
  }

  set streamFolder(path: string | null) {
    if (path !== null) {
      check.string('streamFolder', 'path', path, { nonEmpty: true });
    }
    this.store.folder = path === null ? null : new StreamFolder(path);
  }

  /** Reads every file of the stream folder now, throwing a `FixtureError` for the first bad one. */
  validateStreamFolder(): void {
    this.store.folder?.validate();
  }

  /**
   * Answers as slowly as a real server of that shape would (workers, per-point service time,
   * contention; see `ServerModel`), or as fast as the mock can with `null`. For benchmarks.
   */
  setServerModel(options: ServerModelOptions | null): ServerModel | null {
    this.serverModel = options ? new ServerModel(options) : null;
    return this.serverModel;
  }

  /** Replaces the fault-injection settings (null turns it off). */
  setFaults(options: FaultOptions | null): void {
    if (options !== null) {
      check.object('setFaults', 'options', options);
    }
    this.faults = options ? new FaultInjector(options) : null;
  }

  // --- data ---------------------------------------------------------------------------------------

  /**
   * Adds a stream of `count` computed points (kept as a formula, so a million points cost nothing until
   * served). Creates the Stream record when there is none, so `/stream/{slug}/data/` serves it.
   */
  addSyntheticStream(slug: string, options: SyntheticStreamOptions): string {
    const parts = parseStreamSlug(check.string('addSyntheticStream', 'slug', slug));
    check.object('addSyntheticStream', 'options', options);
    const source = new SyntheticSource(options, this.store.nextId('data', options.count));
    this.store.streamData.set(parts.slug, source);
    this.ensureStreamRecord(parts.slug);
    return parts.slug;
  }

  /** Adds points (in the `<stream-slug>.json` format) to a stream, creating its Stream record if needed. */
  addStreamData(slug: string, points: readonly FixturePoint[]): string {
    const parts = parseStreamSlug(check.string('addStreamData', 'slug', slug));
    if (!Array.isArray(points)) {
      throw new MockInputError(
        `addStreamData: points must be an array; got ${describeInput(points)}`,
        'points',
      );
    }
    const first = this.store.nextId('data', points.length);
    const parsed = points.map((p, i) => pointFromJson(p, first + i, `addStreamData(${parts.slug})[${i}]`));
    if (!this.store.streamData.has(parts.slug)) {
      this.store.streamData.set(parts.slug, new ArraySource());
    }
    this.store.appendPoints(parts.slug, parsed);
    this.ensureStreamRecord(parts.slug);
    return parts.slug;
  }

  /** Sets the raw document `/event/{id}/data/` serves for an event. */
  addEventData(id: number, data: unknown): void {
    check.integer('addEventData', 'id', id, 0, Number.MAX_SAFE_INTEGER);
    this.store.eventData.set(id, data);
    const event = this.store.events.get(id);
    if (event) {
      event.has_raw_data = true;
    }
  }

  private ensureStreamRecord(slug: string): void {
    if (!this.store.streams.has(slug)) {
      this.store.streams.set(slug, { slug, data_type: 'D0' });
    }
  }

  // --- quick add (the Python mock's quick_add_* helpers) ------------------------------------------

  quickAddUser(email = 'test@arch-iot.com', password = 'test'): void {
    check.string('quickAddUser', 'email', email, { nonEmpty: true });
    check.string('quickAddUser', 'password', password);
    this.quick.user(email, password);
  }
  quickAddOrg(name: string, slug?: string): string {
    check.string('quickAddOrg', 'name', name);
    optional(slug, (v) => check.string('quickAddOrg', 'slug', v, { nonEmpty: true }));
    return this.quick.org(name, slug);
  }
  quickAddProject(name?: string, orgSlug?: string): { id: string; slug: string } {
    optional(name, (v) => check.string('quickAddProject', 'name', v));
    optional(orgSlug, (v) => check.string('quickAddProject', 'orgSlug', v, { nonEmpty: true }));
    return this.quick.project(name, orgSlug);
  }
  quickAddDevice(projectId: string, device?: DeviceRef, streamers?: readonly number[]): string {
    check.string('quickAddDevice', 'projectId', projectId, { nonEmpty: true });
    optional(device, (v) => deviceRef('quickAddDevice', 'device', v));
    if (streamers !== undefined) {
      if (!Array.isArray(streamers)) {
        throw new MockInputError(
          `quickAddDevice: streamers must be an array of streamer indexes; got ${describeInput(streamers)}`,
          'streamers',
        );
      }
      streamers.forEach((v, i) => {
        check.integer('quickAddDevice', `streamers[${i}]`, v, 0, 0xffff);
      });
    }
    return this.quick.device(projectId, device, streamers);
  }
  quickAddStreamer(device: DeviceRef, index: number, ack: number, selector?: number): string {
    deviceRef('quickAddStreamer', 'device', device);
    check.integer('quickAddStreamer', 'index', index, 0, 0xffff);
    check.integer('quickAddStreamer', 'ack', ack, 0, Number.MAX_SAFE_INTEGER);
    optional(selector, (v) => check.integer('quickAddStreamer', 'selector', v, 0, 0xffff));
    return this.quick.streamer(device, index, ack, selector);
  }
  quickAddFleet(
    devices: readonly FleetDeviceEntry[],
    isNetwork = false,
    fleetSlug?: string | number,
    orgSlug?: string,
  ): string {
    if (!Array.isArray(devices)) {
      throw new MockInputError(
        `quickAddFleet: devices must be an array; got ${describeInput(devices)}`,
        'devices',
      );
    }
    devices.forEach((entry, i) => {
      if (Array.isArray(entry)) {
        deviceRef('quickAddFleet', `devices[${i}][0]`, entry[0]);
        check.boolean('quickAddFleet', `devices[${i}][1]`, entry[1]);
        optional(entry[2], (v) => check.boolean('quickAddFleet', `devices[${i}][2]`, v));
      } else {
        deviceRef('quickAddFleet', `devices[${i}]`, entry);
      }
    });
    check.boolean('quickAddFleet', 'isNetwork', isNetwork);
    if (fleetSlug !== undefined && typeof fleetSlug !== 'string') {
      check.integer('quickAddFleet', 'fleetSlug', fleetSlug, 0, 0xffff_ffff_ffff);
    }
    optional(orgSlug, (v) => check.string('quickAddFleet', 'orgSlug', v, { nonEmpty: true }));
    return this.quick.fleet(devices, isNetwork, fleetSlug, orgSlug);
  }
  quickAddOtaDeviceInfo(device: DeviceRef): void {
    deviceRef('quickAddOtaDeviceInfo', 'device', device);
    this.quick.otaDeviceInfo(device);
  }
  quickAddDeploymentToFleet(
    fleetSlug: string,
    deploymentId: number,
    criteria: readonly string[],
    completed = false,
  ): void {
    const where = 'quickAddDeploymentToFleet';
    check.string(where, 'fleetSlug', fleetSlug, { nonEmpty: true });
    check.integer(where, 'deploymentId', deploymentId, 0, Number.MAX_SAFE_INTEGER);
    if (!Array.isArray(criteria)) {
      throw new MockInputError(
        `${where}: criteria must be an array of strings; got ${describeInput(criteria)}`,
        'criteria',
      );
    }
    criteria.forEach((v, i) => {
      check.string(where, `criteria[${i}]`, v);
    });
    check.boolean(where, 'completed', completed);
    this.quick.deploymentToFleet(fleetSlug, deploymentId, criteria, completed);
  }
  quickAddSg(slug?: string, appTag?: number): string {
    optional(slug, (v) => check.string('quickAddSg', 'slug', v, { nonEmpty: true }));
    optional(appTag, (v) => check.integer('quickAddSg', 'appTag', v, 0, 0xffff));
    return this.quick.sg(slug, appTag);
  }
  quickAddDt(slug?: string, osTag?: number): string {
    optional(slug, (v) => check.string('quickAddDt', 'slug', v, { nonEmpty: true }));
    optional(osTag, (v) => check.integer('quickAddDt', 'osTag', v, 0, 0xffff));
    return this.quick.dt(slug, osTag);
  }

  // --- inspection ---------------------------------------------------------------------------------

  /** The raw bytes of every uploaded report, by report id. */
  get rawReportFiles(): ReadonlyMap<string, Uint8Array> {
    return this.store.rawReportFiles;
  }

  // --- HTTP ---------------------------------------------------------------------------------------

  /** Answers one request (no network involved); never throws. */
  async handle(req: MockRequest): Promise<MockResponse> {
    check.object('handle', 'req', req);
    if (!(req.url instanceof URL) || typeof req.method !== 'string' || !(req.body instanceof Uint8Array)) {
      throw new MockInputError(
        'handle: req must be a MockRequest (method, url: URL, headers, body: Buffer)',
        'req',
      );
    }
    let response: MockResponse;
    try {
      response = await this.route(req);
    } catch (err) {
      if (err instanceof HttpError) {
        response =
          typeof err.body === 'string' && err.body.startsWith('Error:')
            ? { status: err.status, headers: { 'content-type': 'text/plain' }, body: err.body }
            : json(err.status, err.body, err.headers);
      } else {
        response = internalError(err);
      }
    }
    const origin = req.headers.origin;
    // django-cors-headers runs only on the API (`CORS_URLS_REGEX = r'^/api/.*$'`).
    if (origin && req.url.pathname.startsWith('/api/')) {
      response.headers['access-control-allow-origin'] = origin;
      response.headers['access-control-allow-credentials'] = 'true';
      response.headers.vary = 'Origin';
    }
    return response;
  }

  private async route(req: MockRequest): Promise<MockResponse> {
    const path = req.url.pathname;
    if (
      req.method === 'OPTIONS' &&
      req.headers['access-control-request-method'] &&
      path.startsWith('/api/')
    ) {
      return {
        status: 200,
        headers: {
          'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
          'access-control-allow-headers':
            'accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, x-requested-with',
          'access-control-max-age': '86400',
          'content-length': '0',
        },
        body: null,
      };
    }
    if (path === API_PREFIX || path === `${API_PREFIX}/`) {
      if (path === API_PREFIX) {
        // APPEND_SLASH: a relative Location, as Django sends it.
        return { status: 301, headers: { location: `${API_PREFIX}/${req.url.search}` }, body: null };
      }
      // DRF's APIRootView: GET (and HEAD, OPTIONS) only, as in the spec.
      const allow = 'GET, HEAD, OPTIONS';
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        if (req.method === 'OPTIONS') {
          return { status: 200, headers: { allow, 'content-length': '0' }, body: null };
        }
        throw detail(405, `Method "${req.method}" not allowed.`, { allow });
      }
      return json(200, this.apiRoot(req), { allow });
    }
    if (!path.startsWith(`${API_PREFIX}/`)) {
      throw detail(404, 'Not found.');
    }
    const apiReq: MockRequest = { ...req, path: path.slice(API_PREFIX.length) };
    return this.router.dispatch(apiReq, { store: this.store, auth: this.auth, now: this.clock });
  }

  /** DRF's `APIRootView`: each prefix registered on the server's router, in its order, with its list URL. */
  private apiRoot(req: MockRequest): Record<string, string> {
    const served = new Set(this.router.patterns());
    const out: Record<string, string> = {};
    for (const prefix of ROUTER_PREFIXES) {
      if (served.has(`/${prefix}/`)) {
        out[prefix] = `${req.url.origin}${API_PREFIX}/${prefix}/`;
      }
    }
    return out;
  }

  /** Counts a request and decides its fault (used by the HTTP server). */
  private begin(method: string, path: string): FaultDecision {
    this.requests += 1;
    const decision = this.faults?.decide(this.requests, method, path) ?? { kind: 'none', delayMs: 0 };
    if (decision.kind === 'reset') {
      this.faultsInjected += 1;
      this.errors += 1;
    } else if (decision.kind === 'status') {
      this.faultsInjected += 1;
    }
    return decision;
  }

  /**
   * Serves the mock on 127.0.0.1. `port: 0` (the default) picks a free port; `https: true` makes a
   * self-signed certificate; `limits` bounds bodies, timeouts and connections (see `ServerLimits`).
   * Resolves to `{ url, port, certificate, close }`. Bad options throw a `MockInputError` at once.
   */
  start(options: StartOptions = {}): Promise<RunningServer> {
    checkStartOptions(options);
    return startServer(
      {
        begin: (method, path) => this.begin(method, path),
        bodyLimit: bodyLimitFor,
        delay: (ms) => this.sleep(ms),
        handle: (req) =>
          this.serverModel ? this.serverModel.serve(() => this.handle(req)) : this.handle(req),
        sent: (status) => {
          if (status >= 400) {
            this.errors += 1;
          }
        },
      },
      options,
    );
  }
}

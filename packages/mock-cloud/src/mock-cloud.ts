/**
 * `MockIOTileCloud`: the state, the fixture and quick-add API, and the HTTP front door. Routes live in
 * `routes/`, one file per resource group.
 */
import { setTimeout as timer } from 'node:timers/promises';

import { Authenticator } from './auth.js';
import { type FaultDecision, FaultInjector, type FaultOptions } from './faults.js';
import { addFixture, type FixtureData, type FixturePoint } from './fixtures.js';
import { detail, HttpError, json, type MockRequest, type MockResponse } from './http.js';
import { ArraySource, pointFromJson } from './points.js';
import { type DeviceRef, type FleetDeviceEntry, QuickAdd } from './quick-add.js';
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
import { orgRoutes } from './routes/orgs.js';
import { otaRoutes } from './routes/ota.js';
import { projectRoutes } from './routes/projects.js';
import { propertyRoutes } from './routes/properties.js';
import { serverInfoRoutes } from './routes/server-info.js';
import { streamerRoutes } from './routes/streamers.js';
import { streamRoutes } from './routes/streams.js';
import { templateRoutes } from './routes/templates.js';
import { varTypeRoutes } from './routes/vartypes.js';
import { internalError, type RunningServer, type StartOptions, startServer } from './server.js';
import { ServerModel, type ServerModelOptions } from './server-model.js';
import { parseStreamSlug } from './slugs.js';
import { Store } from './store.js';
import { StreamFolder } from './stream-folder.js';
import { SyntheticSource, type SyntheticStreamOptions } from './synthetic.js';

export const API_PREFIX = '/api/v1';

export interface MockIOTileCloudOptions {
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
    varTypeRoutes,
    templateRoutes,
    otaRoutes,
    generatedReportRoutes,
    serverInfoRoutes,
  ]) {
    register(router);
  }
  return router;
}

export class MockIOTileCloud {
  /** Requests received since construction or the last `reset()`. */
  requestCount = 0;
  /** Responses with a status >= 400 (injected faults and resets included). */
  errorCount = 0;
  /** Requests that got an injected fault (error status or reset). */
  faultCount = 0;

  private store = new Store();
  private readonly router = buildRouter();
  private readonly auth: Authenticator;
  private readonly quick: QuickAdd;
  private faults: FaultInjector | null = null;
  /** How fast a real server would answer (`setServerModel`); null: as fast as the mock can. */
  serverModel: ServerModel | null = null;
  private readonly initialData: ReadonlyArray<string | URL | FixtureData>;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: MockIOTileCloudOptions = {}) {
    this.clock = options.clock ?? (() => Date.now() / 1000);
    this.sleep = options.sleep ?? ((ms) => timer(ms));
    const store = this.storeProxy();
    this.auth = new Authenticator(store, this.clock);
    this.quick = new QuickAdd(store);
    const data = options.data;
    this.initialData =
      data === undefined ? [] : Array.isArray(data) ? data : [data as string | URL | FixtureData];
    this.setFaults(options.faults ?? null);
    this.reset();
    if (options.streamFolder) {
      this.streamFolder = options.streamFolder;
    }
  }

  /** A store reference that follows `reset()` (which swaps the store). */
  private storeProxy(): Store {
    return new Proxy({} as Store, {
      get: (_t, key) => {
        const value = Reflect.get(this.store, key, this.store);
        return typeof value === 'function' ? value.bind(this.store) : value;
      },
    });
  }

  /** Forgets every object, counter and token-independent state; reloads the constructor's fixtures. */
  reset(): void {
    const folder = this.store.folder;
    this.store = new Store();
    this.store.folder = folder;
    this.requestCount = 0;
    this.errorCount = 0;
    this.faultCount = 0;
    for (const item of this.initialData) {
      addFixture(this.store, item);
    }
  }

  /** Adds a fixture: a JSON file (path or file URL) or an object in the same format. */
  addData(fileOrObject: string | URL | FixtureData): void {
    addFixture(this.store, fileOrObject);
  }

  /** The stream folder (`<stream-slug>.json|.csv`, `event_<id>.json`, `variable_types/<slug>.json`). */
  get streamFolder(): string | null {
    return this.store.folder?.path ?? null;
  }

  set streamFolder(path: string | null) {
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
    this.faults = options ? new FaultInjector(options) : null;
  }

  // --- data ---------------------------------------------------------------------------------------

  /**
   * Adds a stream of `count` computed points (kept as a formula, so a million points cost nothing until
   * served). Creates the Stream record when there is none, so `/stream/{slug}/data/` serves it.
   */
  addSyntheticStream(slug: string, options: SyntheticStreamOptions): string {
    const parts = parseStreamSlug(slug);
    const source = new SyntheticSource(options, this.store.nextId('data', options.count));
    this.store.streamData.set(parts.slug, source);
    this.ensureStreamRecord(parts.slug);
    return parts.slug;
  }

  /** Adds points (in the `<stream-slug>.json` format) to a stream, creating its Stream record if needed. */
  addStreamData(slug: string, points: readonly FixturePoint[]): string {
    const parts = parseStreamSlug(slug);
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
    this.quick.user(email, password);
  }
  quickAddOrg(name: string, slug?: string): string {
    return this.quick.org(name, slug);
  }
  quickAddProject(name?: string, orgSlug?: string): { id: string; slug: string } {
    return this.quick.project(name, orgSlug);
  }
  quickAddDevice(projectId: string, device?: DeviceRef, streamers?: readonly number[]): string {
    return this.quick.device(projectId, device, streamers);
  }
  quickAddStreamer(device: DeviceRef, index: number, ack: number, selector?: number): string {
    return this.quick.streamer(device, index, ack, selector);
  }
  quickAddFleet(
    devices: readonly FleetDeviceEntry[],
    isNetwork = false,
    fleetSlug?: string | number,
    orgSlug?: string,
  ): string {
    return this.quick.fleet(devices, isNetwork, fleetSlug, orgSlug);
  }
  quickAddOtaDeviceInfo(device: DeviceRef): void {
    this.quick.otaDeviceInfo(device);
  }
  quickAddDeploymentToFleet(
    fleetSlug: string,
    deploymentId: number,
    criteria: readonly string[],
    completed = false,
  ): void {
    this.quick.deploymentToFleet(fleetSlug, deploymentId, criteria, completed);
  }
  quickAddSg(slug?: string, appTag?: number): string {
    return this.quick.sg(slug, appTag);
  }
  quickAddDt(slug?: string, osTag?: number): string {
    return this.quick.dt(slug, osTag);
  }

  // --- inspection ---------------------------------------------------------------------------------

  /** The raw bytes of every uploaded report, by report id. */
  get rawReportFiles(): ReadonlyMap<string, Uint8Array> {
    return this.store.rawReportFiles;
  }

  /** The stored objects (read them in tests; change them only through the API or the helpers). */
  get state(): Store {
    return this.store;
  }

  // --- HTTP ---------------------------------------------------------------------------------------

  /** Answers one request (no network involved); never throws. */
  async handle(req: MockRequest): Promise<MockResponse> {
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
    if (origin) {
      response.headers['access-control-allow-origin'] = origin;
      response.headers['access-control-allow-credentials'] = 'true';
      response.headers.vary = 'Origin';
    }
    return response;
  }

  private async route(req: MockRequest): Promise<MockResponse> {
    const path = req.url.pathname;
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
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
        return {
          status: 301,
          headers: { location: `${req.url.origin}${API_PREFIX}/${req.url.search}` },
          body: null,
        };
      }
      return json(200, this.apiRoot(req));
    }
    if (!path.startsWith(`${API_PREFIX}/`)) {
      throw detail(404, 'Not found.');
    }
    const apiReq: MockRequest = { ...req, path: path.slice(API_PREFIX.length) };
    return this.router.dispatch(apiReq, { store: this.store, auth: this.auth, now: this.clock });
  }

  private apiRoot(req: MockRequest): Record<string, string> {
    const out: Record<string, string> = {};
    for (const pattern of this.router.patterns()) {
      const m = /^\/([a-z-]+)\/$/.exec(pattern);
      if (m?.[1]) {
        out[m[1]] = `${req.url.origin}${API_PREFIX}${pattern}`;
      }
    }
    return out;
  }

  /** Counts a request and decides its fault (used by the HTTP server). */
  private begin(method: string, path: string): FaultDecision {
    this.requestCount += 1;
    const decision = this.faults?.decide(this.requestCount, method, path) ?? { kind: 'none', delayMs: 0 };
    if (decision.kind === 'reset') {
      this.faultCount += 1;
      this.errorCount += 1;
    } else if (decision.kind === 'status') {
      this.faultCount += 1;
    }
    return decision;
  }

  /**
   * Serves the mock on 127.0.0.1. `port: 0` (the default) picks a free port; `https: true` makes a
   * self-signed certificate. Resolves to `{ url, port, certificate, close }`.
   */
  start(options: StartOptions = {}): Promise<RunningServer> {
    return startServer(
      {
        begin: (method, path) => this.begin(method, path),
        delay: (ms) => this.sleep(ms),
        handle: (req) =>
          this.serverModel ? this.serverModel.serve(() => this.handle(req)) : this.handle(req),
        sent: (status) => {
          if (status >= 400) {
            this.errorCount += 1;
          }
        },
      },
      options,
    );
  }
}

/**
 * What runs inside Chromium: client, gid and stream as a browser bundle (esbuild, platform browser,
 * so the packages' `browser` conditions apply) against the mock cloud on another origin, which makes
 * every authenticated call a real CORS request with a preflight.
 */
import { Api } from '@iotile/client';
import { IOTileDeviceSlug, IOTileStreamSlug } from '@iotile/gid';
import { StreamData, writeCsv } from '@iotile/stream';

export interface Scenario {
  domain: string;
  email: string;
  password: string;
  projectSlug: string;
  deviceId: number;
  variable: string;
}

export interface Outcome {
  loggedIn: boolean;
  username: string | undefined;
  deviceLabel: string | null | undefined;
  paginated: string[];
  streamSlug: string;
  lastValues: number[];
  csv: string;
  csvRows: number;
  verifyFalse: { name: string; feature: string; message: string };
  pathUpload: { name: string; feature: string; message: string };
}

function describeError(error: unknown): { name: string; feature: string; message: string } {
  const { name, feature, message } = error as { name?: string; feature?: string; message?: string };
  return { name: name ?? String(error), feature: feature ?? '', message: message ?? '' };
}

export async function run(scenario: Scenario): Promise<Outcome> {
  const api = new Api({ domain: scenario.domain, retries: 0 });
  const loggedIn = await api.login({ email: scenario.email, password: scenario.password });

  // A typed GET with a slug built by @iotile/gid.
  const deviceSlug = new IOTileDeviceSlug(scenario.deviceId).toString();
  const device = await api.get('/device/{slug}/', { params: { path: { slug: deviceSlug } } });

  // Every item of every page (page_size 1: one request per device).
  const paginated: string[] = [];
  for await (const item of api.paginate('/device/', { params: { query: { page_size: 1 } } })) {
    paginated.push(item.slug);
  }

  // StreamData download.
  const streamSlug = IOTileStreamSlug.fromParts(
    scenario.projectSlug,
    scenario.deviceId,
    scenario.variable,
  ).toString();
  const lastn = new StreamData(streamSlug, api);
  await lastn.initializeFromServer({ lastn: 3 });

  // CSV export into a web WritableStream.
  const chunks: Uint8Array[] = [];
  const sink = new WritableStream<Uint8Array>({
    write(chunk) {
      chunks.push(chunk);
    },
  });
  const exported = await writeCsv(new StreamData(streamSlug, api).iterate(), sink, {
    columns: ['timestamp', 'value'],
  });
  const csv = await new Blob(chunks as BlobPart[]).text();

  // Node-only features fail with the typed error, before any request.
  let verifyFalse = { name: 'no error', feature: '', message: '' };
  try {
    new Api({ domain: scenario.domain, verify: false });
  } catch (error) {
    verifyFalse = describeError(error);
  }
  let pathUpload = { name: 'no error', feature: '', message: '' };
  try {
    await api.rest.streamer.report.uploadFile('/home/me/report.bin');
  } catch (error) {
    pathUpload = describeError(error);
  }

  return {
    loggedIn,
    username: api.username,
    deviceLabel: device.label,
    paginated,
    streamSlug,
    lastValues: lastn.data.map((point) => Number(point.value)),
    csv,
    csvRows: exported.rows,
    verifyFalse,
    pathUpload,
  };
}

export interface FailureOutcome {
  /** A device that does not exist, asked for with `get` (which throws the `HttpError`). */
  notFound: { name: string; status: number | undefined };
  /** A server that refuses connections, with one retry. */
  unreachable: { name: string; message: string };
}

/**
 * Failures, after the scenario: the code that words them (the typed errors of a request that got no
 * answer, the retries) is fetched now, on the first failure, and works in the browser.
 */
export async function runFailures(scenario: Scenario, unreachableDomain: string): Promise<FailureOutcome> {
  const api = new Api({ domain: scenario.domain, retries: 0 });
  await api.login({ email: scenario.email, password: scenario.password });
  let notFound: FailureOutcome['notFound'] = { name: 'no error', status: undefined };
  try {
    await api.get('/device/{slug}/', { params: { path: { slug: 'd--0000-0000-0000-ffff' } } });
  } catch (error) {
    notFound = { name: (error as Error).name, status: (error as { status?: number }).status };
  }
  const offline = new Api({
    domain: unreachableDomain,
    retries: 1,
    backoff: { baseDelayMs: 1, maxDelayMs: 1 },
  });
  let unreachable = { name: 'no error', message: '' };
  try {
    await offline.GET('/org/');
  } catch (error) {
    unreachable = { name: (error as Error).name, message: (error as Error).message };
  }
  return { notFound, unreachable };
}

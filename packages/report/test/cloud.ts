/** A mock IOTile Cloud laid out for report tests: projects, devices and streams with data and units. */

import { randomUUID } from 'node:crypto';
import { Api, type FetchLike } from '@iotile/client';
import { IOTileDeviceSlug, IOTileProjectSlug, IOTileStreamSlug } from '@iotile/gid';
import { MockIOTileCloud, type MockIOTileCloudOptions, type RunningServer } from '@iotile/mock-cloud';

export interface StreamSpec {
  project: number;
  device: number;
  variable: number;
  /** The stream's `value`s (output unit m=1, d=1 unless `mdo` is given), one an hour from `start`. */
  values: number[] | { count: number; value: number };
  /** `unit_short` of the output unit; `null` for a stream without one. Default `G`. */
  units?: string | null;
  mdo?: { m: number; d: number; o: number };
  /** First timestamp. Default 2017-09-01T00:00:00Z. */
  start?: string;
}

export const EMAIL = 'report@example.com';
export const PASSWORD = 'pw';

export interface ReportCloud {
  cloud: MockIOTileCloud;
  server: RunningServer;
  api: Api;
  /**
   * Requests seen by the Api's fetch, the most in flight at once, and hooks called as each is sent
   * and as its answer (headers) arrives.
   */
  stats: {
    requests: string[];
    inFlight: number;
    maxInFlight: number;
    onRequest?: (path: string) => void;
    onResponse?: (path: string) => void;
  };
  close(): Promise<void>;
}

export function streamSlug(spec: Pick<StreamSpec, 'project' | 'device' | 'variable'>): string {
  return IOTileStreamSlug.fromParts(spec.project, spec.device, spec.variable).toString();
}

/**
 * A mock cloud with a user (`email`, `password`) and the projects, devices and streams of `specs`;
 * `sleep` replaces the mock's wait for injected latency (a test decides when answers go out).
 */
export function buildReportCloud(
  specs: StreamSpec[],
  email = EMAIL,
  password = PASSWORD,
  sleep?: MockIOTileCloudOptions['sleep'],
): MockIOTileCloud {
  const cloud = new MockIOTileCloud(sleep === undefined ? {} : { sleep });
  cloud.quickAddUser(email, password);
  const projects = new Map<number, string>();
  const devices = new Set<number>();
  for (const spec of specs) {
    if (!projects.has(spec.project)) {
      const id = randomUUID();
      projects.set(spec.project, id);
      cloud.addData({
        projects: [
          { id, slug: new IOTileProjectSlug(spec.project).toString(), name: `P${spec.project}`, org: 'arch' },
        ],
      });
    }
    if (!devices.has(spec.device)) {
      devices.add(spec.device);
      cloud.addData({
        devices: [
          {
            slug: new IOTileDeviceSlug(spec.device).toString(),
            project: projects.get(spec.project),
            active: true,
          },
        ],
      });
    }
    const slug = streamSlug(spec);
    const units = spec.units === undefined ? 'G' : spec.units;
    const mdo = spec.mdo ?? { m: 1, d: 1, o: 0 };
    cloud.addData({
      streams: [
        {
          slug,
          output_unit:
            units === null ? null : { slug: `out--${units}`, unit_full: units, unit_short: units, ...mdo },
        },
      ],
    });
    const start = spec.start ?? '2017-09-01T00:00:00Z';
    if (Array.isArray(spec.values)) {
      const values = spec.values;
      cloud.addSyntheticStream(slug, { count: values.length, start, intervalSeconds: 3600, value: values });
    } else {
      cloud.addSyntheticStream(slug, {
        count: spec.values.count,
        start,
        intervalSeconds: 60,
        value: spec.values.value,
      });
    }
  }
  return cloud;
}

export async function startReportCloud(
  specs: StreamSpec[],
  options: { concurrency?: 'auto' | number; sleep?: MockIOTileCloudOptions['sleep'] } = {},
): Promise<ReportCloud> {
  const cloud = buildReportCloud(specs, EMAIL, PASSWORD, options.sleep);
  const server = await cloud.start({ port: 0 });
  const stats: ReportCloud['stats'] = { requests: [], inFlight: 0, maxInFlight: 0 };
  const fetch: FetchLike = async (request, init) => {
    const path = new URL(request.url).pathname.replace('/api/v1', '') + new URL(request.url).search;
    stats.requests.push(path);
    stats.onRequest?.(path);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      const response = await globalThis.fetch(request, init);
      stats.onResponse?.(path);
      return response;
    } finally {
      stats.inFlight--;
    }
  };
  const api = new Api({
    domain: server.url,
    fetch,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  if (!(await api.login({ email: EMAIL, password: PASSWORD }))) {
    throw new Error('login failed');
  }
  stats.requests.length = 0;
  stats.maxInFlight = 0;
  return { cloud, server, api, stats, close: () => server.close() };
}

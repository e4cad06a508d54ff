/**
 * The benchmark's server, run in its own process so that its CPU and memory are not the client's:
 * a mock IOTile Cloud on 127.0.0.1 with one user and synthetic streams. Prints `{ url, streams }`
 * as JSON on the first line of stdout and serves until killed. On SIGUSR2 it prints a line of JSON:
 * the server model's statistics (`{ served, cpuMs, peakActive }`, or `null` without a model).
 *
 * Arguments: `--latency-ms N` (added to every request), `--stream name=count` (repeatable),
 * `--workers N` (answer as a real server with N gunicorn workers would: `@iotile/mock-cloud`'s server
 * model with its calibrated defaults).
 */

import { IOTileStreamSlug } from '@iotile/gid';
import { MockIOTileCloud } from '@iotile/mock-cloud';
import { BENCH_EMAIL, BENCH_PASSWORD } from './constants.js';

const args = process.argv.slice(2);
let latencyMs = 0;
let workers = 0;
const wanted: [string, number][] = [];
for (let i = 0; i < args.length; i += 2) {
  const [flag, value = ''] = [args[i], args[i + 1]];
  if (flag === '--latency-ms') {
    latencyMs = Number(value);
  } else if (flag === '--workers') {
    workers = Number(value);
  } else if (flag === '--stream') {
    const [name = '', count = ''] = value.split('=');
    wanted.push([name, Number(count)]);
  } else {
    throw new Error(`unknown argument ${flag}`);
  }
}

const cloud = new MockIOTileCloud();
cloud.quickAddUser(BENCH_EMAIL, BENCH_PASSWORD);
const project = cloud.quickAddProject('Bench');
const device = cloud.quickAddDevice(project.id, 0xd2);
const streams: Record<string, string> = {};
wanted.forEach(([name, count], index) => {
  const slug = IOTileStreamSlug.fromParts(project.slug, device, 0x5001 + index).toString();
  cloud.addData({
    streams: [
      { slug, output_unit: { slug: 'out--g', unit_full: 'Gallons', unit_short: 'G', m: 1, d: 10, o: 0 } },
    ],
  });
  cloud.addSyntheticStream(slug, {
    count,
    start: '2015-01-01T00:00:00Z',
    intervalSeconds: 60,
    value: (i) => (i % 1000) * 1.5,
  });
  streams[name] = slug;
});
if (latencyMs > 0) {
  cloud.setFaults({ latencyMs });
}
const model = workers > 0 ? cloud.setServerModel({ workers }) : null;
process.on('SIGUSR2', () => {
  process.stdout.write(`${JSON.stringify(model === null ? null : model.stats)}\n`);
});
const server = await cloud.start({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, streams })}\n`);
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});

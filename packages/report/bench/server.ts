/**
 * The benchmark's server, in its own process: a mock IOTile Cloud on 127.0.0.1 with one project of
 * `--streams N` devices, each with one stream of `--points M` points (one a minute from 2017-09-01).
 * Prints `{ url, project }` as JSON on the first line of stdout and serves until killed.
 * `--latency-ms N` adds N ms to every request.
 */

import { randomUUID } from 'node:crypto';
import { IOTileDeviceSlug, IOTileStreamSlug } from '@iotile/gid';
import { MockIOTileCloud } from '@iotile/mock-cloud';

const options = new Map<string, number>();
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  options.set(String(args[i]).replace(/^--/, ''), Number(args[i + 1]));
}
const streams = options.get('streams') ?? 50;
const points = options.get('points') ?? 2000;

const cloud = new MockIOTileCloud();
cloud.quickAddUser('bench@example.com', 'bench');
const projectId = randomUUID();
const project = 'p--0000-0001';
cloud.addData({ projects: [{ id: projectId, slug: project, name: 'Bench', org: 'arch' }] });
for (let i = 0; i < streams; i++) {
  const device = new IOTileDeviceSlug(0x100 + i).toString();
  const slug = IOTileStreamSlug.fromParts(project, device, 0x5001).toString();
  cloud.addData({
    devices: [{ slug: device, project: projectId, active: true }],
    streams: [
      { slug, output_unit: { slug: 'out--g', unit_full: 'Gallons', unit_short: 'G', m: 1, d: 1, o: 0 } },
    ],
  });
  cloud.addSyntheticStream(slug, {
    count: points,
    start: '2017-09-01T00:00:00Z',
    intervalSeconds: 60,
    value: 1 + i,
  });
}
const latency = options.get('latency-ms') ?? 0;
if (latency > 0) {
  cloud.setFaults({ latencyMs: latency });
}
const server = await cloud.start({ port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, project })}\n`);
process.on('SIGTERM', () => {
  server.close().then(() => process.exit(0));
});

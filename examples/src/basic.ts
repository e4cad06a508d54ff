/**
 * The Python `basic-example.py`: every org the user belongs to with its projects, then the last 10
 * points of a stream with their time and output value.
 *
 *   IOTILE_PASSWORD=... tsx src/basic.ts --email you@example.com s--0000-0001--0000-0000-0000-0001--5001
 */
import { IOTileStreamSlug } from '@iotile/gid';
import { StreamData } from '@iotile/stream';

import { type Connection, isMain, type Log, printLine, runFromCommandLine, withApi } from './session.js';

export interface BasicResult {
  /** Org names, each with its project names. */
  orgs: Array<{ name: string; projects: string[] }>;
  /** The stream's last points (at most 10), oldest first. */
  points: Array<{ timestamp: string; outputValue: number | null }>;
}

export async function main(
  connection: Connection,
  stream: string,
  log: Log = printLine,
): Promise<BasicResult> {
  new IOTileStreamSlug(stream); // a malformed slug throws here, before any request
  return withApi(connection, async (api) => {
    const result: BasicResult = { orgs: [], points: [] };
    for await (const org of api.paginate('/org/')) {
      log(`I am a member of ${org.name}`);
      const projects: string[] = [];
      for await (const project of api.paginate('/org/{slug}/projects/', {
        params: { path: { slug: org.slug } },
      })) {
        log(` --> Project: ${project.name}`);
        projects.push(project.name);
      }
      result.orgs.push({ name: org.name, projects });
    }
    log('------------------------------');

    // StreamData reads every page; for 10 points that is one request, for a year it is a few.
    const data = new StreamData(stream, api);
    await data.initializeFromServer({ lastn: 10 });
    for (const point of data.data) {
      log(`${point.timestamp}: ${point.output_value}`);
      result.points.push({ timestamp: point.timestamp, outputValue: point.output_value });
    }
    log('------------------------------');
    return result;
  });
}

if (isMain(import.meta.url)) {
  await runFromCommandLine('basic [options] <stream-slug>', { min: 1, max: 1 }, (connection, [stream]) =>
    main(connection, stream as string),
  );
}

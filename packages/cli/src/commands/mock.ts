/**
 * `iotile mock [--demo] [--port N]`: a local IOTile Cloud (@iotile/mock-cloud) on 127.0.0.1 until
 * Ctrl-C. The first line of stdout is its URL (the `--domain` to give other commands).
 */

import type { Context } from '../context.js';
import { parseIntegerOption } from '../dates.js';
import { UsageError } from '../errors.js';

export interface MockOptions {
  demo?: boolean;
  port?: string;
  https?: boolean;
  data?: string[];
  user?: string[];
  synthetic?: string[];
}

export async function mock(context: Context, options: MockOptions): Promise<void> {
  const port =
    options.port === undefined
      ? 0
      : parseIntegerOption('--port', options.port, 0, 65535, 'a TCP port; 0 picks a free one');
  const users = (options.user ?? []).map((entry) => splitPair('--user', entry, 'EMAIL=PASSWORD'));
  const synthetic = (options.synthetic ?? []).map((entry) => {
    const [slug, count] = splitPair('--synthetic', entry, 'STREAM_SLUG=POINTS');
    return [
      slug,
      parseIntegerOption(
        '--synthetic',
        count,
        1,
        100_000_000,
        'e.g. --synthetic s--0000-0001--0000-0000-0000-0001--5001=1000000',
      ),
    ] as const;
  });
  const { DEMO_USER, MockIOTileCloud } = await import('@iotile/mock-cloud');
  const demo = options.demo === true ? DEMO_USER : undefined;
  let cloud: InstanceType<typeof MockIOTileCloud>;
  try {
    cloud = new MockIOTileCloud({
      demo: options.demo === true,
      ...(options.data ? { data: options.data } : {}),
    });
    for (const [email, password] of users) {
      cloud.quickAddUser(email, password);
    }
    for (const [slug, count] of synthetic) {
      cloud.addSyntheticStream(slug, { count });
    }
  } catch (error) {
    if ((error as Error).name === 'FixtureError' || (error as Error).name === 'SlugError') {
      throw new UsageError((error as Error).message, 'check the fixture file, or see: iotile mock --help');
    }
    throw error;
  }
  const server = await cloud.start({ port, https: options.https === true });
  context.io.stdout.write(`${server.url}\n`);
  if (demo) {
    context.log.info(`Demo cloud: log in as ${demo.email} with password ${demo.password}, e.g.`);
    context.log.info(
      `  IOTILE_PASSWORD=${demo.password} iotile login --domain ${server.url} --email ${demo.email}`,
    );
  }
  context.log.info('Serving until Ctrl-C.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}

function splitPair(option: string, entry: string, shape: string): [string, string] {
  const at = entry.indexOf('=');
  if (at <= 0 || at === entry.length - 1) {
    throw new UsageError(
      `${option}: expected ${shape}, got ${JSON.stringify(entry)}`,
      `e.g. ${option} ${shape}`,
    );
  }
  return [entry.slice(0, at), entry.slice(at + 1)];
}

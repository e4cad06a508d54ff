/**
 * `iotile-mock-cloud`: serve a mock cloud until SIGINT/SIGTERM. The first line of stdout is the URL (the
 * domain to give a client); problems go to stderr with exit status 1 (bad data) or 2 (bad usage).
 */
import { parseArgs } from 'node:util';

import { DEMO_USER } from './demo-constants.js';
import { RETRYABLE_STATUSES } from './faults.js';
import { FixtureError } from './fixture-error.js';
import { MockInputError } from './input-error.js';
import { MockIOTileCloud } from './mock-cloud.js';
import { SlugError } from './slugs.js';

const USAGE = `Usage: iotile-mock-cloud [options]

Serves a local, API-compatible IOTile Cloud on 127.0.0.1 (API under /api/v1/).
The first line of output is the server URL.

Options:
  --port N            port to listen on (default 0: any free port)
  --demo              load the built-in demo data set (user demo@example.com; see the README)
  --data FILE         fixture file (JSON, Python mock format); repeatable
  --stream-folder DIR folder with <stream-slug>.json|.csv, event_<id>.json, variable_types/
  --https             serve HTTPS with a self-signed certificate
  --latency-ms N      add N milliseconds to every request
  --fail-rate R       answer a share R (0..1) of requests with an error status (see --fail-status)
  --fail-status LIST  the statuses of those answers, comma-separated (default 500,503), or
                      "retryable" for 429,502,503,504 (what clients retry); 503 and 429 carry Retry-After
  --retry-after S     Retry-After seconds of 503 and 429 answers (default 1)
  --fail-paths RE     fault only requests whose path matches the regular expression RE
  --fail-except-paths RE
                      never fault requests whose path matches RE, e.g. '^/api/v1/auth/' (logins)
  --reset-rate R      reset the connection of a share R (0..1) of requests
  --seed S            seed of the injected faults (default 1)
  --user EMAIL=PASS   add a user; repeatable
  --synthetic SLUG=N  add a synthetic stream of N points (one a minute from 2020-01-01, value = index);
                      repeatable (for benchmarks and demos)
  --help              show this text
`;

function fail(message: string, code: number): never {
  process.stderr.write(`iotile-mock-cloud: ${message}\n`);
  process.exit(code);
}

function number(name: string, raw: string | undefined, check: (n: number) => boolean): number | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) {
    fail(`invalid --${name} value: ${raw}\n\n${USAGE}`, 2);
  }
  return n;
}

/** `500,503` or `retryable`: the statuses of injected failures. */
function statuses(raw: string | undefined): number[] | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (raw.trim() === 'retryable') {
    return [...RETRYABLE_STATUSES];
  }
  const list = raw.split(',').map((part) => part.trim());
  if (!list.every((part) => /^[45]\d\d$/.test(part))) {
    fail(
      `invalid --fail-status value (expected statuses from 400 to 599, comma-separated): ${raw}\n\n${USAGE}`,
      2,
    );
  }
  return list.map(Number);
}

function pattern(name: string, raw: string | undefined): RegExp | undefined {
  if (raw === undefined) {
    return undefined;
  }
  try {
    return new RegExp(raw);
  } catch (err) {
    fail(`invalid --${name} value (${(err as Error).message})\n\n${USAGE}`, 2);
  }
}

async function main(argv: string[]): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        demo: { type: 'boolean' },
        data: { type: 'string', multiple: true },
        'stream-folder': { type: 'string' },
        https: { type: 'boolean' },
        'latency-ms': { type: 'string' },
        'fail-rate': { type: 'string' },
        'fail-status': { type: 'string' },
        'retry-after': { type: 'string' },
        'fail-paths': { type: 'string' },
        'fail-except-paths': { type: 'string' },
        'reset-rate': { type: 'string' },
        seed: { type: 'string' },
        user: { type: 'string', multiple: true },
        synthetic: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  }
  try {
    values = parse().values;
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = number('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const latencyMs = number('latency-ms', values['latency-ms'], (n) => n >= 0);
  const failRate = number('fail-rate', values['fail-rate'], (n) => n >= 0 && n <= 1);
  const resetRate = number('reset-rate', values['reset-rate'], (n) => n >= 0 && n <= 1);
  const seed = number('seed', values.seed, (n) => Number.isInteger(n));
  const retryAfterSeconds = number(
    'retry-after',
    values['retry-after'],
    (n) => Number.isInteger(n) && n >= 0,
  );
  const failStatuses = statuses(values['fail-status']);
  const paths = pattern('fail-paths', values['fail-paths']);
  const exceptPaths = pattern('fail-except-paths', values['fail-except-paths']);

  let cloud: MockIOTileCloud;
  try {
    cloud = new MockIOTileCloud({
      demo: values.demo === true,
      data: values.data ?? [],
      streamFolder: values['stream-folder'] ?? null,
      faults:
        latencyMs || failRate || resetRate
          ? {
              ...(latencyMs === undefined ? {} : { latencyMs }),
              ...(failRate === undefined ? {} : { failRate }),
              ...(resetRate === undefined ? {} : { resetRate }),
              ...(seed === undefined ? {} : { seed }),
              ...(failStatuses === undefined ? {} : { failStatuses }),
              ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
              ...(paths === undefined ? {} : { paths }),
              ...(exceptPaths === undefined ? {} : { exceptPaths }),
            }
          : null,
    });
    cloud.validateStreamFolder();
    for (const entry of values.user ?? []) {
      const at = entry.indexOf('=');
      if (at <= 0) {
        fail(`invalid --user value (expected EMAIL=PASSWORD): ${entry}\n\n${USAGE}`, 2);
      }
      cloud.quickAddUser(entry.slice(0, at), entry.slice(at + 1));
    }
    for (const entry of values.synthetic ?? []) {
      const [slug = '', count = ''] = entry.split('=');
      const n = Number(count);
      if (!Number.isSafeInteger(n) || n < 0) {
        fail(`invalid --synthetic value (expected SLUG=COUNT): ${entry}\n\n${USAGE}`, 2);
      }
      cloud.addSyntheticStream(slug, { count: n });
    }
  } catch (err) {
    if (err instanceof MockInputError) {
      fail(`${err.message}\n\n${USAGE}`, 2);
    }
    if (err instanceof FixtureError || err instanceof RangeError || err instanceof SlugError) {
      fail(err.message, 1);
    }
    throw err;
  }
  const server = await cloud.start({ ...(port === undefined ? {} : { port }), https: values.https === true });
  process.stdout.write(`${server.url}\n`);
  if (values.demo) {
    // The password is in the README and in DEMO_USER; it is not printed.
    process.stderr.write(`iotile-mock-cloud: demo data loaded; log in as ${DEMO_USER.email}\n`);
  }
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  fail(err instanceof Error ? (err.stack ?? err.message) : String(err), 1);
});

/**
 * Background jobs (`apps/sqsworker`): the server queues work on SQS and records `pid:<id>` in its cache
 * for a day; `POST /pid/` looks one up. The mock runs work at once but records the job the same way, so
 * routes that answer with a `pid` (device reset, data-block archives) call `startJob` and `/pid/` finds it.
 *
 * Also `GET /dbstats/` (object counts, staff only).
 */
import { randomBytes } from 'node:crypto';

import type { Schema } from '../api-types.js';
import { forbidden, json } from '../http.js';
import { lowerBound } from '../points.js';
import type { Env, Router } from '../router.js';
import type { Obj } from '../store.js';
import { formatSecondsZ, parseIsoDateTime } from '../timestamps.js';
import { parseJsonBody } from './s3.js';

export const JOBS = 'jobs';

/** The cache keeps a job a day (`TIMEOUT = 60*60*24`). */
const JOB_SECONDS = 24 * 3600;

/**
 * Records a queued job of `type` (the action's class name, e.g. `DeviceDataResetAction`) and returns its
 * `pid` as the views answer it (`pid:<id>`). The id is short enough for `/pid/`'s 26-character field.
 */
export function startJob(env: Env, type: string): string {
  const id = randomBytes(8).toString('hex');
  env.store.table(JOBS).set(id, { id, type, dt: formatSecondsZ(Math.floor(env.now()) * 1_000_000) });
  return `pid:${id}`;
}

/** `ActionPID(pid).info()`: the job, by `pid:<id>` or `<id>`, while the cache keeps it. */
function jobInfo(env: Env, pid: string): Obj | null {
  const parts = pid.split(':');
  const id = parts.length > 1 ? (parts[1] ?? '') : pid;
  const job = env.store.table(JOBS).get(id);
  if (!job) {
    return null;
  }
  const started = parseIsoDateTime(String(job.dt));
  return started !== null && started / 1_000_000 + JOB_SECONDS <= env.now() ? null : job;
}

/** The `DbStats` labels: what each counts (`days`: created in the last N days). */
function dbStats(env: Env, days: number | null): Record<string, number> {
  const since = days === null ? null : env.now() - days * 86_400;
  const recent = (time: unknown): boolean => {
    if (since === null) {
      return true;
    }
    const us = typeof time === 'string' ? parseIsoDateTime(time) : null;
    return us !== null && us / 1_000_000 >= since;
  };
  const count = (rows: Iterable<Obj>, field = 'created_on'): number => {
    let n = 0;
    for (const row of rows) {
      if (recent(row[field])) {
        n += 1;
      }
    }
    return n;
  };
  const store = env.store;
  const devices = [...store.devices.values()];
  let data = 0;
  for (const slug of store.slugsWithData()) {
    const points = store.pointsOf(slug);
    if (points) {
      data += points.length - (since === null ? 0 : lowerBound(points, Math.ceil(since * 1_000_000)));
    }
  }
  return {
    Users: [...store.users.values()].filter((u) => u.isActive && recent(u.createdAt)).length,
    Orgs: count(store.orgs.values()),
    Projects: count(store.projects.values()),
    ActiveDevices: count(devices.filter((d) => d.active !== false)),
    ClaimedDevices: count(
      devices.filter((d) => d.active !== false && typeof d.project === 'string'),
      'claimed_on',
    ),
    EnabledStreams: count([...store.streams.values()].filter((s) => s.enabled !== false)),
    'StreamData*': data,
    'StreamEvents*': count(store.events.values(), 'timestamp'),
    StreamNotes: count(store.notes.values()),
    StreamerReports: count(store.reports.values()),
  };
}

export function jobRoutes(router: Router): void {
  router.add('/pid/', {
    POST: (req, env) => {
      const data = parseJsonBody(req);
      const body = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Obj) : {};
      const pid = body.pid;
      const valid =
        (typeof pid === 'string' || typeof pid === 'number') && String(pid).length <= 26 && pid !== '';
      if (!valid) {
        // The view builds the 400 but returns the 202: the serializer's data is what was sent.
        return json(202, (pid === undefined ? {} : { pid: String(pid) }) as Schema<'ActionPid'>);
      }
      const info = jobInfo(env, String(pid));
      return json(202, {
        pid: String(pid),
        info: info ? { type: String(info.type), created_on: String(info.dt) } : { error: 'Not found' },
      } satisfies Schema<'ActionPid'>);
    },
  });
  router.add('/dbstats/', {
    GET: (req, env) => {
      if (!req.user?.isStaff) {
        throw forbidden();
      }
      const raw = req.query.get('days');
      let days: number | null = null;
      if (raw) {
        if (!/^\s*[+-]?\d+\s*$/.test(raw)) {
          // `int(days)` on anything else: a ValueError, Django's 500.
          throw new Error(`invalid literal for int() with base 10: '${raw}'`);
        }
        days = Number.parseInt(raw, 10);
      }
      return json(200, {
        now: formatSecondsZ(Math.floor(env.now()) * 1_000_000),
        days: raw ?? 'all',
        stats: dbStats(env, days),
      } satisfies Schema<'DbStats'>);
    },
  });
}

/**
 * What any rule for the limit can do in a process's first download (nothing learned yet), on the
 * server model in virtual time: request schedules played with plain requests (no SDK), for
 * `simulate.ts`'s second table.
 *
 * The SDK's download sends page 1 alone (its `count` says how many pages follow) and learns nothing
 * about the server's parallelism before that page's answer: one request alone takes as long on a
 * server with one worker as on one with eight. Whatever a rule does next is therefore the same on
 * both until a second answer arrives. The schedules below are that first step taken every possible
 * way (k of the remaining pages at once), each followed by the best continuation for the server (an
 * oracle that knows it from the next answer on), and two ways around the rule "page 1 alone":
 * - page 2 sent with page 1 (speculative: a stream of one page gets a 404 "Invalid page." for it);
 * - a smaller first page (5,000 points, alone), then [5,000, 10,000) and [10,000, 20,000) at once
 *   (`page_size` 5,000 page 2 and `page_size` 10,000 page 2), the first of them judged against page 1's
 *   time per point, then pages 2..5 of 20,000 one at a time or all at once: a rule, not an oracle.
 *   It learns the server's shape from small pages, but costs every download of more than 5,000 points
 *   one or two more requests than the pages of 20,000 alone (a stream of 15,000 points: 3 instead of 1).
 */

import type { ServerModelOptions } from '@iotile/mock-cloud';
import { VirtualTime, virtualServer } from './virtual-server.js';

const SLUG = 's--0000-0001--0000-0000-0000-00d2--5001';
const PAGE = 20_000;

export interface Schedule {
  name: string;
  /** Plays the schedule; resolves the points received (all of them, or the schedule is wrong). */
  run: (get: GetPage) => Promise<number>;
}

/** Requests `page` of `pageSize` points; resolves its points, or 0 for a page past the end (404). */
type GetPage = (page: number, pageSize: number) => Promise<{ points: number; count: number; ms: number }>;

/**
 * Plays `schedule` against a model with `workers` (and `model`'s other options) and `latencyMs`: its
 * time (ms) and requests.
 */
export async function play(
  schedule: Schedule,
  workers: number,
  latencyMs: number,
  points: number,
  model: Omit<ServerModelOptions, 'workers' | 'clock' | 'setTimer'> = {},
): Promise<{ ms: number; requests: number }> {
  const time = new VirtualTime();
  const server = virtualServer(time, { count: points, latencyMs, model: { ...model, workers } });
  let requests = 0;
  const get: GetPage = async (page, pageSize) => {
    requests++;
    const started = time.now;
    const from = (page - 1) * pageSize;
    if (from >= points && page > 1) {
      // What the real server answers for a page past the end (after its COUNT query), as the model
      // times a request of no points.
      await time.sleep(latencyMs);
      await server.model.serve(async () => ({
        status: 404,
        headers: {},
        body: '{"detail":"Invalid page."}',
      }));
      return { points: 0, count: points, ms: time.now - started };
    }
    const response = await server.fetch(
      new Request(`https://model.test/api/v1/stream/${SLUG}/data/?page_size=${pageSize}&page=${page}`),
    );
    const body = (await response.json()) as { count: number; results: unknown[] };
    return { points: body.results.length, count: body.count, ms: time.now - started };
  };
  const n = await time.run(schedule.run(get));
  if (n !== points) {
    throw new Error(`${schedule.name}: ${n} points, expected ${points}`);
  }
  return { ms: time.now, requests };
}

/**
 * Pages `pages` (numbers, of `size` points) with at most `limit(answered)` open at once, `open`
 * already open (their promises): the limit may change with each answer.
 */
async function pool(
  get: GetPage,
  size: number,
  pages: number[],
  open: Promise<{ points: number }>[],
  limit: () => number,
): Promise<number> {
  let points = 0;
  const inFlight = new Set<Promise<unknown>>();
  const track = (promise: Promise<{ points: number }>) => {
    const tracked = promise.then((answer) => {
      points += answer.points;
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };
  for (const promise of open) {
    track(promise);
  }
  const queue = [...pages];
  for (;;) {
    while (queue.length > 0 && inFlight.size < limit()) {
      track(get(queue.shift() as number, size));
    }
    if (inFlight.size === 0) {
      return points;
    }
    await Promise.race(inFlight);
  }
}

/**
 * Page 1 alone, then `k` of the remaining pages at once; from the first answer after that, `then`
 * pages at once (the continuation an oracle would pick for the server).
 */
export function firstStep(k: number, then: number, size = PAGE): Schedule {
  return {
    name: `page 1 alone, then ${k} at once`,
    run: async (get) => {
      const first = await get(1, size);
      const last = Math.ceil(first.count / size);
      const rest = Array.from({ length: last - 1 }, (_, i) => i + 2);
      let answered = false;
      const round = rest.splice(0, k).map((page) =>
        get(page, size).then((answer) => {
          answered = true;
          return answer;
        }),
      );
      return first.points + (await pool(get, size, rest, round, () => (answered ? then : 0)));
    },
  };
}

/** Pages 1 and 2 at once (page 2 before `count` is known), then `then` at once. */
export function speculative(then: number, size = PAGE): Schedule {
  return {
    name: 'pages 1 and 2 at once (page 2 speculative)',
    run: async (get) => {
      const second = get(2, size);
      const first = await get(1, size);
      const last = Math.ceil(first.count / size);
      const rest = Array.from({ length: Math.max(0, last - 2) }, (_, i) => i + 3);
      return first.points + (await pool(get, size, rest, [second], () => then));
    },
  };
}

/**
 * A 5,000-point page 1 alone; then [5,000, 10,000) and [10,000, 20,000) at once; when the first of
 * them answers, its time per point against page 1's decides: within 1.5 times (served in parallel),
 * pages 2..N of 20,000 all at once (at most 4); otherwise one at a time.
 */
export function smallFirstPage(): Schedule {
  return {
    name: '5,000-point page 1 alone, then 5,000 + 10,000 at once, then a rule',
    run: async (get) => {
      const first = await get(1, 5_000);
      if (first.count <= 5_000) {
        return first.points;
      }
      const perPoint = first.ms / first.points;
      let limit = 0;
      const small = get(2, 5_000).then((answer) => {
        limit = answer.ms / answer.points <= 1.5 * perPoint ? 4 : 1;
        return answer;
      });
      const open = [small];
      if (first.count > 10_000) {
        open.push(get(2, 10_000));
      }
      const last = Math.ceil(first.count / PAGE);
      const rest = Array.from({ length: Math.max(0, last - 1) }, (_, i) => i + 2);
      return first.points + (await pool(get, PAGE, rest, open, () => limit));
    },
  };
}

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { HttpNotFoundError, InvalidResponseError, RequestAbortedError } from '../src/all-errors.js';
import { Api, InvalidInputError } from '../src/index.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN, useNock } from './nock-setup.js';

useNock();

const STREAM = 's--0000-0077--0000-0000-0000-00d2--5001';
const point = (n: number) => ({
  type: 'Num',
  timestamp: `2017-04-11T20:37:${String(n).padStart(2, '0')}Z`,
  int_value: n,
  value: n,
  display_value: String(n),
  output_value: n,
  streamer_local_id: n,
});

describe('sequential (default)', () => {
  it('yields the items of every page in order, following `next`, with page_size passed through', async () => {
    const url = `/api/v1/stream/${STREAM}/data/`;
    nock(DOMAIN)
      .get(url)
      .query({ page_size: '2', lastn: '5' })
      .reply(200, {
        count: 5,
        next: `${BASE}/stream/${STREAM}/data/?lastn=5&page=2&page_size=2`,
        previous: null,
        results: [point(1), point(2)],
      })
      .get(url)
      .query({ page_size: '2', lastn: '5', page: '2' })
      .reply(200, {
        count: 5,
        next: `${BASE}/stream/${STREAM}/data/?lastn=5&page=3&page_size=2`,
        previous: `${BASE}/stream/${STREAM}/data/?lastn=5&page_size=2`,
        results: [point(3), point(4)],
      })
      .get(url)
      .query({ page_size: '2', lastn: '5', page: '3' })
      .reply(200, {
        count: 5,
        next: null,
        previous: `${BASE}/stream/${STREAM}/data/?lastn=5&page=2&page_size=2`,
        results: [point(5)],
      });
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    const values: (number | null | undefined)[] = [];
    for await (const p of api.paginate('/stream/{slug}/data/', {
      params: { path: { slug: STREAM }, query: { page_size: 2, lastn: 5 } },
    })) {
      values.push(p.value);
    }
    expect(values).toEqual([1, 2, 3, 4, 5]);
  });

  it('fetches the next page only when the consumer asks for it, and not after a break', async () => {
    nock(DOMAIN)
      .get('/api/v1/device/')
      .reply(200, {
        count: 4,
        next: `${BASE}/device/?page=2`,
        previous: null,
        results: [{ slug: 'd--1' }, { slug: 'd--2' }],
      });
    const page2 = nock(DOMAIN).get('/api/v1/device/').query({ page: '2' }).reply(200, {});
    const api = new Api({ domain: DOMAIN });
    const seen: string[] = [];
    for await (const device of api.paginate('/device/')) {
      seen.push(device.slug);
      break;
    }
    expect(seen).toEqual(['d--1']);
    expect(page2.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('does not send the token to a `next` link on another origin', async () => {
    nock(DOMAIN)
      .matchHeader('authorization', 'jwt big-token')
      .get('/api/v1/event/')
      .query({ filter: STREAM })
      .reply(200, {
        count: 2,
        next: `https://elsewhere.test/api/v1/event/?filter=${STREAM}&page=2`,
        previous: null,
        results: [{ id: 1 }],
      });
    nock('https://elsewhere.test', { badheaders: ['authorization', 'x-custom'] })
      .get('/api/v1/event/')
      .query({ filter: STREAM, page: '2' })
      .reply(200, { count: 2, next: null, previous: null, results: [{ id: 2 }] });
    const api = new Api({ domain: DOMAIN, token: 'big-token' });
    const ids: number[] = [];
    for await (const event of api.paginate('/event/', {
      params: { query: { filter: STREAM } },
      headers: { 'X-Custom': 'for the API only' },
    })) {
      ids.push(event.id);
    }
    expect(ids).toEqual([1, 2]);
  });

  it('yields pages with count, number and links (paginatePages)', async () => {
    nock(DOMAIN)
      .get('/api/v1/org/')
      .reply(200, {
        count: 3,
        next: `${BASE}/org/?page=2`,
        previous: null,
        results: [{ slug: 'a' }, { slug: 'b' }],
      })
      .get('/api/v1/org/')
      .query({ page: '2' })
      .reply(200, { count: 3, next: null, previous: `${BASE}/org/`, results: [{ slug: 'c' }] });
    const pages = [];
    for await (const page of new Api({ domain: DOMAIN }).paginatePages('/org/')) {
      pages.push({
        page: page.page,
        count: page.count,
        next: page.next,
        slugs: page.items.map((o) => o.slug),
        status: page.response.status,
      });
    }
    expect(pages).toEqual([
      { page: 1, count: 3, next: `${BASE}/org/?page=2`, slugs: ['a', 'b'], status: 200 },
      { page: 2, count: 3, next: null, slugs: ['c'], status: 200 },
    ]);
  });

  it('surfaces a failing page after the earlier items', async () => {
    nock(DOMAIN)
      .get('/api/v1/project/')
      .reply(200, { count: 4, next: `${BASE}/project/?page=2`, previous: null, results: [{ name: 'p1' }] })
      .get('/api/v1/project/')
      .query({ page: '2' })
      .reply(404, { detail: 'Invalid page.' });
    const names: string[] = [];
    const error = await (async () => {
      for await (const project of new Api({ domain: DOMAIN }).paginate('/project/')) {
        names.push(project.name);
      }
    })().catch((e: unknown) => e);
    expect(names).toEqual(['p1']);
    expect(error).toBeInstanceOf(HttpNotFoundError);
    expect((error as HttpNotFoundError).detail).toBe('Invalid page.');
  });

  it('rejects a response that is not a page', async () => {
    nock(DOMAIN)
      .get('/api/v1/org/')
      .reply(200, [{ slug: 'a' }]);
    await expect(new Api({ domain: DOMAIN }).paginate('/org/').next()).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});

/** One macrotask: with an injected fetch, all the client does in between runs on promises. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A list of `total` numbered items served `pageSize` per page by a fetch that holds every page after
 * the first until the test's rule lets it go, recording concurrency (no clock decides anything):
 * - `{ answerAhead: n }`: once the client has settled with as many pages in flight as it may keep
 *   (`n`, fewer near the end), they are all answered, the last sent first (later pages finish first);
 * - `'never'`: pages after the first are held until aborted.
 */
function heldList(total: number, pageSize: number, rule: { answerAhead: number } | 'never') {
  const pages = Math.ceil(total / pageSize);
  const held: { page: number; answer: () => void }[] = [];
  const aborted: number[] = [];
  const ended: Promise<unknown>[] = [];
  let answered = 0;
  let maxInFlight = 0;
  const answerIfFull = () => {
    if (rule === 'never' || held.length === 0) {
      return;
    }
    if (held.length >= Math.min(rule.answerAhead, pages - answered)) {
      for (const { answer } of held.splice(0).reverse()) {
        answer();
      }
    }
  };
  const stub = stubFetch((request) => {
    const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
    const start = (page - 1) * pageSize;
    const results = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => ({
      id: start + i + 1,
    }));
    const next = start + pageSize < total ? `${BASE}/data/?page=${page + 1}&page_size=${pageSize}` : null;
    const response = () => json({ count: total, next, previous: null, results });
    if (page === 1) {
      answered++;
      return response();
    }
    const answer = new Promise<Response>((resolve, reject) => {
      const entry = {
        page,
        answer: () => {
          request.signal.removeEventListener('abort', onAbort);
          answered++;
          resolve(response());
        },
      };
      const onAbort = () => {
        held.splice(held.indexOf(entry), 1);
        aborted.push(page);
        reject(request.signal.reason);
      };
      request.signal.addEventListener('abort', onAbort);
      held.push(entry);
      maxInFlight = Math.max(maxInFlight, held.length);
    });
    ended.push(answer.catch(() => undefined));
    // Answered only once the client has sent all it would send before an answer.
    void settled().then(answerIfFull);
    return answer;
  });
  return {
    ...stub,
    maxInFlight: () => maxInFlight,
    aborted,
    held: () => held.map((entry) => entry.page),
    /** Resolves once every held page was answered or aborted. */
    allEnded: () => Promise.all(ended),
  };
}

describe('concurrency', () => {
  it('fetches ahead using count, keeps at most `concurrency` pages in flight, and yields in order', async () => {
    const list = heldList(19, 2, { answerAhead: 3 });
    // A fixed budget above 3: the paginator's own limit is the one under test (the adaptive budget
    // starts at 2 and grows on measured time).
    const api = new Api({ domain: DOMAIN, fetch: list.fetch, concurrency: 8 });
    const ids: number[] = [];
    for await (const item of api.paginate(
      '/data/',
      { params: { query: { filter: STREAM, page_size: 2 } } },
      { concurrency: 3 },
    )) {
      ids.push(item.id);
    }
    expect(ids).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(list.maxInFlight()).toBe(3);
    const pages = list.requests.map((r) => new URL(r.url).searchParams.get('page'));
    expect(pages).toEqual([null, '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(list.requests.every((r) => new URL(r.url).searchParams.get('filter') === STREAM)).toBe(true);
  });

  it('sequential mode never has two requests in flight', async () => {
    const list = heldList(7, 2, { answerAhead: 1 });
    const api = new Api({ domain: DOMAIN, fetch: list.fetch, concurrency: 8 });
    let count = 0;
    for await (const _ of api.paginate('/data/', { params: { query: { page_size: 2 } } })) {
      count++;
    }
    expect(count).toBe(7);
    expect(list.maxInFlight()).toBe(1);
  });

  it('stops fetching on break: no more than `concurrency` pages beyond the first, the rest aborted', async () => {
    const list = heldList(100, 2, 'never');
    // A fixed budget of 4, so that the 4 pages ahead are all sent at once.
    const api = new Api({ domain: DOMAIN, fetch: list.fetch, concurrency: 4 });
    for await (const item of api.paginate(
      '/data/',
      { params: { query: { page_size: 2 } } },
      { concurrency: 4 },
    )) {
      expect(item.id).toBe(1);
      break;
    }
    // `break` has run the generator's cleanup: the pages ahead were aborted then.
    expect(list.requests.length).toBe(1 + 4);
    expect(list.aborted.sort()).toEqual([2, 3, 4, 5]);
    // Nothing more once their aborts have gone through the client.
    await list.allEnded();
    await settled();
    expect(list.requests.length).toBe(1 + 4);
    expect(list.held()).toEqual([]);
  });

  it('follows `next` after the counted pages when rows were added meanwhile', async () => {
    const { fetch, requests } = stubFetch((request) => {
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1');
      const count = page === 1 ? 4 : 6; // two rows arrive after page 1
      const next = page < 3 ? `${BASE}/device/?page=${page + 1}` : null;
      return json({ count, next, previous: null, results: [{ id: page * 10 }, { id: page * 10 + 1 }] });
    });
    const ids: number[] = [];
    for await (const device of new Api({ domain: DOMAIN, fetch }).paginate('/device/', undefined, {
      concurrency: 2,
    })) {
      ids.push(device.id);
    }
    expect(ids).toEqual([10, 11, 20, 21, 30, 31]);
    expect(requests).toHaveLength(3);
  });

  it('passes the caller signal to every page', async () => {
    const list = heldList(100, 2, 'never');
    const controller = new AbortController();
    const api = new Api({ domain: DOMAIN, fetch: list.fetch });
    const error = await (async () => {
      for await (const item of api.paginate('/data/', { signal: controller.signal }, { concurrency: 2 })) {
        if (item.id === 2) {
          controller.abort();
        }
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    // Page 1 and the two ahead of it; those two ended by the caller's signal.
    expect(list.requests.length).toBe(3);
    expect(list.aborted.sort()).toEqual([2, 3]);
  });

  it.each([0, 9, 1.5, Number.NaN])('rejects concurrency %s', async (concurrency) => {
    const { fetch, requests } = stubFetch(() => json({}));
    await expect(
      new Api({ domain: DOMAIN, fetch }).paginate('/org/', undefined, { concurrency }).next(),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(requests).toHaveLength(0);
  });
});

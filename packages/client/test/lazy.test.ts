/**
 * What is loaded on first use (`import()`, lazy chunks in a browser bundle): a part that can not be
 * loaded fails its call with a typed error, and the request budgets exist only once a paginated
 * download asks for them.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../src/all-errors.js';
import { Api } from '../src/index.js';
import { budgetSlotOf } from '../src/internal/budget-registry.js';
import {
  type RequestBudget,
  RequestBudgets,
  registerBudgets,
  requestBudgetOf,
} from '../src/internal/index.js';
import { loadPart } from '../src/lazy.js';
import { json, stubFetch } from './helpers.js';
import { BASE, DOMAIN } from './nock-setup.js';

describe('loadPart', () => {
  it('resolves the part', async () => {
    const part = { answer: 42 };
    await expect(loadPart(async () => part, 'GET', `${BASE}/org/`)).resolves.toBe(part);
  });

  it('turns a chunk that fails to load into the ConnectionError of the call, URL redacted', async () => {
    const failure = new TypeError('Failed to fetch dynamically imported module: https://app.test/x.js');
    const error = await loadPart(
      () => Promise.reject(failure),
      'POST',
      `${BASE}/auth/login/?token=abc`,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({
      method: 'POST',
      url: `${BASE}/auth/login/?token=%5Bredacted%5D`,
      cause: failure,
    });
    expect((error as Error).message).toContain("the client's code for it could not be loaded");
    expect((error as Error).message).toContain('Failed to fetch dynamically imported module');
    expect((error as Error).message).not.toContain('abc');
  });
});

describe('request budgets, made on first use', () => {
  const page = (request: Request) => {
    const number = Number(new URL(request.url).searchParams.get('page') ?? '1');
    return json({
      count: 4,
      next: number < 2 ? `${BASE}/device/?page=${number + 1}` : null,
      previous: null,
      results: [{ id: number * 2 }, { id: number * 2 + 1 }],
    });
  };

  it('typed calls and 503s leave them unmade; the first paginated download makes them', async () => {
    const { fetch } = stubFetch((request) =>
      request.url.includes('/org/') ? json({ detail: 'busy' }, 503) : page(request),
    );
    const api = new Api({ domain: DOMAIN, fetch, retries: 0, concurrency: 2 });
    const slot = budgetSlotOf(api);
    expect(slot?.settings).toMatchObject({ concurrency: 2, max: 8 });
    const { response } = await api.GET('/org/');
    expect(response.status).toBe(503);
    expect(slot?.budgets).toBeUndefined();
    const ids: number[] = [];
    for await (const device of api.paginate('/device/', {}, { concurrency: 2 })) {
      ids.push((device as unknown as { id: number }).id);
    }
    expect(ids).toEqual([2, 3, 4, 5]);
    expect(slot?.budgets).toBeInstanceOf(RequestBudgets);
    // The same budgets for the Api's own downloads and for the packages that download through it.
    const budget = requestBudgetOf(api, BASE) as RequestBudget;
    expect(budget.peak).toBeGreaterThanOrEqual(1);
    expect(budget.peak).toBeLessThanOrEqual(2);
    expect(budget.inFlight).toBe(0);
  });

  it('requestBudgetOf makes them for a package that downloads through an Api (StreamData, reports)', () => {
    const api = new Api({ domain: DOMAIN, fetch: stubFetch(page).fetch, concurrency: 3 });
    const budget = requestBudgetOf(api, BASE) as RequestBudget;
    expect(budget.limit).toBe(3);
    expect(requestBudgetOf(api, `${BASE}/device/`)).toBe(budget);
    expect(budgetSlotOf(api)?.budgets?.for(BASE)).toBe(budget);
    expect(requestBudgetOf({}, BASE)).toBeUndefined();
  });

  it('registerBudgets still sets the budgets of an object', () => {
    const owner = {};
    const budgets = new RequestBudgets({ concurrency: 1, max: 8 });
    registerBudgets(owner, budgets);
    expect(requestBudgetOf(owner, BASE)).toBe(budgets.for(BASE));
  });
});

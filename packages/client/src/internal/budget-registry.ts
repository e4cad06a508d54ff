/**
 * Which request budgets belong to which `Api`, without the budget code itself.
 *
 * The `Api` registers the settings of its budgets here when it is built; the budgets (`budget.ts`,
 * with the adaptive limiter of `limiter.ts`) are made from them on first use, by whoever downloads
 * pages through that `Api` (`paginate`, `StreamData`, reports: `requestBudgetsOf`). So an application
 * that never downloads pages never loads that code: a browser bundle keeps it in a lazy chunk.
 * Until the budgets exist there is nothing to cut on a 429/503, so `budgets` staying `undefined`
 * changes no behaviour.
 */

import type { BudgetSettings, RequestBudgets } from './budget.js';

/** The budgets of one `Api`: their settings, and the budgets once made. */
export interface BudgetSlot {
  readonly settings: BudgetSettings;
  /** The `Api`'s own `fetch`, if any: what its adaptive budgets learn is kept per fetch (`limitMemoryFor`). */
  readonly fetch: object | undefined;
  budgets: RequestBudgets | undefined;
}

const slots = new WeakMap<object, BudgetSlot>();

/** Registers `slot` for `owner` (an `Api`, or the core it calls through). */
export function setBudgetSlot(owner: object, slot: BudgetSlot): void {
  slots.set(owner, slot);
}

/** The slot of `owner`, or `undefined` for anything that is not an `Api` of this copy of the client. */
export function budgetSlotOf(owner: object): BudgetSlot | undefined {
  return slots.get(owner);
}

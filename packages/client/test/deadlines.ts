/**
 * Test helpers that replace time by events: a deadline that passes when the test says so, and
 * barriers the test server opens when it has seen something. With them no test races a timer
 * against a socket event, however loaded the machine is.
 */
import { vi } from 'vitest';

/** One deadline the client asked for (`AbortSignal.timeout(ms)`), passed by `pass()`. */
export interface ManualDeadline {
  readonly ms: number;
  readonly signal: AbortSignal;
  pass(): void;
}

/**
 * Replaces `AbortSignal.timeout` (the clock behind every per-attempt deadline) until the test ends
 * (`restoreMocks`). A deadline passes only when the test calls `pass()`, with the same reason a real
 * one has (a `TimeoutError` DOMException).
 */
export function manualDeadlines() {
  const created: ManualDeadline[] = [];
  const waiting = new Map<number, Array<(deadline: ManualDeadline) => void>>();
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => {
    const controller = new AbortController();
    const deadline: ManualDeadline = {
      ms,
      signal: controller.signal,
      pass: () => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')),
    };
    created.push(deadline);
    for (const resolve of waiting.get(created.length - 1) ?? []) {
      resolve(deadline);
    }
    return controller.signal;
  });
  return {
    /** Every deadline created so far, in order. */
    created,
    /** The `index`-th deadline the client creates (0 = the first), once it exists. */
    nth(index: number): Promise<ManualDeadline> {
      const existing = created[index];
      if (existing) {
        return Promise.resolve(existing);
      }
      return new Promise((resolve) => waiting.set(index, [...(waiting.get(index) ?? []), resolve]));
    },
    /** Passes every deadline created so far. */
    passAll(): void {
      for (const deadline of created) {
        deadline.pass();
      }
    },
  };
}

/** A queue of events: `push` from the server, `next()` awaited by the test (no polling, no sleeping). */
export function eventQueue<T>() {
  const items: T[] = [];
  const waiting: Array<(item: T) => void> = [];
  let consumed = 0;
  return {
    push(item: T): void {
      items.push(item);
      waiting.shift()?.(items[consumed++] as T);
    },
    next(): Promise<T> {
      if (consumed < items.length) {
        return Promise.resolve(items[consumed++] as T);
      }
      return new Promise((resolve) => waiting.push(resolve));
    },
    get all(): readonly T[] {
      return items;
    },
    reset(): void {
      items.length = 0;
      waiting.length = 0;
      consumed = 0;
    },
  };
}

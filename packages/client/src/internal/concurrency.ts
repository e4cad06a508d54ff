/**
 * Bounded concurrency, shared by the `@iotile/*` packages (reports over many sources and streams).
 *
 * Runs a task per item with at most `limit` running at once and returns the results in the items'
 * order. The first failure aborts the shared signal (so running downloads stop) and is rethrown once
 * every started task has settled: nothing keeps running after `mapConcurrent` returns.
 */
export async function mapConcurrent<Item, Result>(
  items: readonly Item[],
  limit: number,
  signal: AbortSignal | undefined,
  task: (item: Item, signal: AbortSignal) => Promise<Result>,
): Promise<Result[]> {
  const stop = new AbortController();
  const shared = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const results = new Array<Result>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length && !shared.aborted) {
      const index = next++;
      try {
        results[index] = await task(items[index] as Item, shared);
      } catch (error) {
        failure ??= { error };
        stop.abort(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) {
    throw failure.error;
  }
  signal?.throwIfAborted();
  return results;
}

/**
 * Run `work` over items with at most `window` results in flight or waiting, and hand results to
 * `emit` in input order. Memory stays bounded by the window, not by the number of items.
 */
export async function forEachOrdered<T, R>(
  items: readonly T[],
  window: number,
  work: (item: T) => Promise<R>,
  emit: (result: R) => Promise<void> | void,
): Promise<void> {
  const inFlight = new Map<number, Promise<R>>();
  let next = 0;
  for (let index = 0; index < items.length; index += 1) {
    while (next < items.length && inFlight.size < window) {
      inFlight.set(next, work(items[next]));
      next += 1;
    }
    const result = await inFlight.get(index)!;
    inFlight.delete(index);
    await emit(result);
  }
}

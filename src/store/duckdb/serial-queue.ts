/** Runs async tasks one after the other, in the order they were queued. */
export interface SerialQueue {
  run<T>(task: () => Promise<T>): Promise<T>
}

/**
 * A one-lane queue. A DuckDB connection holds one transaction at a time, so two `write` calls
 * on the same connection must not interleave their BEGIN … COMMIT; the store queues every
 * statement of a connection here. A failed task does not stop the ones after it.
 *
 * @example
 * const queue = createSerialQueue()
 * await Promise.all([queue.run(() => writeA()), queue.run(() => writeB())]) // B starts after A ends
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve()
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task)
      // The next task waits for this one to settle, whatever its outcome.
      tail = result.catch(() => undefined)
      return result
    },
  }
}

import pLimit from 'p-limit'

/** Tasks run a few at a time, with a bounded line of waiting ones. */
export interface BoundedQueue {
  /**
   * Runs `task` in a free slot, or after the tasks before it when all are busy; null, without
   * running it, when the slots and the line are all taken.
   */
  run<T>(task: () => Promise<T>): Promise<T> | null
  /** Whether `count` more tasks would be taken now (none refused). */
  hasRoom(count: number): boolean
}

/**
 * At most `concurrency` tasks running and `queue` more waiting, server-wide; past that a task
 * is refused at once, so a crowd of clients makes some of them retry later instead of making
 * every one of them wait without end. On p-limit, whose counts change synchronously when a task
 * is added or ends: no race between the check and the add.
 *
 * @example
 * const line = createBoundedQueue({ concurrency: 2, queue: 16 })
 * const done = line.run(() => work())
 * if (done === null) return busy()
 */
export function createBoundedQueue(options: {
  readonly concurrency: number
  readonly queue: number
}): BoundedQueue {
  const { concurrency, queue } = options
  const limit = pLimit(concurrency)
  const taken = () => limit.activeCount + limit.pendingCount
  return {
    run(task) {
      if (taken() >= concurrency + queue) return null
      return limit(task)
    },
    hasRoom: (count) => taken() + count <= concurrency + queue,
  }
}

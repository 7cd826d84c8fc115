import { AppError, isAppError } from '../lib/app-error.js'
import type { ConsentReceipt, StoredEvent, Store } from './store.js'
import type { Writer } from './writer.js'

interface Pending {
  /** An event, a receipt, or a mark that only resolves once the items before it are done. */
  readonly item:
    { readonly event: StoredEvent } | { readonly receipt: ConsentReceipt } | { readonly mark: true }
  readonly resolve: () => void
  readonly reject: (error: AppError) => void
}

/** Options of the group-commit writer. */
export interface GroupCommitWriterOptions {
  readonly store: Pick<Store, 'write'>
  /** Most items in one transaction; a longer queue goes out in several, one after the other. */
  readonly maxBatch?: number
}

/**
 * The collector's writer: group commit (DESIGN.md rule 6). When no commit is running, an item
 * starts one at once — no timer, so a quiet site pays one fsync per request and no added
 * latency. Items that arrive while a commit runs queue up and all go in the next single
 * `store.write`, so under load the number of fsyncs per second stays at what the disk can do
 * while the rows per transaction grow. Each append resolves only once the write holding it has
 * committed; if that write fails, every item of that batch (and only of that batch) rejects
 * with STORE_FAILED (STORE_UNREACHABLE when the store says it cannot be reached), and the next
 * batch is tried as usual.
 *
 * `settled()` resolves when everything accepted before it is committed (an erasure's barrier).
 * `close()` refuses new items (SHUTTING_DOWN) and resolves when everything accepted before it
 * is committed (or has failed). It does not close the store, which belongs to its creator.
 *
 * @example
 * const writer = createGroupCommitWriter({ store })
 * await writer.appendEvent(event) // durable when this resolves
 * await writer.close()
 */
export function createGroupCommitWriter(options: GroupCommitWriterOptions): Writer {
  const { store } = options
  const maxBatch = options.maxBatch ?? 5000
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1)
    throw new RangeError(`maxBatch must be a whole number ≥ 1, got ${maxBatch}`)

  const queue: Pending[] = []
  let running: Promise<void> | undefined
  let closed = false

  const commitBatch = async (batch: readonly Pending[]): Promise<void> => {
    const events: StoredEvent[] = []
    const receipts: ConsentReceipt[] = []
    for (const { item } of batch) {
      if ('event' in item) events.push(item.event)
      else if ('receipt' in item) receipts.push(item.receipt)
    }
    try {
      if (events.length + receipts.length > 0) await store.write({ events, receipts })
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause)
      // A store that cannot be reached says so (the operator's fix differs from a failed write).
      const unreachable = isAppError(cause) && cause.code === 'STORE_UNREACHABLE'
      const error = new AppError(
        unreachable ? 'STORE_UNREACHABLE' : 'STORE_FAILED',
        `a batch of ${batch.length} items was not stored: ${message}`,
        { cause },
      )
      for (const p of batch) p.reject(error)
      return
    }
    for (const p of batch) p.resolve()
  }

  const drain = async (): Promise<void> => {
    try {
      while (queue.length > 0) {
        // Taken synchronously: what arrives during the write waits for the next one.
        const batch = queue.splice(0, maxBatch)
        await commitBatch(batch)
      }
    } finally {
      running = undefined
    }
  }

  const enqueue = (item: Pending['item']): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject })
      // Starting here, synchronously, is what makes an idle writer commit with no delay.
      running ??= drain()
    })

  const append = (item: Pending['item']): Promise<void> => {
    if (closed)
      return Promise.reject(
        new AppError('SHUTTING_DOWN', 'the writer is closed; nothing was stored.'),
      )
    return enqueue(item)
  }

  return {
    appendEvent: (event) => append({ event }),
    appendReceipt: (receipt) => append({ receipt }),
    async settled(): Promise<void> {
      // Batches commit in order: the mark resolves after every item queued before it. A failed
      // batch is settled too (its items were refused, not stored).
      if (running) await enqueue({ mark: true }).catch(() => undefined)
    },
    async close(): Promise<void> {
      closed = true
      await running
    },
  }
}

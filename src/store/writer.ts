import type { ConsentReceipt, StoredEvent } from './store.js'

/**
 * Where the collector hands what it accepted. Each promise resolves only once the item is
 * durably committed (group commit: one transaction per batch of requests), so a request is
 * acknowledged only after its data is safe; it rejects with STORE_FAILED or SHUTTING_DOWN.
 *
 * @example
 * await writer.appendEvent(event) // committed when this resolves
 * return c.json({ ok: true }, 202)
 */
export interface Writer {
  appendEvent(event: StoredEvent): Promise<void>
  appendReceipt(receipt: ConsentReceipt): Promise<void>
  /**
   * Resolves once everything accepted before the call is committed (or has failed): what an
   * erasure waits for, so that no event already on its way is stored after it.
   */
  settled(): Promise<void>
  /** Commits everything already accepted, then refuses new items (SHUTTING_DOWN). */
  close(): Promise<void>
}

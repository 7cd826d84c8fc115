import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { LIMITS } from '../protocol/limits.js'
import { parseVisitorId, type VisitorId } from '../protocol/visitor-id.js'
import type { ConsentReceipt, StoredEvent, Store } from '../store/store.js'
import type { Writer } from '../store/writer.js'
import { jsonResponse } from './json-response.js'
import { reject } from './reject.js'

/** Events are read in pages of this size, so that a very active visitor still gets everything. */
const PAGE = 1000
/** Receipts are few per visitor (one per decision); this bound only guards against a runaway. */
const MAX_RECEIPTS = 10_000

/**
 * Visitor self-service: `GET /api/visitor/:id` shows everything stored under a visitor id,
 * `DELETE /api/visitor/:id` erases it (events deleted, receipts kept as proof but unlinked),
 * after the writer has committed what it already accepted, so that no event on its way is stored
 * after the erasure. The
 * id is a 128-bit secret held only in the visitor's cookie, so holding it is the authorisation.
 * An expired id is still served: its data exists until retention removes it.
 *
 * @example
 * const { see, erase } = createVisitorHandlers(store, writer, clock)
 * await see('1767225600.8f14e45fceea167a5a36dedd4bea2543') // 200 { visitor, events, receipts }
 */
export function createVisitorHandlers(
  store: Store,
  writer: Pick<Writer, 'settled'>,
  clock: Clock,
): {
  see: (id: string) => Promise<Response>
  erase: (id: string) => Promise<Response>
} {
  return {
    async see(id) {
      const visitor = readId(id, clock)
      if (!visitor) return reject(invalid())
      const events: StoredEvent[] = []
      for (;;) {
        const page = await store.listEvents({
          visitor: visitor.id,
          limit: PAGE,
          offset: events.length,
        })
        events.push(...page)
        if (page.length < PAGE) break
      }
      const receipts: ConsentReceipt[] = await store.listReceipts({
        visitor: visitor.id,
        limit: MAX_RECEIPTS,
      })
      // Events set aside (the store could not read them back) are the visitor's data too.
      const setAside = await store.listSetAside(visitor.id)
      return jsonResponse(200, { visitor: visitor.id, events, setAside, receipts })
    },
    async erase(id) {
      const visitor = readId(id, clock)
      if (!visitor) return reject(invalid())
      await writer.settled()
      const removed = await store.eraseVisitor(visitor.id)
      return jsonResponse(200, { ok: true, visitor: visitor.id, removed })
    },
  }
}

/** A well-formed id not deposited in the future; an expired one is still the visitor's own. */
function readId(id: string, clock: Clock): VisitorId | null {
  const visitor = parseVisitorId(id)
  return visitor && visitor.deposit <= clock.now() + LIMITS.futureSkewMs ? visitor : null
}

function invalid(): AppError {
  return new AppError(
    'VISITOR_INVALID',
    'id: a visitor id is "<first deposit, unix seconds>.<32 lower-case hex digits>", deposited in the past.',
    { where: 'id' },
  )
}

import type { Store } from '../store/store.js'
import { generateReceipts, type ReceiptOptions } from './generate-receipts.js'
import { generateTraffic, type TrafficOptions } from './generate-traffic.js'

/** Synthetic traffic and its consent decisions: one receipt per 20 events. */
export type SyntheticOptions = TrafficOptions & Omit<ReceiptOptions, 'receipts'>

/**
 * Writes the same synthetic events (generate-traffic.ts) and, about one per 20 events, consent
 * decisions (generate-receipts.ts) into every store given, batch by batch, then `optimize`s
 * each (seeded events come out of time order: rollups are rewritten in reading order, as live
 * traffic leaves them). `onEvents` hears the events written so far.
 *
 * @example await writeSynthetic([store], { events: 1e5, months: 3, now, seed: 1, sites, lifetimeMonths: 13, purposes, versions, validityMonths: 13, refusalMonths: 6 })
 */
export async function writeSynthetic(
  stores: readonly Store[],
  options: SyntheticOptions,
  onEvents: (written: number) => void = () => undefined,
): Promise<void> {
  let written = 0
  for (const events of generateTraffic(options)) {
    await Promise.all(stores.map((store) => store.write({ events, receipts: [] })))
    written += events.length
    onEvents(written)
  }
  for (const receipts of generateReceipts({ ...options, receipts: Math.ceil(options.events / 20) }))
    await Promise.all(stores.map((store) => store.write({ events: [], receipts })))
  for (const store of stores) await store.optimize()
}

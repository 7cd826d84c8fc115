import { addMonths } from '../protocol/months.js'
import type { ConsentReceipt } from '../store/store.js'
import { createSeededRandom } from '../lib/seeded-random.js'

/** What synthetic consent decisions to make. Dates are epoch ms. */
export interface ReceiptOptions {
  readonly receipts: number
  /** Spread over this many months before `now`. */
  readonly months: number
  readonly now: number
  /** Same seed, same receipts. */
  readonly seed: number
  readonly sites: readonly string[]
  /** The purposes every decision names. */
  readonly purposes: readonly string[]
  /** Policy versions decisions were made under, oldest first; later ones are likelier. */
  readonly versions: readonly string[]
  readonly validityMonths: number
  readonly refusalMonths: number
}

/**
 * Synthetic consent receipts for `temoin seed`, shaped like the collector's: about 55 % accept
 * everything, 30 % refuse everything, the rest choose per purpose; a visitor id only when
 * `statistics` is granted (a refusal leaves none); a few come from Global Privacy Control.
 * Deterministic for a seed.
 *
 * @example for (const batch of generateReceipts({ receipts: 1000, months: 3, now, seed: 1, sites, purposes, versions: ['2026-11'], validityMonths: 13, refusalMonths: 6 })) await store.write({ events: [], receipts: batch })
 */
export function* generateReceipts(
  options: ReceiptOptions,
  batchSize = 10_000,
): Generator<ConsentReceipt[]> {
  const rng = createSeededRandom(options.seed ^ 0x5eed)
  const start = addMonths(options.now, -options.months)
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('')
  let batch: ConsentReceipt[] = []
  for (let i = 0; i < options.receipts; i++) {
    // Later moments likelier (a growing audience), like the traffic.
    const time = Math.floor(start + Math.sqrt(rng()) * (options.now - start))
    const site = options.sites[rng() < 0.7 ? 0 : Math.floor(rng() * options.sites.length)] ?? ''
    const gpc = rng() < 0.03
    const r = rng()
    const granted = gpc
      ? []
      : r < 0.55
        ? [...options.purposes]
        : r < 0.85
          ? []
          : options.purposes.filter(() => rng() < 0.5)
    const refused = options.purposes.filter((p) => !granted.includes(p))
    const v = options.versions
    const version = v[Math.min(v.length - 1, Math.floor(Math.sqrt(rng()) * v.length))] ?? ''
    const deposit = time - Math.floor(rng() * 30) * 86_400_000
    const cookieEnd = addMonths(deposit, options.validityMonths)
    const expires =
      granted.length > 0 ? cookieEnd : Math.min(cookieEnd, addMonths(time, options.refusalMonths))
    batch.push({
      id: hex(32),
      time,
      site,
      policyVersion: version,
      granted,
      refused,
      deposit,
      expires,
      visitor: granted.includes('statistics') ? `${Math.floor(deposit / 1000)}.${hex(32)}` : null,
      gpc,
    })
    if (batch.length >= batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

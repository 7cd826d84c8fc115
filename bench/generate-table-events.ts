import { createSeededRandom } from '../src/lib/seeded-random.js'
import type { StoredEvent } from '../src/store/store.js'

/** The shape of a path × country × month table to make page views for. */
export interface TableEventsOptions {
  readonly site: string
  readonly paths: number
  readonly countries: readonly string[]
  /** The 12 months of this UTC year. */
  readonly year: number
  /** Visitors of the largest cell over a year, roughly: the table's size in events. */
  readonly scale: number
  readonly seed: number
}

/**
 * Page views whose path × country × month table has a known shape, for the exact-count
 * benchmark: paths and countries with Zipf-like popularity (exponent 0.6), every month of a
 * year, each cell visited by about scale × weights distinct visitors (± 50 %), each making one
 * page view or (one in five) two. Small pages in small countries are the small cells that
 * primary suppression withholds. Deterministic for a seed; batches of `batchSize`.
 *
 * @example for (const events of generateTableEvents({ site: 'localhost', paths: 30, countries, year: 2025, scale: 6500, seed: 1 })) await store.write({ events, receipts: [] })
 */
export function* generateTableEvents(
  options: TableEventsOptions,
  batchSize = 50_000,
): Generator<StoredEvent[]> {
  const rand = createSeededRandom(options.seed)
  const hex = (n: number) => n.toString(16).padStart(32, '0')
  const paths = Array.from({ length: options.paths }, (_, i) => `/articles/a${i + 1}.html`)
  const weight = (i: number) => 1 / (i + 1) ** 0.6
  let batch: StoredEvent[] = []
  let serial = 0
  let visitors = 0
  for (let m = 0; m < 12; m++) {
    const start = Date.UTC(options.year, m, 1)
    const span = Date.UTC(options.year, m + 1, 1) - start
    const season = 0.8 + 0.4 * rand()
    for (const [p, path] of paths.entries())
      for (const [c, country] of options.countries.entries()) {
        const mean = (options.scale * weight(p) * weight(c) * season) / 12
        const count = Math.floor(mean * (0.5 + rand()))
        for (let v = 0; v < count; v++) {
          const visitor = `${Math.floor(start / 1000)}.${hex(++visitors)}`
          const views = rand() < 0.2 ? 2 : 1
          for (let i = 0; i < views; i++) {
            batch.push({
              id: hex(++serial),
              time: start + Math.floor(rand() * span),
              site: options.site,
              type: 'pageview',
              name: '',
              path,
              query: '',
              referrer: '',
              visitor,
              country,
              device: 'desktop',
              browser: 'Firefox',
              os: 'Linux',
              props: {},
            })
            if (batch.length >= batchSize) {
              yield batch
              batch = []
            }
          }
        }
      }
  }
  if (batch.length > 0) yield batch
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateReceipts } from '../../src/cli/generate-receipts.js'
import { generateTraffic } from '../../src/cli/generate-traffic.js'
import { STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import { toDate } from '../../src/lib/calendar-date.js'
import { periodOf } from '../../src/stats/stats-period.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type { Filters, Interval, StatsEndpoint } from '../../src/stats/stats-types.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { recordingStore } from '../helpers/recording-store.js'

const NOW = Date.parse('2026-06-15T15:00:00Z')
const SITES = ['example.org', 'other.example']

const FILTERS: Filters[] = [
  {},
  { page: '/' },
  { entry: '/' },
  { country: 'FR' },
  { device: 'mobile', os: 'iOS' },
  { browser: 'Chrome', country: 'BE' },
  { referrer: 'www.google.com' },
  { referrer: '' },
  { utm_source: 'newsletter' },
  { utm_campaign: '2026-05', utm_medium: 'email' },
  { event: 'download' },
  { event: 'outbound', country: 'FR' },
]

// The rollups must give the raw scans' answers, row for row, on realistic traffic (the seed
// generator's), for every endpoint, filter and interval — including after an erasure and a purge.
describe('rollups answer exactly what the raw events answer', () => {
  let store: Store
  beforeAll(async () => {
    // Compacting often: answers must not depend on how the rollups' rows are grouped.
    store = await createDuckdbStore({
      path: ':memory:',
      rollups: statsRollups,
      compactMinRows: 3000,
    })
    const traffic = generateTraffic(
      { events: 20_000, months: 4, now: NOW, seed: 7, sites: SITES, lifetimeMonths: 13 },
      4000,
    )
    const receipts = generateReceipts(
      {
        receipts: 1500,
        months: 4,
        now: NOW,
        seed: 7,
        sites: SITES,
        purposes: ['statistics', 'personalisation'],
        versions: ['2026-01', '2026-04'],
        validityMonths: 13,
        refusalMonths: 6,
      },
      300,
    )
    // Receipts with events in some batches, alone in others.
    for (const batch of traffic) {
      const next = receipts.next()
      await store.write({ events: batch, receipts: next.done === true ? [] : next.value })
    }
    for (const batch of receipts) await store.write({ events: [], receipts: batch })
  })
  afterAll(() => store.close())

  const queries = (): StatsQuery[] => {
    const query = (
      site: string,
      from: string,
      to: string,
      interval: Interval,
      filters: Filters,
    ) => ({
      site,
      from,
      to,
      ...periodOf(from, to),
      interval,
      limit: 50,
      filters,
      now: NOW,
      event: filters.event ?? 'download',
    })
    return [
      // Every filter on a 30-day period…
      ...FILTERS.map((filters) => query('example.org', '2026-05-17', '2026-06-15', 'day', filters)),
      // …and the other intervals, the other site.
      ...[{}, { country: 'FR' }].flatMap((filters) => [
        query('example.org', '2026-06-13', '2026-06-14', 'hour', filters),
        query('example.org', '2026-03-01', '2026-06-15', 'week', filters),
        query('example.org', '2026-02-15', '2026-06-15', 'month', filters),
        query('other.example', '2026-05-17', '2026-06-15', 'day', filters),
      ]),
    ]
  }

  const compareAll = async () => {
    let compared = 0
    const rollupSql: string[] = []
    for (const query of queries()) {
      for (const [endpoint, run] of Object.entries(STATS_ENDPOINTS) as [
        StatsEndpoint,
        (typeof STATS_ENDPOINTS)['summary'],
      ][]) {
        const raw = await run(store, { ...query, source: 'raw' })
        const auto = await run(recordingStore(store, rollupSql), { ...query, source: 'auto' })
        expect(
          auto,
          `${endpoint} ${JSON.stringify(query.filters)} ${query.from}→${query.to}`,
        ).toEqual(raw)
        compared++
      }
    }
    return { compared, rollupSql }
  }

  it(
    'on seeded traffic, for every endpoint, filter, period and interval',
    { timeout: 240_000 },
    async () => {
      const { compared, rollupSql } = await compareAll()
      expect(compared).toBe((FILTERS.length + 8) * Object.keys(STATS_ENDPOINTS).length)
      // Not vacuous: the answers had figures, and every rollup was read.
      for (const name of store.rollups)
        expect(
          rollupSql.some((sql) => sql.includes(`rollup_${name}`)),
          name,
        ).toBe(true)
      const summary = await STATS_ENDPOINTS.summary(store, queries()[0]!)
      expect(JSON.stringify(summary)).toMatch(/"value":[1-9]/)
      const versions = await STATS_ENDPOINTS['consent-versions'](store, queries()[0]!)
      expect(JSON.stringify(versions)).toMatch(/"receipts":[1-9]/)
    },
  )

  it('after a visitor is erased and old events are purged', { timeout: 240_000 }, async () => {
    const [someone] = await store.query(
      'SELECT visitor FROM events WHERE visitor IS NOT NULL AND site = $1 GROUP BY visitor ORDER BY count(*) DESC, visitor LIMIT 1',
      ['example.org'],
    )
    const erased = await store.eraseVisitor(String(someone?.visitor))
    expect(erased.events).toBeGreaterThan(1)
    // A cutoff in the middle of an hour, inside the longest period compared.
    const purged = await store.purge({
      events: Date.parse('2026-03-20T10:17:00Z'),
      receipts: Date.parse('2026-05-20T08:41:00Z'),
    })
    expect(purged.events).toBeGreaterThan(100)
    expect(purged.receipts).toBeGreaterThan(10)
    await compareAll()
    expect(toDate(NOW)).toBe('2026-06-15')
  })
})

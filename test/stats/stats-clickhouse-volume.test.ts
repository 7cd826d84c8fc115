import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectChdb } from '../helpers/chdb-connection.js'
import { writeSynthetic } from '../../src/cli/write-synthetic.js'
import { queryDashboard } from '../../src/stats/stats-endpoints.js'
import { lastDaysQuery } from '../../src/stats/stats-period.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type { Filters, Interval, SummaryAnswer } from '../../src/stats/stats-types.js'
import { createClickhouseStore } from '../../src/store/clickhouse/clickhouse-store.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'

/** The volume the issue asks for, and more than one batch of every kind. */
const EVENTS = 100_000
const NOW = Date.parse('2026-11-30T15:00:00.000Z')
const SITES = ['example.org', 'news.example', 'mairie.example'] as const

/** A dashboard view: a site, the `days` days up to NOW, an interval, filters, an event. */
const view = (
  site: string,
  days: number,
  interval: Interval,
  filters: Filters = {},
  event?: string,
) =>
  lastDaysQuery(site, days, NOW, { interval, filters, ...(event === undefined ? {} : { event }) })

/**
 * The whole dashboard, as the page asks it, on 100,000 events of synthetic traffic (three sites,
 * visitors who come back over weeks with and without consent, referrers, campaigns, custom events,
 * and a consent decision per 20 events over several policy versions): DuckDB with its rollups,
 * as the dashboard reads it, against ClickHouse (chdb 26) reading the raw rows. Every answer of
 * every view must be equal.
 */
describe(`the dashboard answers the same on ClickHouse (chdb 26) as on DuckDB, over ${EVENTS.toLocaleString('en-US')} events`, () => {
  let dir: string
  let duck: Store
  let house: Store
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-chvol-'))
    duck = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    house = await createClickhouseStore(await connectChdb(dir, 'temoin'))
    await writeSynthetic([duck, house], {
      events: EVENTS,
      months: 4,
      now: NOW,
      seed: 21,
      sites: SITES,
      lifetimeMonths: 13,
      purposes: ['statistics', 'personalisation', 'advertising'],
      versions: ['2026-06', '2026-09', '2026-11'],
      validityMonths: 13,
      refusalMonths: 6,
    })
  }, 300_000)
  afterAll(async () => {
    await duck?.close()
    await house?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('holds the same events and receipts in both', async () => {
    expect(await house.countEvents({})).toBe(EVENTS)
    expect(await duck.countEvents({})).toBe(EVENTS)
    for (const site of SITES)
      expect(await house.countEvents({ site })).toBe(await duck.countEvents({ site }))
  })

  const views: [string, StatsQuery][] = [
    ['30 days by day, the main site', view(SITES[0], 30, 'day', {}, 'download')],
    ['30 days by day, a second site', view(SITES[1], 30, 'day', {}, 'search')],
    ['120 days by week, the third site', view(SITES[2], 120, 'week')],
    ['120 days by month, the main site', view(SITES[0], 120, 'month', {}, 'outbound')],
    ['one day by hour, the main site', view(SITES[0], 1, 'hour')],
    ['7 days by hour, a second site', view(SITES[1], 7, 'hour')],
    ['30 days, mobiles in France', view(SITES[0], 30, 'day', { device: 'mobile', country: 'FR' })],
    ['30 days, the home page', view(SITES[0], 30, 'day', { page: '/' }, 'newsletter-signup')],
    ['60 days, Firefox on Linux', view(SITES[0], 60, 'week', { browser: 'Firefox', os: 'Linux' })],
    ['30 days, the custom event download', view(SITES[0], 30, 'day', { event: 'download' })],
  ]
  for (const [name, query] of views)
    it(name, async () => {
      const expected = await queryDashboard(duck, query)
      // Not vacuous: the view has figures in both periods (visits, or events under an event
      // filter, which keeps no page view).
      const metrics = (expected.summary as SummaryAnswer).metrics
      const key = query.filters.event === undefined ? 'visits' : 'events'
      const metric = metrics.find((m) => m.key === key)
      expect(metric?.value, key).toBeGreaterThan(0)
      expect(metric?.previous, key).toBeGreaterThan(0)
      expect(await queryDashboard(house, query)).toEqual(expected)
    })
})

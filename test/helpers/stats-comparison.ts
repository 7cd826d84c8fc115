import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSynthetic } from '../../src/cli/write-synthetic.js'
import { queryDashboard, STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import { lastDaysQuery } from '../../src/stats/stats-period.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type {
  Filters,
  Interval,
  StatsEndpoint,
  SummaryAnswer,
} from '../../src/stats/stats-types.js'
import {
  connectClickhouseHttp,
  type ClickhouseConnection,
} from '../../src/store/clickhouse/clickhouse-connection.js'
import { createClickhouseStore } from '../../src/store/clickhouse/clickhouse-store.js'
import { duckdbDialect } from '../../src/store/duckdb/duckdb-dialect.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { startClickhouseServer } from './clickhouse-server.js'
import { fixtureBatches, fixtureQuery } from './stats-fixtures.js'

/** A ClickHouse store's connection for a comparison, and what to clean up after it closed. */
export interface ComparedEngine {
  readonly connection: ClickhouseConnection
  cleanup(): Promise<void>
}

/** chdb (a current engine, 26.x) on a folder of its own. */
export async function openChdb(): Promise<ComparedEngine> {
  // Loaded here only: the 18.16 server's comparison runs without chdb (vitest.mutate.config.ts).
  const { connectChdb } = await import('./chdb-connection.js')
  const dir = await mkdtemp(join(tmpdir(), 'temoin-chcmp-'))
  return {
    connection: await connectChdb(dir, 'temoin'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}

/** Debian's ClickHouse 18.16 server, started for the comparison and stopped after it. */
export async function openClickhouseServer(): Promise<ComparedEngine> {
  const server = await startClickhouseServer()
  return {
    connection: await connectClickhouseHttp({ url: server.url, database: 'temoin' }),
    cleanup: () => server.stop(),
  }
}

/** Opens a DuckDB store and a ClickHouse store, and closes both (and the engine) after the tests. */
function bothStores(
  open: () => Promise<ComparedEngine>,
  seed: (stores: [Store, Store]) => Promise<void>,
  duckdb: Parameters<typeof createDuckdbStore>[0],
): { duck: () => Store; house: () => Store } {
  let duck: Store | undefined
  let house: Store | undefined
  let engine: ComparedEngine | undefined
  beforeAll(async () => {
    duck = await createDuckdbStore(duckdb)
    engine = await open()
    house = await createClickhouseStore(engine.connection)
    await seed([duck, house])
  }, 300_000)
  afterAll(async () => {
    await duck?.close()
    await house?.close()
    await engine?.cleanup()
  })
  return { duck: () => duck as Store, house: () => house as Store }
}

/**
 * Every stats endpoint answers the same on ClickHouse (`engine`) as on DuckDB, over the stats
 * fixtures, and not what an empty store answers.
 */
export function compareEveryEndpoint(engine: string, open: () => Promise<ComparedEngine>): void {
  describe(`every stats endpoint answers the same on ClickHouse (${engine}) as on DuckDB`, () => {
    const stores = bothStores(
      open,
      async (both) => {
        for (const batch of fixtureBatches()) for (const store of both) await store.write(batch)
      },
      { path: ':memory:' },
    )
    let empty: Store
    beforeAll(async () => {
      empty = await createDuckdbStore({ path: ':memory:' })
    })
    afterAll(() => empty?.close())

    // What ClickHouse's rollups will be built from: each rollup's own SELECT (stats-rollups.ts),
    // run over the raw rows, gives the same rows on both engines.
    for (const rollup of statsRollups(duckdbDialect))
      it(`the SELECT of the rollup ${rollup.name}`, async () => {
        const rows = async (store: Store) => {
          const [own] = statsRollups(store.dialect).filter((r) => r.name === rollup.name)
          // 64-bit keys are read modulo a prime: a query answers safe integers only.
          const columns = ['bucket', ...own!.keys, ...own!.measures].map((c) =>
            c in (own!.integerKeys ?? {}) ? `${c} % 1000000007 AS ${c}_mod` : c,
          )
          const sql = `SELECT ${columns.join(', ')} FROM (${own!.select(`${own!.source ?? 'events'} AS e`)}) AS r`
          return (await store.query(sql)).map((row) => JSON.stringify(row)).sort()
        }
        const expected = await rows(stores.duck())
        expect(expected.length).toBeGreaterThan(0)
        expect(await rows(stores.house())).toEqual(expected)
      })

    for (const endpoint of Object.keys(STATS_ENDPOINTS) as StatsEndpoint[])
      it(endpoint, async () => {
        // event-props answers about one event (its props: strings, numbers).
        const asked = fixtureQuery(endpoint === 'event-props' ? { event: 'download' } : {})
        const expected = await STATS_ENDPOINTS[endpoint](stores.duck(), asked)
        expect(await STATS_ENDPOINTS[endpoint](stores.house(), asked)).toEqual(expected)
        // Not vacuous: the fixtures give every endpoint figures an empty store does not have.
        expect(expected).not.toEqual(await STATS_ENDPOINTS[endpoint](empty, asked))
      })
  })
}

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
 * as the dashboard reads it, against ClickHouse (`engine`) reading the raw rows. Every answer of
 * every view must be equal.
 */
export function compareDashboardAtVolume(
  engine: string,
  open: () => Promise<ComparedEngine>,
): void {
  describe(`the dashboard answers the same on ClickHouse (${engine}) as on DuckDB, over ${EVENTS.toLocaleString('en-US')} events`, () => {
    const stores = bothStores(
      open,
      async (both) => {
        await writeSynthetic(both, {
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
      },
      { path: ':memory:', rollups: statsRollups },
    )

    it('holds the same events and receipts in both', async () => {
      const [duck, house] = [stores.duck(), stores.house()]
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
      [
        '30 days, mobiles in France',
        view(SITES[0], 30, 'day', { device: 'mobile', country: 'FR' }),
      ],
      ['30 days, the home page', view(SITES[0], 30, 'day', { page: '/' }, 'newsletter-signup')],
      [
        '60 days, Firefox on Linux',
        view(SITES[0], 60, 'week', { browser: 'Firefox', os: 'Linux' }),
      ],
      ['30 days, the custom event download', view(SITES[0], 30, 'day', { event: 'download' })],
    ]
    for (const [name, query] of views)
      it(name, async () => {
        const expected = await queryDashboard(stores.duck(), query)
        // Not vacuous: the view has figures in both periods (visits, or events under an event
        // filter, which keeps no page view).
        const metrics = (expected.summary as SummaryAnswer).metrics
        const key = query.filters.event === undefined ? 'visits' : 'events'
        const metric = metrics.find((m) => m.key === key)
        expect(metric?.value, key).toBeGreaterThan(0)
        expect(metric?.previous, key).toBeGreaterThan(0)
        expect(await queryDashboard(stores.house(), query)).toEqual(expected)
      })
  })
}

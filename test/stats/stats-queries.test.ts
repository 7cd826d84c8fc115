import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENTS, fixtureBatches, fixtureQuery, SITE } from '../helpers/stats-fixtures.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type {
  Filters,
  Interval,
  RealtimeAnswer,
  SeriesAnswer,
  SummaryAnswer,
  TableAnswer,
} from '../../src/stats/stats-types.js'

const query = fixtureQuery

const STORES = [
  [
    'DuckDB :memory:',
    () => Promise.resolve({ path: ':memory:', cleanup: () => Promise.resolve() }),
  ],
  [
    'DuckDB file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'temoin-stats-'))
      return { path: join(dir, 'temoin.duckdb'), cleanup: () => rm(dir, { recursive: true }) }
    },
  ],
] as const

// Every expected figure below is counted by hand from test/helpers/stats-fixtures.ts; the
// comments name the events counted. Each runs on the rollups ('auto') and on the raw events.
for (const [storeName, place] of STORES) {
  for (const source of ['auto', 'raw'] as const) {
    describe(`stats queries on the fixtures (${storeName}, ${source})`, () => {
      let store: Store
      let cleanup: () => Promise<unknown>
      beforeAll(async () => {
        const where = await place()
        cleanup = where.cleanup
        store = await createDuckdbStore({ path: where.path, rollups: statsRollups })
        for (const batch of fixtureBatches()) await store.write(batch)
      })
      afterAll(async () => {
        await store.close()
        await cleanup()
      })

      const run = async <T>(
        endpoint: keyof typeof STATS_ENDPOINTS,
        overrides: Partial<StatsQuery> = {},
      ): Promise<T> =>
        (await STATS_ENDPOINTS[endpoint](store, query({ source, ...overrides }))) as T
      const rowsOf = async (
        endpoint: keyof typeof STATS_ENDPOINTS,
        filters: Filters = {},
        extra: Partial<StatsQuery> = {},
      ) => (await run<TableAnswer>(endpoint, { filters, ...extra })).rows
      const summaryOf = async (filters: Filters = {}) =>
        Object.fromEntries(
          (await run<SummaryAnswer>('summary', { filters })).metrics.map((m) => [
            m.key,
            [m.value, m.previous],
          ]),
        )

      it('summary: visits, page views and events of everyone; visitors, new and returning of consenting ones; the previous period', async () => {
        const answer = await run<SummaryAnswer>('summary')
        expect(answer.site).toBe(SITE)
        expect([answer.from, answer.to]).toEqual(['2026-03-01', '2026-03-30'])
        expect(answer.previous).toEqual({ from: '2026-01-30', to: '2026-02-28' })
        expect(answer.metrics.map((m) => [m.key, m.coverage])).toEqual([
          ['visits', 'all'],
          ['pageviews', 'all'],
          ['events', 'all'],
          ['visitors', 'consenting'],
          ['new_visitors', 'consenting'],
          ['returning_visitors', 'consenting'],
        ])
        expect(await summaryOf()).toEqual({
          // e14 e1 e4 e5 e7 e9 e16a e16b eE1-6 e12 | p1 p2
          visits: [15, 2],
          // the visits + e2 e6 e10 | + p3
          pageviews: [18, 3],
          // e3 e8 e11 | p4 (first millisecond of the previous period)
          events: [3, 1],
          // A B C D E | B C
          visitors: [5, 2],
          // deposited in the period: A D E | C
          new_visitors: [3, 1],
          returning_visitors: [2, 1],
        })
      })

      it('summary with filters: each keeps the matching events; several AND together', async () => {
        // A's five, E's six, e12 | p2
        expect(await summaryOf({ country: 'FR' })).toEqual({
          visits: [10, 1],
          pageviews: [11, 1],
          events: [1, 0],
          visitors: [3, 1],
          new_visitors: [2, 1],
          returning_visitors: [1, 0],
        })
        // e2 e3 e5 e6 e16b (the download e3 happened on /a)
        expect(await summaryOf({ page: '/a' })).toMatchObject({
          visits: [2, 0],
          pageviews: [4, 1],
          events: [1, 0],
          visitors: [3, 0],
        })
        // visits that entered on /a: e5 e16b
        expect(await summaryOf({ entry: '/a' })).toMatchObject({
          visits: [2, 0],
          pageviews: [2, 0],
          visitors: [2, 0],
        })
        // e3 e11 | p4
        expect(await summaryOf({ event: 'download' })).toMatchObject({
          visits: [0, 0],
          pageviews: [0, 0],
          events: [2, 1],
          visitors: [1, 0],
        })
        // e1 e9 | none (p2 came from Bing)
        expect(await summaryOf({ referrer: 'www.google.com' })).toMatchObject({
          visits: [2, 0],
          visitors: [1, 0],
        })
        // direct visits: e14 e4 e7 e16a eE1-6 e12 | p1
        expect(await summaryOf({ referrer: '' })).toMatchObject({ visits: [11, 1] })
        // the decoded campaign of e1
        expect(await summaryOf({ utm_campaign: 'printemps été' })).toMatchObject({
          visits: [1, 0],
          pageviews: [1, 0],
        })
        expect(await summaryOf({ utm_source: 'news letter', utm_medium: 'email' })).toMatchObject({
          visits: [1, 0],
        })
        expect(await summaryOf({ device: 'mobile', country: 'FR' })).toMatchObject({
          visits: [3, 0],
          pageviews: [4, 0],
          events: [1, 0],
        })
        expect(await summaryOf({ browser: 'Firefox', os: 'Linux' })).toMatchObject({
          // anonymous e14 e9 e10 e11, C's e12 | p2 p3 p4
          visits: [3, 1],
          pageviews: [4, 2],
          events: [1, 1],
          visitors: [1, 1],
        })
        expect(await summaryOf({ country: 'ZZ' })).toEqual({
          visits: [0, 0],
          pageviews: [0, 0],
          events: [0, 0],
          visitors: [0, 0],
          new_visitors: [0, 0],
          returning_visitors: [0, 0],
        })
      })

      it('series by day: every day of the period, zeros included, in UTC', async () => {
        const answer = await run<SeriesAnswer>('series')
        expect(answer.interval).toBe('day')
        expect(answer.rows).toHaveLength(30)
        expect(answer.rows[0]?.time).toBe('2026-03-01T00:00:00.000Z')
        expect(answer.rows[29]?.time).toBe('2026-03-30T00:00:00.000Z')
        const byDay = Object.fromEntries(
          answer.rows
            .filter((r) => r.visits + r.pageviews + r.visitors > 0)
            .map((r) => [r.time.slice(5, 10), [r.visits, r.pageviews, r.visitors]]),
        )
        expect(byDay).toEqual({
          '03-01': [1, 1, 0],
          '03-02': [2, 3, 1],
          '03-03': [0, 1, 1],
          '03-04': [1, 1, 1],
          '03-10': [1, 1, 1],
          '03-15': [1, 2, 0],
          '03-20': [2, 2, 1],
          '03-21': [1, 1, 1],
          '03-22': [1, 1, 1],
          '03-23': [1, 1, 1],
          '03-24': [1, 1, 1],
          '03-25': [1, 1, 1],
          '03-26': [1, 1, 1],
          '03-30': [1, 1, 1],
        })
        expect(answer.previousRows).toHaveLength(30)
        expect(answer.previousRows[0]?.time).toBe('2026-01-30T00:00:00.000Z')
        const previous = answer.previousRows.filter((r) => r.pageviews > 0)
        expect(previous.map((r) => [r.time.slice(5, 10), r.visits, r.pageviews])).toEqual([
          ['02-10', 1, 1],
          ['02-20', 1, 1],
          ['02-28', 0, 1],
        ])
      })

      it('series by week (Monday), by month and by hour', async () => {
        const weeks = await run<SeriesAnswer>('series', { interval: 'week' as Interval })
        // 1 March 2026 is a Sunday: its week starts on Monday 23 February.
        expect(
          weeks.rows.map((r) => [r.time.slice(0, 10), r.visits, r.pageviews, r.visitors]),
        ).toEqual([
          ['2026-02-23', 1, 1, 0],
          ['2026-03-02', 3, 5, 2],
          ['2026-03-09', 2, 3, 1],
          ['2026-03-16', 4, 4, 2],
          ['2026-03-23', 4, 4, 1],
          ['2026-03-30', 1, 1, 1],
        ])
        const months = await run<SeriesAnswer>('series', { interval: 'month' as Interval })
        expect(months.rows).toEqual([
          { time: '2026-03-01T00:00:00.000Z', visits: 15, pageviews: 18, visitors: 5 },
        ])
        const hours = await run<SeriesAnswer>('series', {
          interval: 'hour' as Interval,
          from: '2026-03-02',
          to: '2026-03-02',
        })
        expect(hours.rows).toHaveLength(24)
        expect(hours.rows.filter((r) => r.pageviews > 0)).toEqual([
          { time: '2026-03-02T09:00:00.000Z', visits: 1, pageviews: 2, visitors: 1 },
          { time: '2026-03-02T18:00:00.000Z', visits: 1, pageviews: 1, visitors: 1 },
        ])
        // The previous period of one day is the day before.
        expect(hours.previousRows[0]?.time).toBe('2026-03-01T00:00:00.000Z')
        expect(hours.previousRows.filter((r) => r.pageviews > 0)).toEqual([
          { time: '2026-03-01T00:00:00.000Z', visits: 1, pageviews: 1, visitors: 0 },
        ])
      })

      it('series with a filter', async () => {
        const answer = await run<SeriesAnswer>('series', { filters: { device: 'tablet' } })
        expect(answer.rows.filter((r) => r.pageviews > 0)).toEqual([
          { time: '2026-03-20T00:00:00.000Z', visits: 2, pageviews: 2, visitors: 1 },
        ])
      })

      it('pages and entries', async () => {
        expect(await rowsOf('pages')).toEqual([
          { page: '/', pageviews: 13 },
          { page: '/a', pageviews: 4 },
          { page: '/b,"quoted"', pageviews: 1 },
        ])
        expect(await rowsOf('entries')).toEqual([
          { page: '/', visits: 13 },
          { page: '/a', visits: 2 },
        ])
        expect(await rowsOf('pages', { page: '/a' })).toEqual([{ page: '/a', pageviews: 4 }])
        expect(await rowsOf('pages', { country: 'BE' })).toEqual([
          { page: '/', pageviews: 1 },
          { page: '/a', pageviews: 1 },
        ])
        expect(await rowsOf('entries', { referrer: 'www.google.com' })).toEqual([
          { page: '/', visits: 2 },
        ])
        expect(await rowsOf('pages', {}, { limit: 2 })).toHaveLength(2)
      })

      it('referrers and campaigns', async () => {
        expect(await rowsOf('referrers')).toEqual([
          { referrer: '', visits: 11 },
          { referrer: 'www.google.com', visits: 2 },
          { referrer: 'duckduckgo.com', visits: 1 },
          { referrer: 'news.example', visits: 1 },
        ])
        expect(await rowsOf('referrers', { device: 'tablet' })).toEqual([
          { referrer: '', visits: 1 },
          { referrer: 'duckduckgo.com', visits: 1 },
        ])
        expect(await rowsOf('campaigns')).toEqual([
          {
            utm_campaign: 'printemps été',
            utm_source: 'news letter',
            utm_medium: 'email',
            visits: 1,
          },
        ])
        expect(await rowsOf('referrers', { utm_campaign: 'printemps été' })).toEqual([
          { referrer: 'www.google.com', visits: 1 },
        ])
        expect(await rowsOf('campaigns', { referrer: '' })).toEqual([])
      })

      it('countries, devices, browsers and operating systems', async () => {
        expect(await rowsOf('countries')).toEqual([
          { country: 'FR', visits: 10, pageviews: 11 },
          { country: '', visits: 2, pageviews: 3 },
          { country: 'CA', visits: 2, pageviews: 2 },
          { country: 'BE', visits: 1, pageviews: 2 },
        ])
        expect(await rowsOf('devices')).toEqual([
          { device: 'desktop', visits: 10, pageviews: 12 },
          { device: 'mobile', visits: 3, pageviews: 4 },
          { device: 'tablet', visits: 2, pageviews: 2 },
        ])
        expect(await rowsOf('browsers')).toEqual([
          { browser: 'Safari', visits: 6, pageviews: 6 },
          { browser: 'Firefox', visits: 3, pageviews: 4 },
          { browser: 'Mobile Safari', visits: 3, pageviews: 4 },
          { browser: 'Chrome', visits: 2, pageviews: 2 },
          { browser: 'Edge', visits: 1, pageviews: 2 },
        ])
        expect(await rowsOf('os')).toEqual([
          { os: 'Mac OS', visits: 6, pageviews: 6 },
          { os: 'Linux', visits: 3, pageviews: 4 },
          { os: 'iOS', visits: 3, pageviews: 4 },
          { os: 'Android', visits: 2, pageviews: 2 },
          { os: 'Windows', visits: 1, pageviews: 2 },
        ])
        expect(await rowsOf('countries', { device: 'mobile', country: 'FR' })).toEqual([
          { country: 'FR', visits: 3, pageviews: 4 },
        ])
        expect(await rowsOf('devices', { page: '/b,"quoted"' })).toEqual([
          { device: 'desktop', visits: 0, pageviews: 1 },
        ])
      })

      it('custom events and their properties', async () => {
        expect(await rowsOf('events')).toEqual([
          { event: 'download', count: 2, visitors: 1 },
          { event: 'signup', count: 1, visitors: 1 },
        ])
        expect(await rowsOf('events', { event: 'signup' })).toEqual([
          { event: 'signup', count: 1, visitors: 1 },
        ])
        expect(await rowsOf('events', { country: 'BE' })).toEqual([
          { event: 'signup', count: 1, visitors: 1 },
        ])
        expect(await rowsOf('event-props', {}, { event: 'download' })).toEqual([
          { property: 'file', value: '/f.pdf', count: 1 },
          { property: 'file', value: '/g.pdf', count: 1 },
          { property: 'size', value: '12', count: 1 },
        ])
        expect(await rowsOf('event-props', {}, { event: 'signup' })).toEqual([
          { property: 'plan', value: '=cmd|calc', count: 1 },
        ])
        expect(await rowsOf('event-props', { country: '' }, { event: 'download' })).toEqual([
          { property: 'file', value: '/g.pdf', count: 1 },
        ])
        expect(await rowsOf('event-props', {}, { event: 'nothing' })).toEqual([])
      })

      it('frequency: consenting visitors by their number of visits, every bucket listed', async () => {
        // B: 1 (e6 is internal), C: 1, D: 2, A: 3, E: 6
        expect(await rowsOf('frequency')).toEqual([
          { visits: '1', visitors: 2 },
          { visits: '2', visitors: 1 },
          { visits: '3-5', visitors: 1 },
          { visits: '6-10', visitors: 1 },
          { visits: '11+', visitors: 0 },
        ])
        expect(await rowsOf('frequency', { page: '/a' })).toEqual([
          // visits on /a: A's e5, D's e16b
          { visits: '1', visitors: 2 },
          { visits: '2', visitors: 0 },
          { visits: '3-5', visitors: 0 },
          { visits: '6-10', visitors: 0 },
          { visits: '11+', visitors: 0 },
        ])
      })

      it('recency: days since the previous visit, a first visit, or 31+ for a visitor known longer', async () => {
        expect(await rowsOf('recency')).toEqual([
          { days: 'first', visits: 3 }, // e1 (A), e16a (D), eE1 (E)
          { days: '0', visits: 2 }, // e4 after e1; e16b in e16a's hour
          { days: '1', visits: 5 }, // eE2-eE6
          { days: '2-7', visits: 1 }, // e5, two days after e4
          { days: '8-30', visits: 1 }, // e7, 18 days after p1
          { days: '31+', visits: 1 }, // e12: p2 was 48 days before, C deposited then
        ])
      })

      it('consents by purpose and by policy version; filters do not apply to receipts', async () => {
        const consents = await run<TableAnswer>('consents', { filters: { country: 'FR' } })
        expect(consents.filters).toEqual({})
        // r1 r2 r3 r6 (r4 is in the previous period, r5 on another site)
        expect(consents.rows).toEqual([
          { purpose: 'statistics', granted: 2, refused: 2, rate: 0.5 },
          { purpose: 'advertising', granted: 1, refused: 2, rate: 0.3333 },
        ])
        const versions = await run<TableAnswer>('consent-versions')
        expect(versions.columns.map((c) => c.key)).toEqual([
          'version',
          'receipts',
          'rate_advertising',
          'rate_statistics',
        ])
        expect(versions.rows).toEqual([
          { version: '2026-03', receipts: 2, rate_advertising: 0, rate_statistics: 0.5 },
          { version: '2026-01', receipts: 1, rate_advertising: 1, rate_statistics: 1 },
          { version: '2025-12', receipts: 1, rate_advertising: null, rate_statistics: 0 },
        ])
      })

      it('realtime: the last 30 minutes before the server time', async () => {
        const answer = await run<RealtimeAnswer>('realtime')
        // rt1 (a visit) and rt2; rt3 is 40 minutes old
        expect(answer).toEqual({
          site: SITE,
          minutes: 30,
          visits: 1,
          pageviews: 2,
          since: '2026-03-31T11:30:00.000Z',
          filters: {},
        })
        expect((await run<RealtimeAnswer>('realtime', { filters: { page: '/a' } })).pageviews).toBe(
          1,
        )
      })

      it('tables name their columns, coverage and the filter a row click applies', async () => {
        const events = await run<TableAnswer>('events')
        expect(events.panel).toBe('events')
        expect(events.filter).toBe('event')
        expect(events.columns).toEqual([
          { key: 'event', label: 'Event', coverage: 'all' },
          { key: 'count', label: 'Events', coverage: 'all' },
          { key: 'visitors', label: 'Visitors', coverage: 'consenting' },
        ])
        expect((await run<TableAnswer>('entries')).filter).toBe('entry')
        expect((await run<TableAnswer>('frequency')).filter).toBeNull()
        expect((await run<TableAnswer>('countries', { filters: { os: 'iOS' } })).filters).toEqual({
          os: 'iOS',
        })
      })

      it('sees nothing of another site, and the fixtures are what the counts assume', async () => {
        expect(await store.countEvents({ site: 'other.example' })).toBe(1)
        expect(await store.countEvents({})).toBe(Object.keys(EVENTS).length)
        const other = await STATS_ENDPOINTS.summary(store, {
          ...query({ source }),
          site: 'other.example',
        })
        expect((other as SummaryAnswer).metrics.find((m) => m.key === 'pageviews')?.value).toBe(1)
      })
    })
  }
}

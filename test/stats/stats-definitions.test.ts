import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consentReceipt, storedEvent } from '../helpers/fixtures.js'
import { compare, rate } from '../../src/stats/query-consents.js'
import { STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import { periodOf } from '../../src/stats/stats-period.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type {
  Filters,
  RealtimeAnswer,
  SeriesAnswer,
  StatsEndpoint,
  TableAnswer,
} from '../../src/stats/stats-types.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { recordingStore } from '../helpers/recording-store.js'

// Small fixtures of their own (the shared ones are in test/helpers/stats-fixtures.ts), each
// figure counted by hand from the definitions in docs/api.md ("Definitions", "Answers").
const SITE = 'example.org'
/** The server's clock: 40 s into the minute 12:00 of the day after the period. */
const NOW = Date.parse('2026-03-31T12:00:40.000Z')
const at = (iso: string) => Date.parse(iso)

const pv = (iso: string, path: string, referrer = '') =>
  storedEvent({ site: SITE, time: at(iso), type: 'pageview', path, referrer })
const download = (iso: string, file: string) =>
  storedEvent({
    site: SITE,
    time: at(iso),
    type: 'event',
    name: 'download',
    path: '/a',
    props: { file },
  })

const EVENTS = [
  // In the period (March): visits on / (2) and /a (1), an internal page view of /a.
  pv('2026-03-02T09:00:00Z', '/'),
  pv('2026-03-02T09:01:00Z', '/a', 'https://example.org/'),
  pv('2026-03-05T10:00:00Z', '/a', 'https://news.example/'),
  pv('2026-03-06T10:00:00Z', '/'),
  pv('2026-03-09T10:00:00Z', '/b'),
  download('2026-03-02T09:02:00Z', '/f.pdf'),
  download('2026-03-07T09:02:00Z', '/f.pdf'),
  download('2026-03-08T09:02:00Z', '/g.pdf'),
  // Real time (now = 12:00:40): the window is 11:30:00.000 → the end of the current minute.
  pv('2026-03-31T11:29:59.999Z', '/'), // one millisecond too old
  pv('2026-03-31T11:30:00.000Z', '/'), // the window's first millisecond: a visit
  pv('2026-03-31T12:00:10.000Z', '/a', 'https://example.org/'), // the current minute
  pv('2026-03-31T12:01:00.000Z', '/'), // the next minute: not yet
]

const receipt = (iso: string, policyVersion: string, granted: string[], refused: string[]) =>
  consentReceipt({
    time: at(iso),
    deposit: at(iso),
    site: SITE,
    policyVersion,
    granted,
    refused,
    visitor: null,
  })

// Written oldest version first, and the purposes in an order that is neither the answer's
// (largest first) nor code-point order: the order of the rows must come from the sort.
const RECEIPTS = [
  receipt('2026-03-03T09:00:00Z', '2024-06', ['alpha'], ['ads']),
  receipt('2026-03-04T09:00:00Z', '2025-12', [], ['beta', 'Zeta']),
  receipt('2026-03-05T09:00:00Z', '2026-01', ['beta'], ['alpha']),
  receipt('2026-03-06T09:00:00Z', '2026-01', ['beta'], []),
  receipt('2026-03-07T09:00:00Z', '2026-03', ['Zeta', 'beta'], []),
]

const query = (overrides: Partial<StatsQuery> = {}): StatsQuery => ({
  site: SITE,
  interval: 'day',
  limit: 100,
  filters: {},
  now: NOW,
  from: '2026-03-01',
  to: '2026-03-30',
  ...periodOf('2026-03-01', '2026-03-30'),
  ...overrides,
})

describe('the statistics as docs/api.md defines them, on small hand-counted fixtures', () => {
  let store: Store
  beforeAll(async () => {
    store = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    await store.write({ events: EVENTS, receipts: RECEIPTS })
  })
  afterAll(() => store.close())

  const run = async <T>(endpoint: StatsEndpoint, overrides: Partial<StatsQuery> = {}) =>
    (await STATS_ENDPOINTS[endpoint](store, query(overrides))) as T

  for (const source of ['auto', 'raw'] as const) {
    describe(`(${source})`, () => {
      // kills: query-realtime.ts:22 ArithmeticOperator → minute - 60_000 (the window would end
      // a minute before the current one, losing the page views of the minute in progress)
      it('realtime: from the minute 30 minutes ago to the end of the current minute', async () => {
        expect(await run<RealtimeAnswer>('realtime', { source })).toEqual({
          site: SITE,
          minutes: 30,
          visits: 1, // 11:30:00.000
          pageviews: 2, // and 12:00:10, internal
          since: '2026-03-31T11:30:00.000Z',
          filters: {},
        })
      })

      // kills: query-consents.ts:29 MethodExpression (the rows past `limit` kept),
      // query-consents.ts:75 ConditionalExpression → false, EqualityOperator a <= b (a > b)
      it('consents: largest number of decisions first, ties in code-point order', async () => {
        const answer = await run<TableAnswer>('consents', { source })
        expect(answer.rows).toEqual([
          { purpose: 'beta', granted: 3, refused: 1, rate: 0.75 },
          // Two decisions each: 'Z' (U+005A) comes before 'a' (U+0061), whatever the locale.
          { purpose: 'Zeta', granted: 1, refused: 1, rate: 0.5 },
          { purpose: 'alpha', granted: 1, refused: 1, rate: 0.5 },
          { purpose: 'ads', granted: 0, refused: 1, rate: 0 },
        ])
        // `limit` keeps the first rows of that order.
        const top = await run<TableAnswer>('consents', { source, limit: 2 })
        expect(top.rows.map((r) => r.purpose)).toEqual(['beta', 'Zeta'])
      })

      // kills: query-consent-versions.ts:21 MethodExpression (the versions past `limit`
      // kept), query-consents.ts:75 ConditionalExpression → false, EqualityOperator a <= b
      it('consent versions: newest version first, a column per purpose in code-point order', async () => {
        const answer = await run<TableAnswer>('consent-versions', { source })
        expect(answer.columns.map((c) => c.key)).toEqual([
          'version',
          'receipts',
          'rate_Zeta',
          'rate_ads',
          'rate_alpha',
          'rate_beta',
        ])
        expect(answer.rows).toEqual([
          {
            version: '2026-03',
            receipts: 1,
            rate_Zeta: 1,
            rate_ads: null,
            rate_alpha: null,
            rate_beta: 1,
          },
          {
            version: '2026-01',
            receipts: 2,
            rate_Zeta: null,
            rate_ads: null,
            rate_alpha: 0,
            rate_beta: 1,
          },
          {
            version: '2025-12',
            receipts: 1,
            rate_Zeta: 0,
            rate_ads: null,
            rate_alpha: null,
            rate_beta: 0,
          },
          {
            version: '2024-06',
            receipts: 1,
            rate_Zeta: null,
            rate_ads: 0,
            rate_alpha: 1,
            rate_beta: null,
          },
        ])
        // `limit` keeps the newest versions; the columns still name every purpose asked.
        const top = await run<TableAnswer>('consent-versions', { source, limit: 2 })
        expect(top.rows.map((r) => r.version)).toEqual(['2026-03', '2026-01'])
        expect(top.columns).toHaveLength(6)
      })
    })
  }

  // The English dashboard shows these labels as they come (dashboard-texts.ts), and a CSV's
  // header is the keys: each table's columns are part of the answer (docs/api.md "Answers").
  // kills: the ArrayDeclaration → [] and StringLiteral → "" of the `columns` of
  // query-audience.ts:54-57, query-campaigns.ts:42-46, query-consent-versions.ts:38-40,
  // query-consents.ts:23-27, query-entries.ts:26, query-event-props.ts:38-40,
  // query-frequency.ts:34-36, query-pages.ts:26, query-recency.ts:51-53,
  // query-referrers.ts:35, query-series.ts:41-45
  it('every table names its columns, their labels and coverage', async () => {
    const columns = async (endpoint: StatsEndpoint, overrides: Partial<StatsQuery> = {}) =>
      (await run<TableAnswer | SeriesAnswer>(endpoint, overrides)).columns.map((c) => [
        c.key,
        c.label,
        c.coverage,
      ])
    expect(await columns('series')).toEqual([
      ['time', 'Time', 'all'],
      ['visits', 'Visits', 'all'],
      ['pageviews', 'Page views', 'all'],
      ['visitors', 'Unique visitors', 'consenting'],
    ])
    expect(await columns('pages')).toEqual([
      ['page', 'Page', 'all'],
      ['pageviews', 'Page views', 'all'],
    ])
    expect(await columns('entries')).toEqual([
      ['page', 'Entry page', 'all'],
      ['visits', 'Visits', 'all'],
    ])
    expect(await columns('referrers')).toEqual([
      ['referrer', 'Referrer', 'all'],
      ['visits', 'Visits', 'all'],
    ])
    expect(await columns('campaigns')).toEqual([
      ['utm_campaign', 'Campaign', 'all'],
      ['utm_source', 'Source', 'all'],
      ['utm_medium', 'Medium', 'all'],
      ['visits', 'Visits', 'all'],
    ])
    expect(await columns('devices')).toEqual([
      ['device', 'Device', 'all'],
      ['visits', 'Visits', 'all'],
      ['pageviews', 'Page views', 'all'],
    ])
    expect(await columns('event-props', { event: 'download' })).toEqual([
      ['property', 'Property', 'all'],
      ['value', 'Value', 'all'],
      ['count', 'Events', 'all'],
    ])
    expect(await columns('frequency')).toEqual([
      ['visits', 'Visits in the period', 'consenting'],
      ['visitors', 'Visitors', 'consenting'],
    ])
    expect(await columns('recency')).toEqual([
      ['days', 'Days since the previous visit', 'consenting'],
      ['visits', 'Visits', 'consenting'],
    ])
    expect(await columns('consents')).toEqual([
      ['purpose', 'Purpose', 'all'],
      ['granted', 'Granted', 'all'],
      ['refused', 'Refused', 'all'],
      ['rate', 'Share granted', 'all'],
    ])
    expect(await columns('consent-versions')).toEqual([
      ['version', 'Policy version', 'all'],
      ['receipts', 'Receipts', 'all'],
      ['rate_Zeta', 'Share granted: Zeta', 'all'],
      ['rate_ads', 'Share granted: ads', 'all'],
      ['rate_alpha', 'Share granted: alpha', 'all'],
      ['rate_beta', 'Share granted: beta', 'all'],
    ])
  })

  // docs/api.md "Speed": a rollup answers whenever every filter in force is one of its keys.
  // kills: query-pages.ts:20, query-entries.ts:20, query-events.ts:27 and
  // query-event-props.ts:21 ArrayDeclaration → [] (the filter on the table's own key would
  // send every such query to a scan of the events)
  it.each([
    ['pages', { page: '/a' }, 'rollup_pages', [{ page: '/a', pageviews: 2 }]],
    ['entries', { page: '/a' }, 'rollup_pages', [{ page: '/a', visits: 1 }]],
    [
      'events',
      { event: 'download' },
      'rollup_events',
      [{ event: 'download', count: 3, visitors: 0 }],
    ],
    [
      'event-props',
      { event: 'download' },
      'rollup_event_props',
      [
        { property: 'file', value: '/f.pdf', count: 2 },
        { property: 'file', value: '/g.pdf', count: 1 },
      ],
    ],
  ] as const)(
    '%s filtered on its own key %o is answered by %s, as the events answer it',
    async (endpoint, filters: Filters, rollup, expected) => {
      const seen: string[] = []
      const q = query({ filters, event: 'download' })
      const answer = (await STATS_ENDPOINTS[endpoint](
        recordingStore(store, seen),
        q,
      )) as TableAnswer
      expect(seen.some((sql) => sql.includes(rollup))).toBe(true)
      expect(seen.some((sql) => /\bFROM events\b/.test(sql))).toBe(false)
      expect(answer.rows).toEqual(expected)
      const raw = (await STATS_ENDPOINTS[endpoint](store, { ...q, source: 'raw' })) as TableAnswer
      expect(raw.rows).toEqual(expected)
    },
  )
})

describe('the share granted and the order of the consent tables', () => {
  // kills: query-consents.ts:70 ConditionalExpression → false (0 / 0 would give NaN, which a
  // CSV would write as "NaN" where docs/api.md promises an empty field)
  it('rate: four decimals, null when nobody decided', () => {
    expect(rate(2, 1)).toBe(0.6667)
    expect(rate(0, 3)).toBe(0)
    expect(rate(0, 0)).toBeNull()
  })

  // kills: query-consents.ts:75 EqualityOperator a <= b (a < b), ConditionalExpression → true,
  // ConditionalExpression → false, EqualityOperator a >= b, EqualityOperator a <= b (a > b)
  it('compare: plain code-point order, 0 for the same text', () => {
    expect(compare('Zeta', 'alpha')).toBe(-1)
    expect(compare('alpha', 'Zeta')).toBe(1)
    expect(compare('é', 'f')).toBe(1)
    expect(compare('2026-01', '2026-01')).toBe(0)
  })
})

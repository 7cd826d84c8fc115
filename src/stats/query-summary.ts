import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery, TimeRange } from './stats-query.js'
import type { Coverage, Metric, MetricKey, SummaryAnswer } from './stats-types.js'
import { firstSince, visitorSource } from './visitor-source.js'

const METRICS: readonly (readonly [MetricKey, string, Coverage])[] = [
  ['visits', 'Visits', 'all'],
  ['pageviews', 'Page views', 'all'],
  ['events', 'Custom events', 'all'],
  ['visitors', 'Unique visitors', 'consenting'],
  ['new_visitors', 'New visitors', 'consenting'],
  ['returning_visitors', 'Returning visitors', 'consenting'],
]

/**
 * The headline figures of the period and of the previous one: visits, page views and custom
 * events (everyone), unique, new and returning visitors (consenting visitors only). A visitor is
 * new when its id — its cookie — was first deposited within the period (the id carries that
 * date), returning otherwise. One scan per period, in one statement: a visitor counts once in a
 * period, at its first row there (its previous row is before the period). Two scans with
 * constant bounds beat one over both periods choosing its bounds per row (15 against 18 ms on
 * 60 days at 10 M events, measured).
 *
 * @example const { metrics } = await querySummary(store, query) // [{ key: 'visits', value: 120, previous: 98, … }, …]
 */
export async function querySummary(store: Store, query: StatsQuery): Promise<SummaryAnswer> {
  const s = visitorSource(store, query)
  const p = createSqlParams(store.dialect)
  const period = (current: 0 | 1, range: TimeRange) => {
    const first = `${s.known} AND ${firstSince(p, p.time(range.start))}`
    const isNew = `deposit * 1000 >= ${p.add(range.start)}`
    return `SELECT ${current} AS current, sum(visits) AS n_visits, sum(pageviews) AS n_pageviews, sum(events) AS n_events, sum(CASE WHEN ${first} THEN 1 ELSE 0 END) AS n_visitors, sum(CASE WHEN ${first} AND ${isNew} THEN 1 ELSE 0 END) AS n_new_visitors FROM ${s.rows(p, range)} AS r`
  }
  const found = await store.query(
    `${period(1, query.range)} UNION ALL ${period(0, query.previous)}`,
    p.values,
  )
  const row = (current: number) => found.find((r) => Number(r.current) === current) ?? {}
  const value = (key: MetricKey, current: number): number => {
    const read = (name: string): number => Number(row(current)[`n_${name}`] ?? 0)
    return key === 'returning_visitors' ? read('visitors') - read('new_visitors') : read(key)
  }
  const metrics: Metric[] = METRICS.map(([key, label, coverage]) => ({
    key,
    label,
    coverage,
    value: value(key, 1),
    previous: value(key, 0),
  }))
  return { ...statsHeader(query), metrics }
}

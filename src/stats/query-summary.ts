import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { Coverage, Metric, MetricKey, SummaryAnswer } from './stats-types.js'
import { visitorSource } from './visitor-source.js'

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
 * date), returning otherwise. Each query covers both periods at once.
 *
 * @example const { metrics } = await querySummary(store, query) // [{ key: 'visits', value: 120, previous: 98, … }, …]
 */
export async function querySummary(store: Store, query: StatsQuery): Promise<SummaryAnswer> {
  const s = visitorSource(store, query)
  const p = createSqlParams(store.dialect)
  const current = `${s.time} >= ${p.time(query.range.start)}`
  const where = s.where(p, { start: query.previous.start, end: query.range.end })
  const perPeriod = (name: string, expr: string) => [
    `sum(CASE WHEN ${current} THEN ${expr} ELSE 0 END) AS ${name}`,
    `sum(CASE WHEN ${current} THEN 0 ELSE ${expr} END) AS ${name}_previous`,
  ]
  const totals = `SELECT ${[
    ...perPeriod('visits', s.visits),
    ...perPeriod('pageviews', s.pageviews),
    ...perPeriod('events', s.events),
  ].join(', ')} FROM ${s.from} WHERE ${where}`
  const [sums] = await store.query(totals, p.values)
  // Visitors: one group per consenting visitor, with as little to aggregate as possible (the
  // deposit is part of the visitor's key) — cheaper than a distinct count per figure.
  const q = createSqlParams(store.dialect)
  const inCurrent = `${s.time} >= ${q.time(query.range.start)}`
  const perVisitor = `SELECT ${s.visitor}, max(CASE WHEN ${inCurrent} THEN 1 ELSE 0 END) AS now_seen, max(CASE WHEN ${inCurrent} THEN 0 ELSE 1 END) AS before_seen FROM ${s.from} WHERE ${s.where(q, { start: query.previous.start, end: query.range.end })} AND ${s.known} = 1 GROUP BY ${s.visitor}`
  const isNew = (start: number) => `${s.deposit} * 1000 >= ${q.add(start)}`
  const visitors = `SELECT sum(now_seen) AS visitors, sum(before_seen) AS visitors_previous, sum(CASE WHEN now_seen = 1 AND ${isNew(query.range.start)} THEN 1 ELSE 0 END) AS new_visitors, sum(CASE WHEN before_seen = 1 AND ${isNew(query.previous.start)} THEN 1 ELSE 0 END) AS new_visitors_previous FROM (${perVisitor}) AS per_visitor`
  const [counts] = await store.query(visitors, q.values)
  const row = { ...sums, ...counts }
  const read = (key: string): number => Number(row[key] ?? 0)
  const value = (key: MetricKey, suffix: string): number =>
    key === 'returning_visitors'
      ? read(`visitors${suffix}`) - read(`new_visitors${suffix}`)
      : read(`${key}${suffix}`)
  const metrics: Metric[] = METRICS.map(([key, label, coverage]) => ({
    key,
    label,
    coverage,
    value: value(key, ''),
    previous: value(key, '_previous'),
  }))
  return { ...statsHeader(query), metrics }
}

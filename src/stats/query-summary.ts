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
 * date), returning otherwise. One scan covers both periods: a visitor counts once per period,
 * at its first row there (its previous row is before the period).
 *
 * @example const { metrics } = await querySummary(store, query) // [{ key: 'visits', value: 120, previous: 98, … }, …]
 */
export async function querySummary(store: Store, query: StatsQuery): Promise<SummaryAnswer> {
  const s = visitorSource(store, query)
  const p = createSqlParams(store.dialect)
  const rows = s.rows(p, { start: query.previous.start, end: query.range.end })
  const start = p.time(query.range.start)
  const previousStart = p.time(query.previous.start)
  const starts = `CASE WHEN bucket >= ${start} THEN ${start} ELSE ${previousStart} END`
  const first = `known = 1 AND (seen_before IS NULL OR seen_before < ${starts})`
  const isNew = `deposit * 1000 >= CASE WHEN bucket >= ${start} THEN ${p.add(query.range.start)} ELSE ${p.add(query.previous.start)} END`
  const perPeriod = (name: string, expr: string) => [
    `sum(CASE WHEN bucket >= ${start} THEN ${expr} ELSE 0 END) AS ${name}`,
    `sum(CASE WHEN bucket >= ${start} THEN 0 ELSE ${expr} END) AS ${name}_previous`,
  ]
  const [row = {}] = await store.query(
    `SELECT ${[
      ...perPeriod('visits', 'visits'),
      ...perPeriod('pageviews', 'pageviews'),
      ...perPeriod('events', 'events'),
      ...perPeriod('visitors', `CASE WHEN ${first} THEN 1 ELSE 0 END`),
      ...perPeriod('new_visitors', `CASE WHEN ${first} AND ${isNew} THEN 1 ELSE 0 END`),
    ].join(', ')} FROM ${rows} AS r`,
    p.values,
  )
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

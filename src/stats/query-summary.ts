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
 * date), returning otherwise. One scan covers both periods.
 *
 * @example const { metrics } = await querySummary(store, query) // [{ key: 'visits', value: 120, previous: 98, … }, …]
 */
export async function querySummary(store: Store, query: StatsQuery): Promise<SummaryAnswer> {
  const d = store.dialect
  const s = visitorSource(store, query)
  const p = createSqlParams(d)
  const figures = (period: 'current' | 'previous'): string[] => {
    const range = period === 'current' ? query.range : query.previous
    const inPeriod =
      period === 'current'
        ? `${s.time} >= ${p.time(range.start)}`
        : `${s.time} < ${p.time(range.end)}`
    const deposit = `${d.leadingInteger(s.visitor)} * 1000 >= ${p.add(range.start)}`
    const suffix = period === 'current' ? '' : '_previous'
    return [
      `sum(CASE WHEN ${inPeriod} THEN ${s.visits} ELSE 0 END) AS visits${suffix}`,
      `sum(CASE WHEN ${inPeriod} THEN ${s.pageviews} ELSE 0 END) AS pageviews${suffix}`,
      `sum(CASE WHEN ${inPeriod} THEN ${s.events} ELSE 0 END) AS events${suffix}`,
      `${d.countDistinct(`CASE WHEN ${inPeriod} THEN ${s.visitor} END`)} AS visitors${suffix}`,
      `${d.countDistinct(`CASE WHEN ${inPeriod} AND ${deposit} THEN ${s.visitor} END`)} AS new_visitors${suffix}`,
    ]
  }
  const select = [...figures('current'), ...figures('previous')]
  const where = s.where(p, { start: query.previous.start, end: query.range.end })
  const row =
    (await store.query(`SELECT ${select.join(', ')} FROM ${s.from} WHERE ${where}`, p.values))[0] ??
    {}
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

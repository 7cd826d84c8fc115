import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery, TimeRange } from './stats-query.js'
import type { SeriesAnswer, SeriesRow } from './stats-types.js'
import { column } from './table-columns.js'
import { bucketStarts } from './time-buckets.js'
import { visitorSource } from './visitor-source.js'

/**
 * The time series of the period (and of the previous one, for an overlay): visits and page
 * views (everyone) and unique visitors (consenting) per hour, day, week or month, in UTC,
 * every bucket listed, zeros included.
 *
 * @example const { rows } = await querySeries(store, query) // [{ time: '2026-03-01T00:00:00.000Z', visits: 4, pageviews: 9, visitors: 2 }, …]
 */
export async function querySeries(store: Store, query: StatsQuery): Promise<SeriesAnswer> {
  const [rows, previousRows] = [
    await seriesRows(store, query, query.range),
    await seriesRows(store, query, query.previous),
  ]
  return {
    ...statsHeader(query),
    interval: query.interval,
    columns: [
      column('time', 'Time', 'all'),
      column('visits', 'Visits', 'all'),
      column('pageviews', 'Page views', 'all'),
      column('visitors', 'Unique visitors', 'consenting'),
    ],
    rows,
    previousRows,
  }
}

async function seriesRows(store: Store, query: StatsQuery, range: TimeRange): Promise<SeriesRow[]> {
  const d = store.dialect
  const s = visitorSource(store, query)
  const p = createSqlParams(d)
  const bucket = d.toEpochMs(d.truncate(query.interval, s.time))
  const sums = await store.query(
    `SELECT ${bucket} AS t, sum(${s.visits}) AS visits, sum(${s.pageviews}) AS pageviews FROM ${s.from} WHERE ${s.where(p, range)} GROUP BY 1`,
    p.values,
  )
  // Visitors per bucket: one group per bucket and consenting visitor, nothing to aggregate —
  // cheaper than a distinct count, and the same answer.
  const q = createSqlParams(d)
  const perVisitor = `SELECT ${bucket} AS t FROM ${s.from} WHERE ${s.where(q, range)} AND ${s.known} = 1 GROUP BY 1, ${s.visitor}`
  const counts = await store.query(
    `SELECT t, count(*) AS visitors FROM (${perVisitor}) AS per_visitor GROUP BY 1`,
    q.values,
  )
  const visitors = new Map(counts.map((row) => [Number(row.t), Number(row.visitors)]))
  const found = new Map(sums.map((row) => [Number(row.t), row]))
  return bucketStarts(range, query.interval).map((t) => {
    const row = found.get(t)
    return {
      time: new Date(t).toISOString(),
      visits: Number(row?.visits ?? 0),
      pageviews: Number(row?.pageviews ?? 0),
      visitors: visitors.get(t) ?? 0,
    }
  })
}

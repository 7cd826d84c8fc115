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
  const sql = `SELECT ${d.toEpochMs(d.truncate(query.interval, s.time))} AS t, sum(${s.visits}) AS visits, sum(${s.pageviews}) AS pageviews, ${d.countDistinct(s.visitor)} AS visitors FROM ${s.from} WHERE ${s.where(p, range)} GROUP BY 1`
  const found = new Map((await store.query(sql, p.values)).map((row) => [Number(row.t), row]))
  return bucketStarts(range, query.interval).map((t) => {
    const row = found.get(t)
    return {
      time: new Date(t).toISOString(),
      visits: Number(row?.visits ?? 0),
      pageviews: Number(row?.pageviews ?? 0),
      visitors: Number(row?.visitors ?? 0),
    }
  })
}

import type { SqlRow } from '../store/sql-dialect.js'
import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery, TimeRange } from './stats-query.js'
import type { Interval, SeriesAnswer, SeriesRow } from './stats-types.js'
import { column } from './table-columns.js'
import { bucketStarts } from './time-buckets.js'
import { firstSince, visitorSource } from './visitor-source.js'

/**
 * The time series of the period (and of the previous one, for an overlay): visits and page
 * views (everyone) and unique visitors (consenting) per hour, day, week or month, in UTC,
 * every bucket listed, zeros included. A visitor counts in a bucket at its first row there
 * (its previous row is before the bucket, or before the period when the bucket starts earlier).
 *
 * @example const { rows } = await querySeries(store, query) // [{ time: '2026-03-01T00:00:00.000Z', visits: 4, pageviews: 9, visitors: 2 }, …]
 */
export async function querySeries(store: Store, query: StatsQuery): Promise<SeriesAnswer> {
  const d = store.dialect
  const s = visitorSource(store, query)
  const p = createSqlParams(d)
  const rows = s.rows(p, { start: query.previous.start, end: query.range.end })
  const start = p.time(query.range.start)
  const current = `CASE WHEN bucket >= ${start} THEN 1 ELSE 0 END`
  const periodStart = `CASE WHEN bucket >= ${start} THEN ${start} ELSE ${p.time(query.previous.start)} END`
  const bucket = d.truncate(query.interval, 'bucket')
  const first = `${s.known} AND ${firstSince(p, bucket, periodStart)}`
  // Grouped by period too: a week or a month may straddle the two periods.
  const found = await store.query(
    `SELECT ${current} AS current, ${d.toEpochMs(bucket)} AS t, sum(visits) AS visit_count, sum(pageviews) AS pageview_count, sum(CASE WHEN ${first} THEN 1 ELSE 0 END) AS visitors FROM ${rows} AS r GROUP BY current, t`,
    p.values,
  )
  const byPeriod = (current: number) =>
    new Map(
      found.filter((row) => Number(row.current) === current).map((row) => [Number(row.t), row]),
    )
  return {
    ...statsHeader(query),
    interval: query.interval,
    columns: [
      column('time', 'Time', 'all'),
      column('visits', 'Visits', 'all'),
      column('pageviews', 'Page views', 'all'),
      column('visitors', 'Unique visitors', 'consenting'),
    ],
    rows: seriesRows(query.range, query.interval, byPeriod(1)),
    previousRows: seriesRows(query.previous, query.interval, byPeriod(0)),
  }
}

function seriesRows(range: TimeRange, interval: Interval, found: Map<number, SqlRow>): SeriesRow[] {
  return bucketStarts(range, interval).map((t) => {
    const row = found.get(t)
    return {
      time: new Date(t).toISOString(),
      visits: Number(row?.visit_count ?? 0),
      pageviews: Number(row?.pageview_count ?? 0),
      visitors: Number(row?.visitors ?? 0),
    }
  })
}

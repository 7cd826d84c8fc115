import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import { eventExpressions } from './event-expressions.js'
import { createSqlParams } from './sql-params.js'
import type { StatsQuery } from './stats-query.js'
import type { RealtimeAnswer } from './stats-types.js'

/** The real-time window. */
export const REALTIME_MINUTES = 30

/**
 * Visits and page views of the current minute and the 30 before it, up to the end of the
 * current minute of the server's clock (everyone; filters apply). Whole minutes, so that the
 * `recent` rollup (per minute) answers exactly what the events answer.
 *
 * @example const { visits } = await queryRealtime(store, query)
 */
export async function queryRealtime(store: Store, query: StatsQuery): Promise<RealtimeAnswer> {
  const x = eventExpressions(store.dialect)
  const p = createSqlParams(store.dialect)
  const minute = Math.floor(query.now / 60_000) * 60_000
  const window = { start: minute - REALTIME_MINUTES * 60_000, end: minute + 60_000 }
  const sql = canUseRollup(store, query, 'recent', [])
    ? `SELECT sum(visits) AS visits, sum(pageviews) AS pageviews FROM rollup_recent WHERE ${rollupWhere(query, p, window)}`
    : `SELECT sum(${x.visit}) AS visits, sum(${x.pageview}) AS pageviews FROM events WHERE ${eventsWhere(store, query, p, window)}`
  const row = (await store.query(sql, p.values))[0]
  return {
    site: query.site,
    minutes: REALTIME_MINUTES,
    visits: Number(row?.visits ?? 0),
    pageviews: Number(row?.pageviews ?? 0),
    since: new Date(window.start).toISOString(),
    filters: query.filters,
  }
}

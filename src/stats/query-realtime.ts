import type { Store } from '../store/store.js'
import { eventsWhere } from './choose-source.js'
import { eventExpressions } from './event-expressions.js'
import { createSqlParams } from './sql-params.js'
import type { StatsQuery } from './stats-query.js'
import type { RealtimeAnswer } from './stats-types.js'

/** The real-time window. */
export const REALTIME_MINUTES = 30

/**
 * Visits and page views of the last 30 minutes up to the server's time (everyone; filters
 * apply). It reads the events: the window is too recent and too short for the rollups' hours.
 *
 * @example const { visits } = await queryRealtime(store, query)
 */
export async function queryRealtime(store: Store, query: StatsQuery): Promise<RealtimeAnswer> {
  const x = eventExpressions(store.dialect)
  const p = createSqlParams(store.dialect)
  const since = query.now - REALTIME_MINUTES * 60_000
  const where = eventsWhere(store, query, p, { start: since, end: query.now + 1 })
  const row = (
    await store.query(
      `SELECT sum(${x.visit}) AS visits, sum(${x.pageview}) AS pageviews FROM events WHERE ${where}`,
      p.values,
    )
  )[0]
  return {
    site: query.site,
    minutes: REALTIME_MINUTES,
    visits: Number(row?.visits ?? 0),
    pageviews: Number(row?.pageviews ?? 0),
    since: new Date(since).toISOString(),
    filters: query.filters,
  }
}

import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import { eventExpressions } from './event-expressions.js'
import type { SqlParams } from './sql-params.js'
import type { StatsQuery, TimeRange } from './stats-query.js'

/**
 * Where the visitor-level figures (summary, series, frequency, recency) read from, as column
 * expressions that mean the same on both sources: the `visitor_hours` rollup when no filter is
 * in force, else the events themselves. On the rollup a row is an hour of one visitor (or of
 * every anonymous hit) and its figures are sums; on the events a row is one event.
 */
export interface VisitorSource {
  readonly from: string
  /** The time of a row (a timestamp). */
  readonly time: string
  /** Per-row page views, visits and events (numbers to sum). */
  readonly pageviews: string
  readonly visits: string
  readonly events: string
  /** The visitor id of a row, NULL for anonymous rows. */
  readonly visitor: string
  /** The WHERE condition for a time range (site and filters included). */
  where(p: SqlParams, range: TimeRange): string
}

/**
 * The visitor source for a query.
 *
 * @example const s = visitorSource(store, query); `SELECT sum(${s.visits}) FROM ${s.from} WHERE ${s.where(p, query.range)}`
 */
export function visitorSource(store: Store, query: StatsQuery): VisitorSource {
  if (canUseRollup(store, query, 'visitor_hours', [])) {
    return {
      from: 'rollup_visitor_hours',
      time: 'bucket',
      pageviews: 'pageviews',
      visits: 'visits',
      events: 'events',
      visitor: "CASE WHEN visitor <> '' THEN visitor END",
      where: (p, range) => rollupWhere(query, p, range),
    }
  }
  const x = eventExpressions(store.dialect)
  return {
    from: 'events',
    time: 'time',
    pageviews: x.pageview,
    visits: x.visit,
    events: x.event,
    visitor: 'visitor',
    where: (p, range) => eventsWhere(store, query, p, range),
  }
}

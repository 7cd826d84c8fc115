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
  /** What identifies a visitor: the expressions to GROUP BY (anonymous rows form one group). */
  readonly visitor: string
  /** 1 when the row has a visitor (consented), else 0. */
  readonly known: string
  /** The visitor id's first deposit, epoch seconds (a 64-bit integer). */
  readonly deposit: string
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
      visitor: 'deposit, high, low',
      known: 'CASE WHEN deposit <> 0 THEN 1 ELSE 0 END',
      deposit: 'deposit',
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
    known: 'CASE WHEN visitor IS NULL THEN 0 ELSE 1 END',
    deposit: store.dialect.leadingInteger('visitor'),
    where: (p, range) => eventsWhere(store, query, p, range),
  }
}

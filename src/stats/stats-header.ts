import type { StatsQuery } from './stats-query.js'
import type { Filters, StatsHeader } from './stats-types.js'

/**
 * The part every per-site answer starts with: site, period, previous period, filters applied.
 *
 * @example const answer = { ...statsHeader(query), metrics }
 */
export function statsHeader(query: StatsQuery, filters: Filters = query.filters): StatsHeader {
  return {
    site: query.site,
    from: query.from,
    to: query.to,
    previous: { from: query.previous.from, to: query.previous.to },
    filters,
  }
}

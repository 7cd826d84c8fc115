import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { queryGrouped } from './query-grouped.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/** The filters the `sources` rollup can apply. */
export const SOURCE_KEYS = ['referrer', 'utm_source', 'utm_medium', 'utm_campaign'] as const

/**
 * Referrers: visits by the host of the page that linked to the site ('' = none: typed, a
 * bookmark, an app, or a browser that sent no referrer). Everyone.
 *
 * @example const { rows } = await queryReferrers(store, query) // [{ referrer: 'www.google.com', visits: 40 }, …]
 */
export async function queryReferrers(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const x = eventExpressions(store.dialect)
  const rows = await queryGrouped(store, query, {
    groups: ['referrer'],
    measures: ['visits'],
    raw: { groups: [x.referrerHost], measures: ['count(*)'], where: x.isVisit },
    rollup: {
      name: 'sources',
      keys: SOURCE_KEYS,
      groups: ['referrer'],
      measures: ['sum(visits)'],
    },
  })
  return {
    ...statsHeader(query),
    panel: 'referrers',
    filter: 'referrer',
    columns: [column('referrer', 'Referrer', 'all'), column('visits', 'Visits', 'all')],
    rows,
  }
}

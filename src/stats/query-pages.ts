import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { queryGrouped } from './query-grouped.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/**
 * Top pages: page views by path (everyone: anonymous exempt measurement included).
 *
 * @example const { rows } = await queryPages(store, query) // [{ page: '/', pageviews: 120 }, …]
 */
export async function queryPages(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const x = eventExpressions(store.dialect)
  const rows = await queryGrouped(store, query, {
    groups: ['page'],
    measures: ['pageviews'],
    raw: { groups: ['path'], measures: [`sum(${x.pageview})`], where: "type = 'pageview'" },
    rollup: { name: 'pages', keys: ['page'], groups: ['page'], measures: ['sum(pageviews)'] },
  })
  return {
    ...statsHeader(query),
    panel: 'pages',
    filter: 'page',
    columns: [column('page', 'Page', 'all'), column('pageviews', 'Page views', 'all')],
    rows,
  }
}

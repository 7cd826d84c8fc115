import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { queryGrouped } from './query-grouped.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/**
 * Entry pages: visits by the page they started on (everyone).
 *
 * @example const { rows } = await queryEntries(store, query) // [{ page: '/', visits: 80 }, …]
 */
export async function queryEntries(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const x = eventExpressions(store.dialect)
  const rows = await queryGrouped(store, query, {
    groups: ['page'],
    measures: ['visits'],
    raw: { groups: ['path'], measures: ['count(*)'], where: x.isVisit },
    rollup: { name: 'pages', keys: ['page'], groups: ['page'], measures: ['sum(visits)'] },
  })
  return {
    ...statsHeader(query),
    panel: 'entries',
    filter: 'entry',
    columns: [column('page', 'Entry page', 'all'), column('visits', 'Visits', 'all')],
    rows,
  }
}

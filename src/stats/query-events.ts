import type { Store } from '../store/store.js'
import { queryGrouped } from './query-grouped.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'
import { firstSince } from './visitor-source.js'

/**
 * Custom events ("operations performed"): how many of each (everyone), and how many distinct
 * consenting visitors sent it.
 *
 * @example const { rows } = await queryEvents(store, query) // [{ event: 'download', count: 30, visitors: 12 }, …]
 */
export async function queryEvents(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const d = store.dialect
  const rows = await queryGrouped(store, query, {
    groups: ['event'],
    measures: ['count', 'visitors'],
    raw: {
      groups: ['name'],
      measures: ['count(*)', d.countDistinct('visitor')],
      where: "type = 'event'",
    },
    rollup: {
      name: 'events',
      keys: ['event'],
      groups: ['event'],
      // A visitor counts once per event: at its first row of the period for that event.
      measures: (p) => [
        'sum(events)',
        `sum(CASE WHEN deposit <> 0 AND ${firstSince(p, p.time(query.range.start))} THEN 1 ELSE 0 END)`,
      ],
    },
  })
  return {
    ...statsHeader(query),
    panel: 'events',
    filter: 'event',
    columns: [
      column('event', 'Event', 'all'),
      column('count', 'Events', 'all'),
      column('visitors', 'Visitors', 'consenting'),
    ],
    rows,
  }
}

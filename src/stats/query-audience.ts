import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { queryGrouped } from './query-grouped.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/** The audience tables, and the dimension each one groups by. */
export const AUDIENCE_PANELS = {
  countries: { dimension: 'country', label: 'Country' },
  devices: { dimension: 'device', label: 'Device' },
  browsers: { dimension: 'browser', label: 'Browser' },
  os: { dimension: 'os', label: 'Operating system' },
} as const

/** One of the audience tables. */
export type AudiencePanel = keyof typeof AUDIENCE_PANELS

const KEYS = ['country', 'device', 'browser', 'os'] as const

/**
 * Countries, device classes, browsers or operating systems: visits and page views by value
 * ('' when unknown). Everyone.
 *
 * @example const { rows } = await queryAudience(store, query, 'devices') // [{ device: 'mobile', visits: 50, pageviews: 90 }, …]
 */
export async function queryAudience(
  store: Store,
  query: StatsQuery,
  panel: AudiencePanel,
): Promise<TableAnswer> {
  const x = eventExpressions(store.dialect)
  const { dimension, label } = AUDIENCE_PANELS[panel]
  const rows = await queryGrouped(store, query, {
    groups: [dimension],
    measures: ['visits', 'pageviews'],
    raw: {
      groups: [dimension],
      measures: [`sum(${x.visit})`, 'count(*)'],
      where: "type = 'pageview'",
    },
    rollup: {
      name: 'audience',
      keys: KEYS,
      groups: [dimension],
      measures: ['sum(visits)', 'sum(pageviews)'],
    },
  })
  return {
    ...statsHeader(query),
    panel,
    filter: dimension,
    columns: [
      column(dimension, label, 'all'),
      column('visits', 'Visits', 'all'),
      column('pageviews', 'Page views', 'all'),
    ],
    rows,
  }
}

import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { fromFormValue } from './form-value.js'
import { queryGrouped } from './query-grouped.js'
import { SOURCE_KEYS } from './query-referrers.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

const UTM = ['utm_campaign', 'utm_source', 'utm_medium'] as const

/**
 * Campaigns: visits whose first page carried UTM parameters, by campaign, source and medium
 * (values decoded; '' when a parameter is absent). Everyone.
 *
 * @example const { rows } = await queryCampaigns(store, query) // [{ utm_campaign: '2026-03', utm_source: 'newsletter', utm_medium: 'email', visits: 12 }]
 */
export async function queryCampaigns(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const x = eventExpressions(store.dialect)
  const rawUtm = UTM.map((u) => x.dimensions[u])
  const rows = await queryGrouped(store, query, {
    groups: UTM,
    measures: ['visits'],
    raw: {
      groups: rawUtm,
      measures: ['count(*)'],
      where: `${x.isVisit} AND (${rawUtm.map((u) => `${u} <> ''`).join(' OR ')})`,
    },
    rollup: {
      name: 'sources',
      keys: SOURCE_KEYS,
      groups: UTM,
      measures: ['sum(visits)'],
      where: `(${UTM.map((u) => `${u} <> ''`).join(' OR ')})`,
    },
  })
  return {
    ...statsHeader(query),
    panel: 'campaigns',
    filter: 'utm_campaign',
    columns: [
      column('utm_campaign', 'Campaign', 'all'),
      column('utm_source', 'Source', 'all'),
      column('utm_medium', 'Medium', 'all'),
      column('visits', 'Visits', 'all'),
    ],
    rows: rows.map((row) => ({
      ...row,
      // Stryker disable next-line StringLiteral: a campaign row has a query with a UTM value in it (the WHERE above), so every UTM column is text ('' when absent: regexp_extract finds no match), never NULL; the fallback is for the type only
      ...Object.fromEntries(UTM.map((u) => [u, fromFormValue(String(row[u] ?? ''))])),
    })),
  }
}

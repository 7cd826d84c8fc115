import { TABLE_PANELS } from '../stats/stats-types.js'
import type { DashboardQuery } from './dashboard-query.js'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import type { TablePanel } from './render-table.js'

/** The table panels of the page, in the API's order (their titles and notes are in dashboard-texts). */
const ENDPOINTS = TABLE_PANELS

/**
 * The table panels of the page, in order, for a query, titled in the page's language: the
 * event-props panel appears when an event is filtered on (clicking an event shows its
 * properties).
 *
 * @example dashboardPanels(query).map((p) => p.endpoint)
 */
export function dashboardPanels(
  query: DashboardQuery,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): TablePanel[] {
  const event = query.filters.find(([dim]) => dim === 'event')?.[1]
  return ENDPOINTS.flatMap((endpoint): TablePanel[] => {
    if (endpoint !== 'event-props') {
      const text = t.panels[endpoint]
      return text === undefined ? [] : [{ endpoint, ...text }]
    }
    return event === undefined ? [] : [{ endpoint, ...t.eventProps(event), extra: { event } }]
  })
}

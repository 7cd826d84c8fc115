import type { Store } from '../store/store.js'
import { queryAudience } from './query-audience.js'
import { queryCampaigns } from './query-campaigns.js'
import { queryConsentVersions } from './query-consent-versions.js'
import { queryConsents } from './query-consents.js'
import { queryEntries } from './query-entries.js'
import { queryEventProps } from './query-event-props.js'
import { queryEvents } from './query-events.js'
import { queryFrequency } from './query-frequency.js'
import { queryPages } from './query-pages.js'
import { queryRealtime } from './query-realtime.js'
import { queryRecency } from './query-recency.js'
import { queryReferrers } from './query-referrers.js'
import { querySeries } from './query-series.js'
import { querySummary } from './query-summary.js'
import type { StatsQuery } from './stats-query.js'
import type { StatsAnswer, StatsEndpoint } from './stats-types.js'

type Run = (store: Store, query: StatsQuery) => Promise<StatsAnswer>

/**
 * Every per-site endpoint of the stats API and the query that answers it, one module per
 * question. The API, the benchmark and the tests go through this table.
 *
 * @example const answer = await STATS_ENDPOINTS.pages(store, query)
 */
export const STATS_ENDPOINTS: Readonly<Record<StatsEndpoint, Run>> = {
  summary: querySummary,
  series: querySeries,
  realtime: queryRealtime,
  pages: queryPages,
  entries: queryEntries,
  referrers: queryReferrers,
  campaigns: queryCampaigns,
  countries: (store, query) => queryAudience(store, query, 'countries'),
  devices: (store, query) => queryAudience(store, query, 'devices'),
  browsers: (store, query) => queryAudience(store, query, 'browsers'),
  os: (store, query) => queryAudience(store, query, 'os'),
  events: queryEvents,
  'event-props': queryEventProps,
  frequency: queryFrequency,
  recency: queryRecency,
  consents: queryConsents,
  'consent-versions': queryConsentVersions,
}

/** Whether a path segment names an endpoint. @example isStatsEndpoint('pages') // true */
export function isStatsEndpoint(name: string): name is StatsEndpoint {
  return Object.hasOwn(STATS_ENDPOINTS, name)
}

/**
 * Runs the calls the dashboard page makes for one view, all at once as the page asks them (the
 * store spreads them over its read connections): everything but `event-props` when no event is
 * chosen — the benchmark's unit of work. `answered` is told each endpoint as its answer arrives.
 * A failed call rejects the whole at once; the others still run to their end.
 *
 * @example const answers = await queryDashboard(store, query) // { summary: …, series: …, pages: …, … }
 */
export async function queryDashboard(
  store: Store,
  query: StatsQuery,
  answered?: (endpoint: StatsEndpoint) => void,
): Promise<Partial<Record<StatsEndpoint, StatsAnswer>>> {
  const answers = await Promise.all(
    dashboardCalls(query).map(async ([name, run]) => {
      const answer = await run(store, query)
      answered?.(name)
      return [name, answer] as const
    }),
  )
  return Object.fromEntries(answers)
}

/**
 * The endpoints the dashboard page calls for one view, with their queries: all but
 * `event-props` when no event is chosen.
 *
 * @example for (const [name, run] of dashboardCalls(query)) await run(store, query)
 */
export function dashboardCalls(query: StatsQuery): (readonly [StatsEndpoint, Run])[] {
  return (Object.entries(STATS_ENDPOINTS) as [StatsEndpoint, Run][]).filter(
    ([name]) => name !== 'event-props' || query.event !== undefined,
  )
}

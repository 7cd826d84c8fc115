import { isDashboardLanguage } from './choose-language.js'
import type { DashboardLanguage } from './dashboard-texts.js'

/** The filter dimensions of the stats API (docs/api.md), in the order the page shows them. */
export const FILTER_DIMENSIONS = [
  'page',
  'entry',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'country',
  'device',
  'browser',
  'os',
  'event',
] as const

export type FilterDimension = (typeof FILTER_DIMENSIONS)[number]

/** The series' bucket sizes. */
export const INTERVALS = ['hour', 'day', 'week', 'month'] as const

/** What a dashboard URL asks for: `/dashboard?site=…&from=…&to=…&interval=…&filter.page=/a`. */
export interface DashboardQuery {
  readonly site: string
  readonly from?: string
  readonly to?: string
  readonly interval?: string
  readonly filters: readonly (readonly [FilterDimension, string])[]
  /** The page's language when the URL chose one (`?lang=`): kept in the page's links. */
  readonly lang?: DashboardLanguage
}

/**
 * Reads the page's URL. Values are passed on to the stats API as they are: it checks them and
 * says what is wrong, and the page shows that answer. Unknown parameters are dropped.
 *
 * @example readDashboardQuery(new URL('http://x/dashboard?site=a.example&filter.page=/b'), ['a.example'])
 * // { site: 'a.example', filters: [['page', '/b']] }
 */
export function readDashboardQuery(url: URL, sites: readonly string[]): DashboardQuery {
  const p = url.searchParams
  const filters: [FilterDimension, string][] = []
  for (const dim of FILTER_DIMENSIONS) {
    const value = p.get(`filter.${dim}`)
    if (value !== null) filters.push([dim, value])
  }
  const optional = (key: string) => {
    const v = p.get(key)
    return v === null || v === '' ? {} : { [key]: v }
  }
  const lang = p.get('lang')
  return {
    site: p.get('site') ?? sites[0] ?? '',
    ...optional('from'),
    ...optional('to'),
    ...optional('interval'),
    filters,
    ...(isDashboardLanguage(lang) ? { lang } : {}),
  }
}

/**
 * The query string of a dashboard URL for `query` (filters as `filter.<dim>`, the language when
 * the URL chose one), plus `extra` parameters.
 *
 * @example toSearch({ site: 'a.example', filters: [['page', '/b']] }) // 'site=a.example&filter.page=%2Fb'
 */
export function toSearch(query: DashboardQuery, extra: Record<string, string> = {}): string {
  return toApiSearch(query, query.lang === undefined ? extra : { ...extra, lang: query.lang })
}

/**
 * The query string of a stats API URL for `query`, plus `extra` parameters: as `toSearch`,
 * without the page's language (the API has no such parameter, and answers in data, not words).
 *
 * @example toApiSearch({ site: 'a.example', filters: [], lang: 'fr' }, { format: 'csv' }) // 'site=a.example&format=csv'
 */
export function toApiSearch(query: DashboardQuery, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ site: query.site })
  if (query.from !== undefined) p.set('from', query.from)
  if (query.to !== undefined) p.set('to', query.to)
  if (query.interval !== undefined) p.set('interval', query.interval)
  for (const [dim, value] of query.filters) p.set(`filter.${dim}`, value)
  for (const [k, v] of Object.entries(extra)) p.set(k, v)
  return p.toString()
}

/**
 * The query with the filter `dim = value` added (replacing another value of the same dimension).
 *
 * @example withFilter(query, 'country', 'FR')
 */
export function withFilter(
  query: DashboardQuery,
  dim: FilterDimension,
  value: string,
): DashboardQuery {
  return { ...query, filters: [...query.filters.filter(([d]) => d !== dim), [dim, value]] }
}

/**
 * The query without its filter on `dim`.
 *
 * @example withoutFilter(query, 'country')
 */
export function withoutFilter(query: DashboardQuery, dim: FilterDimension): DashboardQuery {
  return { ...query, filters: query.filters.filter(([d]) => d !== dim) }
}

/**
 * Whether a string is one of the filter dimensions.
 *
 * @example isFilterDimension('page') // true
 */
export function isFilterDimension(value: unknown): value is FilterDimension {
  return (FILTER_DIMENSIONS as readonly unknown[]).includes(value)
}

/**
 * The stats API's contract: what `/api/stats/*` answers (docs/api.md describes every field).
 * The dashboard page and any script reading the API use these types.
 */

/** Who a figure covers: every stored event, or only visitors who consented (with a visitor id). */
export type Coverage = 'all' | 'consenting'

/** Series buckets, in UTC; weeks start on Monday. */
export type Interval = 'hour' | 'day' | 'week' | 'month'

/** The intervals, in order. */
export const INTERVALS: readonly Interval[] = ['hour', 'day', 'week', 'month']

/** What `filter.<dimension>=<value>` may name. */
export const DIMENSIONS = [
  'page',
  'entry',
  'referrer',
  'country',
  'device',
  'browser',
  'os',
  'event',
  'utm_source',
  'utm_medium',
  'utm_campaign',
] as const

/** A filterable dimension of the stored events. */
export type Dimension = (typeof DIMENSIONS)[number]

/** Filters in force: each keeps the events whose dimension equals the value; they AND together. */
export type Filters = Readonly<Partial<Record<Dimension, string>>>

/** The table endpoints, `GET /api/stats/<panel>`. */
export const TABLE_PANELS = [
  'pages',
  'entries',
  'referrers',
  'campaigns',
  'countries',
  'devices',
  'browsers',
  'os',
  'events',
  'event-props',
  'frequency',
  'recency',
  'consents',
  'consent-versions',
] as const

/** A table endpoint. */
export type TablePanel = (typeof TABLE_PANELS)[number]

/** Every endpoint that reads statistics of one site (all but `sites`). */
export type StatsEndpoint = 'summary' | 'series' | 'realtime' | TablePanel

/** A period: two UTC dates, both included. */
export interface Period {
  /** YYYY-MM-DD */
  readonly from: string
  /** YYYY-MM-DD, included. */
  readonly to: string
}

/** What every per-site answer starts with. */
export interface StatsHeader extends Period {
  readonly site: string
  /** The period of the same length just before (what `previous` figures cover). */
  readonly previous: Period
  /** The filters this answer applied (consent panels apply none: receipts have no pages). */
  readonly filters: Filters
}

/** The keys of the summary's metrics. */
export type MetricKey =
  'visits' | 'pageviews' | 'events' | 'visitors' | 'new_visitors' | 'returning_visitors'

/** One figure of the summary, for the period and the previous one. */
export interface Metric {
  readonly key: MetricKey
  readonly label: string
  readonly coverage: Coverage
  readonly value: number
  readonly previous: number
}

/** `GET /api/stats/summary` */
export interface SummaryAnswer extends StatsHeader {
  readonly metrics: readonly Metric[]
}

/** A column of a series or a table; `coverage` says whom its figures cover. */
export interface Column {
  readonly key: string
  readonly label: string
  readonly coverage: Coverage
}

/** One bucket of the series. */
export interface SeriesRow {
  /** Start of the bucket, ISO 8601 in UTC (a week or month may start before `from`). */
  readonly time: string
  readonly visits: number
  readonly pageviews: number
  readonly visitors: number
}

/** `GET /api/stats/series`: every bucket of the period, zeros included. */
export interface SeriesAnswer extends StatsHeader {
  readonly interval: Interval
  readonly columns: readonly Column[]
  readonly rows: readonly SeriesRow[]
  /** The previous period's buckets, same interval, for an overlay. */
  readonly previousRows: readonly SeriesRow[]
}

/** A table cell: a dimension's value (text), a figure, or null (no figure: a rate nobody decided). */
export type Cell = string | number | null

/** `GET /api/stats/<panel>` */
export interface TableAnswer extends StatsHeader {
  readonly panel: TablePanel
  /** The filter a click on a row applies, with the row's first column as its value; null: none. */
  readonly filter: Dimension | null
  /** The first column is the row's dimension value. */
  readonly columns: readonly Column[]
  readonly rows: readonly Readonly<Record<string, Cell>>[]
}

/** `GET /api/stats/realtime` */
export interface RealtimeAnswer {
  readonly site: string
  readonly minutes: number
  readonly visits: number
  readonly pageviews: number
  /** Start of the window, ISO 8601. */
  readonly since: string
  readonly filters: Filters
}

/** `GET /api/stats/sites` */
export interface SitesAnswer {
  readonly sites: readonly { readonly domain: string; readonly name?: string }[]
}

/** Any answer of a per-site endpoint. */
export type StatsAnswer = SummaryAnswer | SeriesAnswer | TableAnswer | RealtimeAnswer

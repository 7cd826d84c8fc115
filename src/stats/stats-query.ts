import type { Filters, Interval } from './stats-types.js'

/** A period as epoch milliseconds, `start` included, `end` excluded (midnights, UTC). */
export interface TimeRange {
  readonly start: number
  readonly end: number
}

/**
 * One parsed, valid statistics request: what every `query*` function of stats/ takes. Made by
 * `parseStatsQuery` from the API's parameters, or directly by a caller (the benchmark).
 *
 * @example
 * const query: StatsQuery = { site: 'example.org', from: '2026-03-01', to: '2026-03-30', ...periodOf('2026-03-01', '2026-03-30'), interval: 'day', limit: 100, filters: {}, now: Date.now() }
 */
export interface StatsQuery {
  /** A site domain of the policy. */
  readonly site: string
  /** YYYY-MM-DD, included. */
  readonly from: string
  /** YYYY-MM-DD, included. */
  readonly to: string
  /** The period as times: from's midnight to the midnight after `to`. */
  readonly range: TimeRange
  /** The period of the same number of days just before. */
  readonly previous: TimeRange & { readonly from: string; readonly to: string }
  readonly interval: Interval
  /** Rows of a table, at most. */
  readonly limit: number
  readonly filters: Filters
  /** event-props: the custom event whose properties to list. */
  readonly event?: string
  /** The server's time (realtime's window ends there). */
  readonly now: number
  /**
   * 'raw' scans the events even when a rollup could answer: the reference the rollups are
   * tested against. Default 'auto'.
   */
  readonly source?: 'auto' | 'raw'
}

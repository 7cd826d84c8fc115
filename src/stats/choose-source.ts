import type { Store } from '../store/store.js'
import { eventExpressions } from './event-expressions.js'
import { toFormValue } from './form-value.js'
import type { SqlParams } from './sql-params.js'
import type { StatsQuery, TimeRange } from './stats-query.js'
import type { StatsRollup } from './stats-rollups.js'
import { DIMENSIONS, type Dimension, type Filters } from './stats-types.js'

/**
 * Whether `rollup` can answer a query: the store keeps it, the caller did not ask for raw
 * scans, and every filter in force names one of the rollup's `keys` (a filter on anything
 * else needs the events themselves).
 *
 * @example if (canUseRollup(store, query, 'audience', ['country', 'device', 'browser', 'os'])) …
 */
export function canUseRollup(
  store: Store,
  query: StatsQuery,
  rollup: StatsRollup,
  keys: readonly Dimension[],
): boolean {
  return (
    query.source !== 'raw' &&
    store.rollups.includes(rollup) &&
    filtersOf(query.filters).every(([dimension]) => keys.includes(dimension))
  )
}

/**
 * The WHERE condition on `events` for the query's site, a time range and every filter, with
 * each value bound. Filters keep the stored events whose dimension equals the value.
 *
 * @example `SELECT count(*) FROM events WHERE ${eventsWhere(store, query, p, query.range)}`
 */
export function eventsWhere(
  store: Store,
  query: StatsQuery,
  p: SqlParams,
  range: TimeRange,
  filters: Filters = query.filters,
): string {
  const x = eventExpressions(store.dialect)
  return [
    `site = ${p.add(query.site)}`,
    `time >= ${p.time(range.start)}`,
    `time < ${p.time(range.end)}`,
    ...filtersOf(filters).map(
      ([dimension, value]) =>
        `${x.dimensions[dimension]} = ${p.add(storedValue(dimension, value))}`,
    ),
  ].join(' AND ')
}

/**
 * The WHERE condition on a rollup table: the site (by its integer `site_key`, stats-rollups.ts),
 * the buckets of a range (ranges are whole
 * days, so hour and day buckets fall inside or outside, never across), and every filter on the
 * rollup's column of the same name.
 *
 * @example `SELECT sum(visits) FROM rollup_sources WHERE ${rollupWhere(query, p, query.range)}`
 */
export function rollupWhere(query: StatsQuery, p: SqlParams, range: TimeRange): string {
  return [
    `site_key = ${p.textKey(query.site)}`,
    `bucket >= ${p.time(range.start)}`,
    `bucket < ${p.time(range.end)}`,
    ...filtersOf(query.filters).map(
      ([dimension, value]) => `${dimension} = ${p.add(storedValue(dimension, value))}`,
    ),
  ].join(' AND ')
}

/** The filters in force, in DIMENSIONS order. @example filtersOf({ os: 'iOS' }) // [['os', 'iOS']] */
export function filtersOf(filters: Filters): [Dimension, string][] {
  return DIMENSIONS.flatMap((d) => {
    const value = filters[d]
    return value === undefined ? [] : [[d, value] as [Dimension, string]]
  })
}

/** A filter's value as stored: campaign values are kept form-encoded. */
function storedValue(dimension: Dimension, value: string): string {
  return dimension.startsWith('utm_') ? toFormValue(value) : value
}

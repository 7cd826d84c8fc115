import { safeKey } from '../lib/safe-key.js'
import { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { findUnsafeChar, formatCodePoint } from '../protocol/unsafe-text.js'
import { isDate, toDate } from '../lib/calendar-date.js'
import { periodOf } from './stats-period.js'
import type { StatsQuery } from './stats-query.js'
import {
  DIMENSIONS,
  INTERVALS,
  TABLE_PANELS,
  type Dimension,
  type Interval,
  type StatsEndpoint,
} from './stats-types.js'

const DAY = 86_400_000
/** The longest period a request may cover (ten years: far past any retention). */
const MAX_DAYS = 3660
/** The most buckets a series may have. */
const MAX_BUCKETS = 1000
/** Filter values and event names are stored strings: at most this long (docs/api.md). */
const MAX_VALUE = 2048
const DEFAULT_DAYS = 30
const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000
/** The endpoints that answer CSV too: the tables and the series. */
const CSV_ENDPOINTS: readonly string[] = [...TABLE_PANELS, 'series']
const KNOWN = new Set(['site', 'from', 'to', 'interval', 'limit', 'event', 'format'])

/** What the API reads from a request besides the query: the answer's format. */
export interface StatsRequest {
  readonly query: StatsQuery
  readonly format: 'json' | 'csv'
}

/**
 * Reads the parameters of a stats request (docs/api.md) into a StatsQuery, or the first
 * problem as a STATS_QUERY_INVALID error naming the parameter (`where`) — never echoing the
 * value sent. Dates are UTC; the default period is the 30 days ending today (`now`).
 *
 * @example
 * const parsed = parseStatsQuery(new URL(req.url).searchParams, { endpoint: 'pages', sites: ['example.org'], now: Date.now() })
 * if (!parsed.ok) return reject(parsed.error)
 */
export function parseStatsQuery(
  params: URLSearchParams,
  context: {
    readonly endpoint: StatsEndpoint
    readonly sites: readonly string[]
    readonly now: number
  },
): Result<StatsRequest, AppError> {
  const problem = (where: string, message: string) =>
    err(new AppError('STATS_QUERY_INVALID', `${where}: ${message}`, { where }))

  // A name the client chose is named only when it is short and plain (safeKey): the unknown
  // ones may hold anything, and an error message must not carry it back.
  const seen = new Set<string>()
  for (const key of params.keys()) {
    if (seen.has(key))
      return problem(safeKey(key), 'given more than once; give each parameter once.')
    seen.add(key)
    if (key.startsWith('filter.')) {
      if (!(DIMENSIONS as readonly string[]).includes(key.slice('filter.'.length)))
        return problem(
          safeKey(key),
          `not a filter; filters are ${DIMENSIONS.map((d) => `filter.${d}`).join(', ')}.`,
        )
    } else if (!KNOWN.has(key)) {
      return problem(
        safeKey(key),
        `unknown parameter; the parameters are ${[...KNOWN].join(', ')} and filter.<dimension>.`,
      )
    }
  }

  const site = params.get('site')
  if (site === null || site === '')
    return problem('site', 'required: the domain of one of the policy’s sites.')
  if (!context.sites.includes(site))
    return problem('site', `not one of the policy’s sites (${context.sites.join(', ')}).`)

  const today = toDate(context.now)
  const toText = params.get('to') ?? today
  if (!isDate(toText)) return problem('to', 'not a date; write YYYY-MM-DD (UTC).')
  const fromText =
    params.get('from') ?? toDate(Date.parse(`${toText}T00:00:00Z`) - (DEFAULT_DAYS - 1) * DAY)
  if (!isDate(fromText)) return problem('from', 'not a date; write YYYY-MM-DD (UTC).')
  const period = periodOf(fromText, toText)
  const days = (period.range.end - period.range.start) / DAY
  if (days < 1)
    return problem('from', 'after `to`; the period is from `from` to `to`, both included.')
  if (days > MAX_DAYS)
    return problem('from', `the period is longer than ${MAX_DAYS} days; choose a shorter one.`)

  const intervalText = params.get('interval')
  let interval: Interval
  if (intervalText === null)
    interval = days <= 2 ? 'hour' : days <= 92 ? 'day' : days <= 731 ? 'week' : 'month'
  else if ((INTERVALS as readonly string[]).includes(intervalText))
    interval = intervalText as Interval
  else return problem('interval', `not an interval; use ${INTERVALS.join(', ')}.`)
  const perBucket = { hour: 1 / 24, day: 1, week: 7, month: 28 }[interval]
  if (context.endpoint === 'series' && days / perBucket > MAX_BUCKETS + 1)
    return problem(
      'interval',
      `${interval} makes more than ${MAX_BUCKETS} buckets over ${days} days; choose a longer interval or a shorter period.`,
    )

  const limitText = params.get('limit')
  let limit = DEFAULT_LIMIT
  if (limitText !== null) {
    if (!/^[0-9]{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_LIMIT)
      return problem('limit', `a whole number of rows from 1 to ${MAX_LIMIT}.`)
    limit = Number(limitText)
  }

  const filters: Partial<Record<Dimension, string>> = {}
  for (const dimension of DIMENSIONS) {
    const value = params.get(`filter.${dimension}`)
    if (value === null) continue
    const bad = checkValue(value)
    if (bad) return problem(`filter.${dimension}`, bad)
    filters[dimension] = value
  }

  const event = params.get('event')
  if (event !== null) {
    const bad = event === '' ? 'empty; name a custom event.' : checkValue(event)
    if (bad) return problem('event', bad)
  } else if (context.endpoint === 'event-props') {
    return problem('event', 'required: the custom event whose properties to list (event=NAME).')
  }

  const formatText = params.get('format') ?? 'json'
  if (formatText !== 'json' && formatText !== 'csv') return problem('format', 'use json or csv.')
  if (formatText === 'csv' && !CSV_ENDPOINTS.includes(context.endpoint))
    return problem(
      'format',
      'csv is for the series and the table endpoints (docs/api.md); this one answers JSON.',
    )

  return ok({
    format: formatText,
    query: {
      site,
      from: fromText,
      to: toText,
      ...period,
      interval,
      limit,
      filters,
      ...(event === null ? {} : { event }),
      now: context.now,
    },
  })
}

/**
 * A filter value or an event name: at most MAX_VALUE characters, and text by the one rule of
 * what may be stored (protocol/unsafe-text.ts): text that the collector refuses is never stored,
 * so a filter holding it could match nothing. The code point is named, never the value.
 */
function checkValue(value: string): string | undefined {
  if (value.length > MAX_VALUE) return `longer than ${MAX_VALUE} characters.`
  const unsafe = findUnsafeChar(value)
  if (unsafe !== null) return `holds ${unsafe.kind} (${formatCodePoint(unsafe.codePoint)}).`
  return undefined
}

import { toDate } from '../lib/calendar-date.js'
import type { StatsQuery } from './stats-query.js'

const DAY = 86_400_000

/** Midnight UTC of a YYYY-MM-DD date, epoch ms. @example dayStart('2026-03-01') */
export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`)
}

/**
 * The time range of a period of whole UTC days, and the previous period of the same length.
 *
 * @example periodOf('2026-03-01', '2026-03-30').previous // { from: '2026-01-30', to: '2026-02-28', … }
 */
export function periodOf(from: string, to: string): Pick<StatsQuery, 'range' | 'previous'> {
  const start = dayStart(from)
  const end = dayStart(to) + DAY
  const length = end - start
  return {
    range: { start, end },
    previous: {
      start: start - length,
      end: start,
      from: toDate(start - length),
      to: toDate(start - DAY),
    },
  }
}

/**
 * A query of the whole dashboard's kind: the `days` days up to the day of `now` (included),
 * by day, 100 rows, no filter; `overrides` change the rest. For tools and benchmarks that ask
 * what the dashboard asks.
 *
 * @example lastDaysQuery('example.org', 30, Date.parse('2026-03-30T12:00:00Z')).from // '2026-03-01'
 */
export function lastDaysQuery(
  site: string,
  days: number,
  now: number,
  overrides: Partial<Omit<StatsQuery, 'from' | 'to' | 'range' | 'previous'>> = {},
): StatsQuery {
  const to = toDate(now)
  const from = toDate(dayStart(to) - (days - 1) * DAY)
  return {
    site,
    from,
    to,
    ...periodOf(from, to),
    interval: 'day',
    limit: 100,
    filters: {},
    now,
    ...overrides,
  }
}

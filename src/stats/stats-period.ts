import type { StatsQuery } from './stats-query.js'

const DAY = 86_400_000

/** Midnight UTC of a YYYY-MM-DD date, epoch ms. @example dayStart('2026-03-01') */
export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`)
}

/** The UTC date of a time, YYYY-MM-DD. @example toDate(Date.UTC(2026, 2, 1)) // '2026-03-01' */
export function toDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/**
 * A real calendar date, YYYY-MM-DD, between the years 1970 and 9999 (not 2026-02-30, which
 * Date.parse reads as 2 March). The stats API and the receipts query read their dates with it.
 *
 * @example isDate('2026-02-30') // false
 */
export function isDate(text: string): boolean {
  // Stryker disable next-line Regex,ConditionalExpression: the round trip below keeps only a text that toISOString writes, YYYY-MM-DD or ±YYYYYY-MM (which sorts before '1970-01-01'), so the pattern → false or without either anchor lets the same texts through: it only spares a Date.parse. This line's other ConditionalExpression mutants (the whole test → true or false, `text < '1970-01-01'` → false) are killed by parse-stats-query.test.ts ('accepts 1970-01-01 and refuses the day before', 'defaults…'), and hidden by this mark.
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text) || text < '1970-01-01') return false
  const time = Date.parse(`${text}T00:00:00Z`)
  return !Number.isNaN(time) && toDate(time) === text
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

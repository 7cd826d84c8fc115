/** Calendar dates as the API and the CLI write them: YYYY-MM-DD, in UTC. */

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

/** The calendar day `days` after `date` (both YYYY-MM-DD). @example addDays('2026-12-01', 30) // '2026-12-31' */
export function addDays(date: string, days: number): string {
  return toDate(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000)
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). @example daysBetween('2026-12-01', '2026-12-31') // 30 */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The first millisecond (UTC) of the month of a time. @example monthStart(Date.UTC(2026, 2, 9, 5)) // Date.UTC(2026, 2, 1) */
export function monthStart(time: number): number {
  const date = new Date(time)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
}

/**
 * Calendar-month arithmetic in UTC, for lifetimes and retention ("13 months after the first
 * deposit"). A month is a calendar month, not 30 days: the CNIL counts in months, and a visitor
 * who accepted on 31 January 2026 sees the banner again on 28 February 2027 (the day is clamped
 * to the end of a shorter month) — never later than the promise. It lives in protocol/ because
 * temoin.js and the collector must compute the very same expiry from the same deposit.
 *
 * @example
 * addMonths(Date.UTC(2026, 0, 31), 13) // 2027-02-28T00:00:00Z
 */
export function addMonths(epochMs: number, months: number): number {
  const d = new Date(epochMs)
  const day = d.getUTCDate()
  // From the 1st, so that the month cannot overflow; then the day, clamped to the month's end.
  d.setUTCMonth(d.getUTCMonth() + months, 1)
  const month = d.getUTCMonth()
  d.setUTCDate(day)
  if (d.getUTCMonth() != month) d.setUTCDate(0)
  return d.getTime()
}

import type { TimeRange } from './stats-query.js'
import type { Interval } from './stats-types.js'
import { monthStart } from '../lib/calendar-date.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * The start of every bucket of `interval` that overlaps a range, in UTC: what a series lists,
 * zeros included. A week starts on Monday and a month on its 1st, so the first bucket may start
 * before the range does.
 *
 * @example bucketStarts({ start: Date.UTC(2026, 2, 1), end: Date.UTC(2026, 2, 3) }, 'day') // two days
 */
export function bucketStarts(range: TimeRange, interval: Interval): number[] {
  const starts: number[] = []
  for (let t = bucketStart(range.start, interval); t < range.end; t = next(t, interval))
    starts.push(t)
  return starts
}

/** The start of the bucket holding `time`. @example bucketStart(Date.UTC(2026, 2, 4, 10), 'week') // Monday 2 March */
export function bucketStart(time: number, interval: Interval): number {
  switch (interval) {
    case 'hour':
      return Math.floor(time / HOUR) * HOUR
    case 'day':
      return Math.floor(time / DAY) * DAY
    case 'week': {
      const day = Math.floor(time / DAY) * DAY
      // 1970-01-01 was a Thursday: days since a Monday are (days + 3) mod 7.
      return day - ((((day / DAY + 3) % 7) + 7) % 7) * DAY
    }
    case 'month':
      return monthStart(time)
  }
}

function next(start: number, interval: Interval): number {
  if (interval === 'hour') return start + HOUR
  if (interval === 'day') return start + DAY
  if (interval === 'week') return start + 7 * DAY
  const date = new Date(start)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
}

import { describe, expect, it } from 'vitest'
import { bucketStart, bucketStarts } from './time-buckets.js'

describe('bucketStart', () => {
  // A time inside an hour, a day, a week and a month: each interval floors it to its own start.
  // kills: time-buckets.ts:24 ConditionalExpression → `case 'hour':` (an hour floored to its day)
  it('floors a time to the start of its hour, day, Monday or first of the month (UTC)', () => {
    const time = Date.UTC(2026, 2, 4, 10, 42, 17) // Wednesday 4 March 2026, 10:42:17
    expect(bucketStart(time, 'hour')).toBe(Date.UTC(2026, 2, 4, 10))
    expect(bucketStart(time, 'day')).toBe(Date.UTC(2026, 2, 4))
    expect(bucketStart(time, 'week')).toBe(Date.UTC(2026, 2, 2))
    expect(bucketStart(time, 'month')).toBe(Date.UTC(2026, 2, 1))
  })

  it('lists the hours of a range that starts inside an hour, from that hour on', () => {
    const starts = bucketStarts(
      { start: Date.UTC(2026, 2, 4, 22, 30), end: Date.UTC(2026, 2, 5, 1) },
      'hour',
    )
    expect(starts).toEqual([22, 23, 24].map((h) => Date.UTC(2026, 2, 4, h)))
  })
})

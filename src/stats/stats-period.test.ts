import { describe, expect, it } from 'vitest'
import { lastDaysQuery, periodOf } from './stats-period.js'

describe('lastDaysQuery', () => {
  it('covers the `days` whole UTC days up to the day of `now`, as the dashboard asks them', () => {
    const now = Date.parse('2026-03-30T23:59:59.999Z')
    const query = lastDaysQuery('example.org', 30, now)
    expect(query).toEqual({
      site: 'example.org',
      from: '2026-03-01',
      to: '2026-03-30',
      ...periodOf('2026-03-01', '2026-03-30'),
      interval: 'day',
      limit: 100,
      filters: {},
      now,
    })
    // One day: the day of now, from its midnight.
    const day = lastDaysQuery('example.org', 1, Date.parse('2026-03-01T00:00:00.000Z'))
    expect([day.from, day.to, day.range.end - day.range.start]).toEqual([
      '2026-03-01',
      '2026-03-01',
      86_400_000,
    ])
  })

  it('takes the rest from its overrides', () => {
    const now = Date.parse('2026-03-30T12:00:00Z')
    const query = lastDaysQuery('example.org', 7, now, {
      interval: 'hour',
      filters: { country: 'FR' },
      event: 'download',
    })
    expect([query.from, query.interval, query.filters, query.event]).toEqual([
      '2026-03-24',
      'hour',
      { country: 'FR' },
      'download',
    ])
  })
})

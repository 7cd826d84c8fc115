import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isDate, monthStart, toDate } from './calendar-date.js'

describe('calendar dates', () => {
  it('writes the UTC day of a time', () => {
    expect(toDate(Date.UTC(2026, 2, 1))).toBe('2026-03-01')
    expect(toDate(Date.UTC(2026, 2, 1) - 1)).toBe('2026-02-28')
    expect(toDate(0)).toBe('1970-01-01')
  })
  it('accepts the days of the calendar from 1970, and nothing else', () => {
    for (const day of ['1970-01-01', '2024-02-29', '2026-12-31', '9999-12-31'])
      expect(isDate(day)).toBe(true)
    const refused = [
      '1969-12-31',
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-1-01',
      ' 2026-01-01',
      '2026-01-01\n',
      '2026-01-01T00:00:00Z',
      '２０２６-01-01', // full-width digits
      '2026‐01‐01', // U+2010 hyphens
      '+02026-01-01',
      '',
    ]
    for (const text of refused) expect(isDate(text), text).toBe(false)
  })
  it('adds days across months, leap days and years, and counts them back', () => {
    expect(addDays('2026-12-01', 30)).toBe('2026-12-31')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(daysBetween('2026-12-01', '2026-12-31')).toBe(30)
    expect(daysBetween('2026-12-31', '2026-12-01')).toBe(-30)
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366)
    for (const days of [0, 1, 29, 365, -400])
      expect(daysBetween('2026-03-29', addDays('2026-03-29', days))).toBe(days)
  })
  it('finds the first millisecond of a month, at its edges', () => {
    expect(monthStart(Date.UTC(2026, 2, 9, 5))).toBe(Date.UTC(2026, 2, 1))
    expect(monthStart(Date.UTC(2026, 2, 1))).toBe(Date.UTC(2026, 2, 1))
    expect(monthStart(Date.UTC(2026, 2, 1) - 1)).toBe(Date.UTC(2026, 1, 1))
  })
})

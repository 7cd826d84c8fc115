import { describe, expect, it } from 'vitest'
import { budgetWindows } from './budget-windows.js'

describe('budgetWindows', () => {
  it('gives calendar years for 12 months, and each year a period touches once', () => {
    expect(budgetWindows({ from: '2026-03-01', to: '2026-09-15' }, 12)).toEqual(['2026-01/2026-12'])
    expect(budgetWindows({ from: '2026-11-01', to: '2027-02-01' }, 12)).toEqual([
      '2026-01/2026-12',
      '2027-01/2027-12',
    ])
  })

  // The period's end is exclusive: a period ending on 1 January charges nothing to the new year.
  it('does not charge the window of the day after the period', () => {
    expect(budgetWindows({ from: '2026-12-01', to: '2027-01-01' }, 12)).toEqual(['2026-01/2026-12'])
    expect(budgetWindows({ from: '2026-12-31', to: '2027-01-02' }, 12)).toEqual([
      '2026-01/2026-12',
      '2027-01/2027-12',
    ])
  })

  it('gives one window per month for 1, and half-years for 6', () => {
    expect(budgetWindows({ from: '2026-02-10', to: '2026-04-01' }, 1)).toEqual([
      '2026-02/2026-02',
      '2026-03/2026-03',
    ])
    expect(budgetWindows({ from: '2026-06-01', to: '2026-08-01' }, 6)).toEqual([
      '2026-01/2026-06',
      '2026-07/2026-12',
    ])
  })

  // Windows are counted from January of year 0, not from the period or the year: 5-month windows
  // straddle years (2026 × 12 months is 4862.4 windows of 5).
  it('counts windows that do not divide a year from January of year 0', () => {
    expect(budgetWindows({ from: '2026-03-01', to: '2026-05-01' }, 5)).toEqual([
      '2025-11/2026-03',
      '2026-04/2026-08',
    ])
  })

  // Window names are compared as text in the ledger: the year keeps four digits.
  it('writes years with four digits', () => {
    expect(budgetWindows({ from: '1000-01-01', to: '1000-02-01' }, 7)).toEqual(['0999-11/1000-05'])
  })
})

import { monthsOf } from './table-domain.js'

/**
 * The budget windows a period touches: blocks of `windowMonths` calendar months counted from
 * January of year 0, so that 12 gives calendar years. A release spends its ε on each of them.
 *
 * @example budgetWindows({ from: '2026-11-01', to: '2027-02-01' }, 12) // ['2026-01/2026-12', '2027-01/2027-12']
 */
export function budgetWindows(
  period: { readonly from: string; readonly to: string },
  windowMonths: number,
): string[] {
  const windows = new Set<string>()
  for (const month of monthsOf(period)) {
    const index = Math.floor(monthIndex(month) / windowMonths)
    const first = index * windowMonths
    windows.add(`${toMonth(first)}/${toMonth(first + windowMonths - 1)}`)
  }
  return [...windows]
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1
const toMonth = (index: number) =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`

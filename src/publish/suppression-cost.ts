import { TOTAL } from './published-table.js'

/**
 * What withholding a published cell costs secondary suppression: the square root of its value,
 * a margin's value counted once more per `*` it holds (totals are the figures readers use most),
 * a zero a little more than nothing (it protects only upwards). The square root weighs the number
 * of withheld cells against their size: on the 10,000-cell table of `scripts/measure-audit.ts`,
 * the value itself withholds 1,005 cells to protect 632 (33,566 counts), the square root 878
 * (37,936 counts), a cost of one per cell 807 (73,086 counts).
 *
 * @example suppressionCost(['FR', '*'], 8) // 4
 */
export function suppressionCost(key: readonly string[], value: number | null): number {
  const margins = key.filter((v) => v === TOTAL).length
  return Math.sqrt(((value ?? 0) + (value === 0 ? 0.5 : 0)) * (1 + margins))
}

import type { Goal, Row } from './bench-part.js'

/**
 * A figure as the tables print it: bytes and rates with thousands separators, times with a
 * precision that suits their size.
 *
 * @example formatValue(4994, 'B') // '4,994 B'
 */
export function formatValue(value: number, unit: string): string {
  // By size: a difference of times may be negative (-410 ms, not -410.00 ms).
  const size = Math.abs(value)
  const digits = unit === 'ms' ? (size < 10 ? 2 : size < 100 ? 1 : 0) : size < 10 ? 2 : 0
  const text = value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
  return `${text} ${unit}`
}

/**
 * The spread of a row: its min–max over the runs, or '—' for a single run.
 *
 * @example formatSpread({ min: 10, max: 12, runs: 3, unit: 'ms' }) // '10.0–12.0 ms'
 */
export function formatSpread(row: Pick<Row, 'min' | 'max' | 'runs' | 'unit'>): string {
  if (row.runs < 2) return '—'
  return `${formatValue(row.min, row.unit).replace(` ${row.unit}`, '')}–${formatValue(row.max, row.unit)}`
}

/**
 * A row's ratio against its baseline of the same run.
 *
 * @example formatRatio({ value: 0.3412, of: 'orejime' }) // '0.34 × orejime'
 */
export function formatRatio(ratio: Row['ratio']): string {
  if (!ratio) return ''
  return `${formatRatioValue(ratio.value)} × ${ratio.of}`
}

/**
 * A goal and whether this run met it; a miss says by how much.
 *
 * @example formatGoal({ text: 'Témoin ≤ ¼ of the best peer', ratio: 0.5, target: 0.25, direction: 'at most', met: false }) // '… 0.50: missed (2.00× the target)'
 */
export function formatGoal(goal: Goal): string {
  const verdict = goal.met
    ? 'met'
    : `missed (${(goal.direction === 'at most' ? goal.ratio / goal.target : goal.target / goal.ratio).toFixed(2)}× off the target ${Number(goal.target.toFixed(2))})`
  return `${goal.text}: ${formatRatioValue(goal.ratio)} → ${verdict}`
}

/**
 * A ratio with two decimals, fewer above 10, and two significant digits below 0.1 (so that a
 * thousandfold gap does not read 0.00).
 *
 * @example formatRatioValue(0.0035) // '0.0035'
 */
export function formatRatioValue(value: number): string {
  if (value > 0 && value < 0.1) return String(Number(value.toPrecision(2)))
  return value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)
}

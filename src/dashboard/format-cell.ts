import type { StatsCell } from './stats-answers.js'

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 })

/**
 * A figure as the page shows it: thousands separated, rates (a column whose key says `rate`,
 * holding a fraction) as percentages, nothing as an em dash. Text is returned as it is; the
 * template escapes it.
 *
 * @example formatCell(12345, 'visits') // '12,345'
 * @example formatCell(0.4567, 'rate') // '45.7%'
 */
export function formatCell(value: StatsCell | undefined, key: string): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (typeof value === 'string') return value === '' ? '(none)' : value
  if (/rate/i.test(key) && value >= 0 && value <= 1) return percent.format(value)
  return Number.isInteger(value) ? whole.format(value) : decimal.format(value)
}

/**
 * The change from `previous` to `value`, in words a screen reader reads well.
 *
 * @example formatChange(120, 100) // { text: '+20%', direction: 'up' }
 */
export function formatChange(
  value: number | null,
  previous: number | null,
): { text: string; direction: 'up' | 'down' | 'same' | 'none' } {
  if (value === null || previous === null) return { text: 'no comparison', direction: 'none' }
  if (previous === 0) {
    return value === 0
      ? { text: 'unchanged', direction: 'same' }
      : { text: 'new (0 before)', direction: 'up' }
  }
  const change = (value - previous) / previous
  if (Math.abs(change) < 0.0005) return { text: 'unchanged', direction: 'same' }
  const text = `${change > 0 ? '+' : '−'}${percent.format(Math.abs(change))}`
  return { text, direction: change > 0 ? 'up' : 'down' }
}

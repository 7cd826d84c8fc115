import { DASHBOARD_TEXTS, type DashboardLanguage, type DashboardTexts } from './dashboard-texts.js'
import type { StatsCell } from './stats-answers.js'

const formats = (lang: DashboardLanguage) => ({
  whole: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }),
  decimal: new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }),
  percent: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }),
})
const FORMATS = { en: formats('en'), fr: formats('fr') }

/**
 * A figure as the page shows it, in the page's language: thousands separated, rates (a column
 * whose key says `rate`, holding a fraction) as percentages, nothing as an em dash. Text is
 * returned as it is (the template escapes it), but for the empty value.
 *
 * @example formatCell(12345, 'visits') // '12,345'
 * @example formatCell(0.4567, 'rate') // '45.7%'
 * @example formatCell(12345, 'visits', DASHBOARD_TEXTS.fr) // '12 345' (narrow no-break space)
 */
export function formatCell(
  value: StatsCell | undefined,
  key: string,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): string {
  const f = FORMATS[t.lang]
  if (value === null || value === undefined) return '—'
  if (typeof value === 'boolean') return value ? t.cells.yes : t.cells.no
  if (typeof value === 'string') return value === '' ? t.cells.none : value
  if (/rate/i.test(key) && value >= 0 && value <= 1) return f.percent.format(value)
  return Number.isInteger(value) ? f.whole.format(value) : f.decimal.format(value)
}

/**
 * The change from `previous` to `value`, in words a screen reader reads well.
 *
 * @example formatChange(120, 100) // { text: '+20%', direction: 'up' }
 */
export function formatChange(
  value: number | null,
  previous: number | null,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): { text: string; direction: 'up' | 'down' | 'same' | 'none' } {
  if (value === null || previous === null) return { text: t.change.none, direction: 'none' }
  if (previous === 0) {
    return value === 0
      ? { text: t.change.same, direction: 'same' }
      : { text: t.change.fromZero, direction: 'up' }
  }
  const change = (value - previous) / previous
  if (Math.abs(change) < 0.0005) return { text: t.change.same, direction: 'same' }
  const text = `${change > 0 ? '+' : '−'}${FORMATS[t.lang].percent.format(Math.abs(change))}`
  return { text, direction: change > 0 ? 'up' : 'down' }
}

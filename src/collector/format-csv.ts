import type { TableAnswer } from '../stats/stats-types.js'

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A table as CSV (RFC 4180): a header of the column keys, then one line per row, CRLF line
 * ends, a field quoted when it holds a comma, a quote or a line break (quotes doubled). Every
 * text cell comes from tracked, untrusted input (URLs, referrers, event names…), so one that
 * starts with = + - @ TAB or CR is prefixed with ' and opens as text, never as a formula.
 * Figures are written as numbers; an empty figure (a rate nobody decided) is an empty field.
 *
 * @example formatCsv(answer) // 'page,pageviews\r\n/,12\r\n'
 */
export function formatCsv(table: Pick<TableAnswer, 'columns' | 'rows'>): string {
  const keys = table.columns.map((c) => c.key)
  const lines = [keys.map(field).join(',')]
  for (const row of table.rows) lines.push(keys.map((k) => cell(row[k])).join(','))
  return `${lines.join('\r\n')}\r\n`
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  return field(FORMULA_START.test(value) ? `'${value}` : value)
}

function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

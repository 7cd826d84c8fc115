import type { PublishedTable } from './published-table.js'

/**
 * A table as CSV (RFC 4180, LF line ends): one row per cell — its dimensions, `value`, `status`
 * and, for DP, `margin` (the 95% noise half-width). A withheld value is an empty field, never 0.
 * A field that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
 * return — a referrer or a page can) is prefixed with an apostrophe (OWASP's CSV-injection advice).
 *
 * @example formatTableCsv(table) // 'country,value,status,margin\nFR,1204,published,14\n…'
 */
export function formatTableCsv(table: PublishedTable): string {
  const dp = table.protection.mechanism === 'dp'
  const header = [...table.dimensions, 'value', 'status', ...(dp ? ['margin'] : [])]
  const lines = [header.map(field).join(',')]
  for (const c of table.cells) {
    lines.push(
      [
        ...c.key,
        c.value === null ? '' : String(c.value),
        c.status,
        ...(dp ? [c.margin === undefined ? '' : String(c.margin)] : []),
      ]
        .map(field)
        .join(','),
    )
  }
  return `${lines.join('\n')}\n`
}

function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

import { formatCsv } from '../lib/format-csv.js'
import type { PublishedTable } from './published-table.js'

/**
 * A published table as CSV, through the product's one CSV writer (`lib/format-csv`: RFC 4180,
 * CRLF, formulas neutralised — a referrer or a page can carry one): one row per cell — its
 * dimensions, `value`, `status` and, for DP, `margin` (the 95% noise half-width). A withheld
 * value is an empty field, never 0.
 *
 * @example formatPublishedCsv(table) // 'country,value,status,margin\r\nFR,1204,published,14\r\n…'
 */
export function formatPublishedCsv(table: PublishedTable): string {
  const dp = table.protection.mechanism === 'dp'
  const header = [...table.dimensions, 'value', 'status', ...(dp ? ['margin'] : [])]
  return formatCsv(
    header,
    table.cells.map((c) => [...c.key, c.value, c.status, ...(dp ? [c.margin] : [])]),
  )
}

import { formatCsv } from '../lib/format-csv.js'
import type { TableAnswer } from '../stats/stats-types.js'

/**
 * A statistics table (or the series, shaped as one) as CSV, through the product's one CSV writer
 * (`lib/format-csv`: RFC 4180, CRLF, formulas neutralised): a header of the column keys, then
 * one line per row in the columns' order. An empty figure (a rate nobody decided) is an empty
 * field.
 *
 * @example formatTableCsv(answer) // 'page,pageviews\r\n/,12\r\n'
 */
export function formatTableCsv(table: {
  /** Only the keys are written: the labels are the dashboard's. */
  readonly columns: readonly { readonly key: string }[]
  readonly rows: TableAnswer['rows']
}): string {
  const keys = table.columns.map((c) => c.key)
  return formatCsv(
    keys,
    table.rows.map((row) => keys.map((k) => row[k])),
  )
}

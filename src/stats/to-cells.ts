import type { SqlRow } from '../store/sql-dialect.js'
import type { Cell } from './stats-types.js'

/**
 * Result rows → table rows: text and numbers as they are (a boolean, which no stats query
 * selects, would become its text).
 *
 * @example toCells([{ page: '/', pageviews: 3 }]) // the same rows, typed as table cells
 */
export function toCells(rows: readonly SqlRow[]): Record<string, Cell>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === 'boolean' ? String(value) : value,
      ]),
    ),
  )
}

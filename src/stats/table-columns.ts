import type { Column, Coverage } from './stats-types.js'

/** A column of a table or series. @example column('pageviews', 'Page views', 'all') */
export function column(key: string, label: string, coverage: Coverage): Column {
  return { key, label, coverage }
}

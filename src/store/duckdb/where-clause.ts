import type { DuckDBValue } from '@duckdb/node-api'
import type { EventFilter } from '../store.js'
import { toTimestamp } from './sql-values.js'

/** A WHERE clause with positional parameters ($1, $2…) and the values to bind to them. */
export interface WhereClause {
  /** '' when nothing is filtered, else 'WHERE …'. */
  readonly sql: string
  readonly values: DuckDBValue[]
}

/**
 * Turns a filter into SQL. Only fixed fragments naming our own columns go into the text; every
 * value is a bound parameter, never spliced into the SQL. `from` is inclusive, `to` exclusive.
 *
 * @example
 * const where = toWhereClause({ site: 'example.org', from: Date.UTC(2026, 0, 1) })
 * // where.sql === 'WHERE site = $1 AND time >= $2'; where.values holds the site and a TIMESTAMP
 */
export function toWhereClause(filter: EventFilter): WhereClause {
  const conditions: string[] = []
  const values: DuckDBValue[] = []
  const add = (fragment: string, value: DuckDBValue): void => {
    values.push(value)
    conditions.push(`${fragment} $${values.length}`)
  }
  if (filter.site !== undefined) add('site =', filter.site)
  if (filter.from !== undefined) add('time >=', toTimestamp(filter.from))
  if (filter.to !== undefined) add('time <', toTimestamp(filter.to))
  if (filter.visitor !== undefined) add('visitor =', filter.visitor)
  return { sql: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, values }
}

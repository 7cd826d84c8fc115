import { listValue } from '@duckdb/node-api'
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import type { GroupCount, GroupQuery } from '../group-counts.js'
import { readNullableString, readNumber, toTimestamp } from './sql-values.js'
import { groupColumns, groupCountSql } from '../group-count-sql.js'

const COLUMN_SQL = groupColumns("strftime(time, '%Y-%m')")

/**
 * `Store.countGroups` on DuckDB: the statement of group-count-sql.ts, its values bound.
 *
 * @example await countGroups(connection, { filter: { site: 'example.org' }, by: ['country'], anonymous: 'include' })
 */
export async function countGroups(
  connection: DuckDBConnection,
  query: GroupQuery,
): Promise<GroupCount<string | null>[]> {
  const values: DuckDBValue[] = []
  const bind = (value: DuckDBValue): string => {
    values.push(value)
    return `$${values.length}`
  }
  const sql = groupCountSql(query, {
    columns: COLUMN_SQL,
    // A bound is a BIGINT: the binding sends every JavaScript number as a DOUBLE.
    value: (v) => bind(typeof v === 'number' ? BigInt(v) : v),
    time: (ms) => bind(toTimestamp(ms)),
    inList: (sql, list) => `${sql} IN (SELECT unnest(${bind(listValue([...list]))}::VARCHAR[]))`,
    // The first step is read twice (identified, anonymous): inlined, not built as a table.
    base: 'AS NOT MATERIALIZED',
  })
  const reader = await connection.runAndReadAll(sql, values)
  return reader.getRowsJS().map((row) => ({
    // Stryker disable next-line StringLiteral: a label for readNumber's error only, and a sum of counts is always a number
    events: readNumber(row[0], 'events'),
    // Stryker disable next-line StringLiteral: a label for readNumber's error only, and a sum of counts is always a number
    units: readNumber(row[1], 'units'),
    // Stryker disable next-line StringLiteral: a label for readNumber's error only, and a sum of counts is always a number
    visitors: readNumber(row[2], 'visitors'),
    key: query.by.map((c, i) => readNullableString(row[3 + i], c)),
    // Stryker disable next-line StringLiteral: a label for readNumber's error only, and a span's number is always a number
    ...(query.spans === undefined ? {} : { span: readNumber(row[3 + query.by.length], 'span') }),
  }))
}

import type { GroupCount, GroupQuery } from '../group-counts.js'
import { groupColumns, groupCountSql } from '../group-count-sql.js'
import { clickhouseLiteral } from './clickhouse-literal.js'

const COLUMN_SQL = groupColumns("formatDateTime(toDateTime(intDiv(time, 1000), 'UTC'), '%Y-%m')")

/** A row of the statement: the three counts, then `g0`, `g1`… (the span last). */
type Row = Readonly<Record<string, string | number | null>>

/**
 * `Store.countGroups` on a current ClickHouse (21.x and later: window functions): the statement
 * of group-count-sql.ts, its values as literals (clickhouse-literal.ts). The store conformance
 * suite's group counts run it on chdb.
 *
 * @example const rows = await clickhouseCountGroups((sql) => connection.select(sql), query)
 */
export async function clickhouseCountGroups(
  select: (sql: string) => Promise<Row[]>,
  query: GroupQuery,
): Promise<GroupCount<string | null>[]> {
  const sql = groupCountSql(query, {
    columns: COLUMN_SQL,
    value: clickhouseLiteral,
    time: clickhouseLiteral,
    inList: (sql, list) => `${sql} IN (${list.map(clickhouseLiteral).join(', ')})`,
    base: 'AS',
  })
  const rows = await select(sql)
  return rows.map((row) => ({
    events: Number(row.events),
    units: Number(row.units),
    visitors: Number(row.visitors),
    key: query.by.map((_, i) => (row[`g${i}`] ?? null) as string | null),
    ...(query.spans === undefined ? {} : { span: Number(row[`g${query.by.length}`]) }),
  }))
}

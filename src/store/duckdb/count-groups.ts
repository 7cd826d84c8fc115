import { listValue } from '@duckdb/node-api'
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import { GROUP_COLUMNS } from '../group-counts.js'
import type { GroupColumn, GroupCount, GroupQuery, TimeRange } from '../group-counts.js'
import { readNullableString, readNumber, toTimestamp } from './sql-values.js'
import { toWhereClause } from './where-clause.js'

/** Each groupable name → its SQL over `events`: fixed text, never from the caller. */
const COLUMN_SQL: Readonly<Record<GroupColumn, string>> = {
  month: "strftime(time, '%Y-%m')",
  country: 'country',
  device: 'device',
  browser: 'browser',
  os: 'os',
  path: 'path',
  referrer: 'referrer',
  type: 'type',
  name: 'name',
  identified: "CASE WHEN visitor IS NULL THEN 'no' ELSE 'yes' END",
}

/**
 * `Store.countGroups` on DuckDB, in one statement: identified events → (visitor, group) counts →
 * each visitor's first `groupsPerUnit` groups (a window over the visitor) → sums per group, each
 * count capped at `eventsPerGroup`; plus anonymous hits, one unit each. Only window functions,
 * `least` and UNION ALL, which ClickHouse has too.
 *
 * @example await countGroups(connection, { filter: { site: 'example.org' }, by: ['country'], anonymous: 'include' })
 */
export async function countGroups(
  connection: DuckDBConnection,
  query: GroupQuery,
): Promise<GroupCount<string | null>[]> {
  const where = toWhereClause(query.filter)
  const values: DuckDBValue[] = [...where.values]
  const conditions = where.sql === '' ? [] : [where.sql.slice('WHERE '.length)]
  const bind = (value: DuckDBValue): string => {
    values.push(value)
    return `$${values.length}`
  }
  if (query.filter.type !== undefined) conditions.push(`type = ${bind(query.filter.type)}`)
  if (query.filter.name !== undefined) conditions.push(`name = ${bind(query.filter.name)}`)
  if (query.anonymous === 'exclude') conditions.push('visitor IS NOT NULL')
  // A column's list: the values outside it become NULL (merged) or their events are left out
  // (also for a column the query does not group by: a filter).
  const inList = (c: GroupColumn, list: readonly string[]) =>
    // An empty list cannot be bound (DuckDB cannot type it): it keeps nothing.
    list.length === 0
      ? 'false'
      : `${COLUMN_SQL[c]} IN (SELECT unnest(${bind(listValue([...list]))}::VARCHAR[]))`
  for (const c of GROUP_COLUMNS) {
    const values = query.values?.[c]
    if (values?.others === 'drop') conditions.push(inList(c, values.list))
  }
  const columnSql = query.by.map((c) => {
    const values = query.values?.[c]
    return values?.others === 'merge'
      ? `CASE WHEN ${inList(c, values.list)} THEN ${COLUMN_SQL[c]} END`
      : COLUMN_SQL[c]
  })
  // A span is a union of stretches: its index is one more grouping column, and an event in no
  // span is left out.
  if (query.spans !== undefined) {
    const within = (r: TimeRange) =>
      `(time >= ${bind(toTimestamp(r.from))} AND time < ${bind(toTimestamp(r.to))})`
    const cases = query.spans.flatMap((ranges, i) =>
      ranges.length === 0 ? [] : [` WHEN ${ranges.map(within).join(' OR ')} THEN ${i}`],
    )
    const span = cases.length === 0 ? 'NULL' : `CASE${cases.join('')} END`
    columnSql.push(span)
    conditions.push(`${span} IS NOT NULL`)
  }
  const whereSql = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`

  const groups = columnSql.map((_, i) => `g${i}`)
  const select = columnSql.map((sql, i) => `, ${sql} AS g${i}`).join('')
  const g = groups.map((x) => `, ${x}`).join('')
  const bound = query.bound
  const capped = bound ? `least(n, ${bind(BigInt(checkCount(bound.eventsPerGroup)))})` : 'n'
  const kept = bound ? `WHERE r <= ${bind(BigInt(checkCount(bound.groupsPerUnit)))}` : ''
  // Each visitor's groups in order of entry, when a bound keeps only the first ones. Without a
  // bound every group is kept: no window (sorting every visitor's groups is the statement's
  // costliest step, a third of an exact release's reading).
  // Stryker disable next-line ConditionalExpression: → true ranks without a bound too, and no rank is then filtered: the same counts, slower; → false is killed by every bounded case (no r to filter)
  const ranked = bound
    ? `SELECT *, row_number() OVER (PARTITION BY visitor ORDER BY ${['first', ...groups].join(', ')}) AS r FROM cells`
    : 'SELECT * FROM cells'
  const groupBy = (prefix: string) =>
    groups.length === 0 && prefix === ''
      ? ''
      : `GROUP BY ${[prefix, ...groups].filter((x) => x !== '').join(', ')}`
  // Identified visitors go through the window (their first groups); an anonymous hit is a unit of
  // one event in one group, so it needs no window and is counted apart.
  const sql = `
    WITH base AS NOT MATERIALIZED (SELECT visitor, time${select} FROM events ${whereSql}),
    cells AS (
      SELECT visitor${g}, count(*) AS n, min(time) AS first
      FROM base WHERE visitor IS NOT NULL ${groupBy('visitor')}
    ),
    ranked AS (${ranked}),
    parts AS (
      SELECT ${[...groups, `sum(${capped}) AS events`, 'count(*) AS units', 'count(*) AS visitors'].join(', ')}
      FROM ranked ${kept} ${groupBy('')}
      UNION ALL
      SELECT ${[...groups, 'count(*) AS events', 'count(*) AS units', '0 AS visitors'].join(', ')}
      FROM base WHERE visitor IS NULL ${groupBy('')}
    )
    SELECT ${['sum(events)', 'sum(units)', 'sum(visitors)', ...groups].join(', ')}
    FROM parts ${groupBy('')}
    HAVING sum(units) > 0
    ${groups.length === 0 ? '' : `ORDER BY ${groups.join(', ')}`}`
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

function checkCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a bound must be ≥ 1, got ${n}`)
  return n
}

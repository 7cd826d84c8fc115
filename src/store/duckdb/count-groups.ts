import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api'
import type { GroupColumn, GroupCount, GroupQuery } from '../group-counts.js'
import { readNumber, readString } from './sql-values.js'
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
}

/**
 * `Store.countGroups` on DuckDB, in one statement: events → (unit, group) counts → each unit's
 * first `groupsPerUnit` groups (a window over the unit) → sums per group, each unit's count capped
 * at `eventsPerGroup`. Only window functions and `least`, which ClickHouse has too.
 *
 * @example await countGroups(connection, { filter: { site: 'example.org' }, by: ['country'], anonymous: 'include' })
 */
export async function countGroups(
  connection: DuckDBConnection,
  query: GroupQuery,
): Promise<GroupCount[]> {
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
  const whereSql = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`

  const groups = query.by.map((_, i) => `g${i}`)
  const select = query.by.map((c, i) => `${COLUMN_SQL[c]} AS g${i}`)
  const list = (prefix: string[]) => [...prefix, ...groups].join(', ')
  const bound = query.bound
  const capped = bound ? `least(n, ${bind(BigInt(checkCount(bound.eventsPerGroup)))})` : 'n'
  const kept = bound ? `WHERE r <= ${bind(BigInt(checkCount(bound.groupsPerUnit)))}` : ''
  const order = ['first', ...groups].join(', ')
  const sql = `
    WITH base AS (
      SELECT coalesce(visitor, '~' || id) AS unit, visitor, time${select.map((s) => `, ${s}`).join('')}
      FROM events ${whereSql}
    ),
    cells AS (
      SELECT ${list(['unit', 'any_value(visitor) AS visitor', 'count(*) AS n', 'min(time) AS first'])}
      FROM base GROUP BY ${list(['unit'])}
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY unit ORDER BY ${order}) AS r FROM cells
    )
    SELECT ${list([`sum(${capped}) AS events`, 'count(*) AS units', 'count(visitor) AS visitors'])}
    FROM ranked ${kept}
    ${groups.length === 0 ? '' : `GROUP BY ${groups.join(', ')} ORDER BY ${groups.join(', ')}`}
    ${groups.length === 0 ? 'HAVING count(*) > 0' : ''}`
  const reader = await connection.runAndReadAll(sql, values)
  return reader.getRowsJS().map((row) => ({
    events: readNumber(row[0], 'events'),
    units: readNumber(row[1], 'units'),
    visitors: readNumber(row[2], 'visitors'),
    key: query.by.map((c, i) => readString(row[3 + i], c)),
  }))
}

function checkCount(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a bound must be ≥ 1, got ${n}`)
  return n
}

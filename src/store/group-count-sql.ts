import { checkBound, GROUP_COLUMNS } from './group-counts.js'
import type { GroupColumn, GroupQuery, TimeRange } from './group-counts.js'

/**
 * Each groupable name → its SQL over `events`, with the engine's own SQL for the event's UTC
 * month (`2026-03`): fixed text, never from the caller.
 */
export function groupColumns(month: string): Readonly<Record<GroupColumn, string>> {
  return {
    month,
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
}

/** What differs between the engines in the statement of `Store.countGroups`. */
export interface GroupCountEngine {
  /** Each groupable name → its SQL over `events`: fixed text, never from the caller. */
  readonly columns: Readonly<Record<GroupColumn, string>>
  /** A value (text, or a whole number for a bound) in the statement: a placeholder or a literal. */
  value(value: string | number): string
  /** An epoch-milliseconds time, to compare with `time`. */
  time(ms: number): string
  /** `sql IN` a non-empty list of texts. */
  inList(sql: string, list: readonly string[]): string
  /** How the statement names its first step: DuckDB inlines it (`AS NOT MATERIALIZED`). */
  readonly base: string
}

/**
 * The one statement of `Store.countGroups`, for every engine: identified events → (visitor,
 * group) counts → each visitor's first `groupsPerUnit` groups (a window over the visitor) → sums
 * per group, each count capped at `eventsPerGroup`; plus anonymous hits, one unit each. Its
 * columns are `events`, `units`, `visitors`, then `g0`, `g1`… (the `by` columns, then the span),
 * in key order. Only CTEs, window functions, `least` and UNION ALL: DuckDB, and ClickHouse from
 * 21.x.
 *
 * @example const sql = groupCountSql(query, duckdbGroupCounts(values))
 */
export function groupCountSql(query: GroupQuery, engine: GroupCountEngine): string {
  const f = query.filter
  const conditions: string[] = []
  if (f.site !== undefined) conditions.push(`site = ${engine.value(f.site)}`)
  if (f.from !== undefined) conditions.push(`time >= ${engine.time(f.from)}`)
  if (f.to !== undefined) conditions.push(`time < ${engine.time(f.to)}`)
  if (f.visitor !== undefined) conditions.push(`visitor = ${engine.value(f.visitor)}`)
  if (f.type !== undefined) conditions.push(`type = ${engine.value(f.type)}`)
  if (f.name !== undefined) conditions.push(`name = ${engine.value(f.name)}`)
  if (query.anonymous === 'exclude') conditions.push('visitor IS NOT NULL')
  // A column's list: the values outside it become NULL (merged) or their events are left out
  // (also for a column the query does not group by: a filter). An empty list keeps nothing.
  const inList = (c: GroupColumn, list: readonly string[]) =>
    list.length === 0 ? '1 = 0' : engine.inList(engine.columns[c], list)
  for (const c of GROUP_COLUMNS) {
    const values = query.values?.[c]
    if (values?.others === 'drop') conditions.push(inList(c, values.list))
  }
  const columnSql = query.by.map((c) => {
    const values = query.values?.[c]
    return values?.others === 'merge'
      ? `CASE WHEN ${inList(c, values.list)} THEN ${engine.columns[c]} END`
      : engine.columns[c]
  })
  // A span is a union of stretches: its index is one more grouping column, and an event in no
  // span is left out.
  if (query.spans !== undefined) {
    const within = (r: TimeRange) =>
      `(time >= ${engine.time(r.from)} AND time < ${engine.time(r.to)})`
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
  const capped = bound ? `least(n, ${engine.value(checkBound(bound.eventsPerGroup))})` : 'n'
  const kept = bound ? `WHERE r <= ${engine.value(checkBound(bound.groupsPerUnit))}` : ''
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
  return `
    WITH base ${engine.base} (SELECT visitor, time${select} FROM events ${whereSql}),
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
    SELECT ${['sum(events) AS events', 'sum(units) AS units', 'sum(visitors) AS visitors', ...groups].join(', ')}
    FROM parts ${groupBy('')}
    HAVING sum(units) > 0
    ${groups.length === 0 ? '' : `ORDER BY ${groups.join(', ')}`}`
}

import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import { createSqlParams, type SqlParams } from './sql-params.js'
import type { StatsQuery } from './stats-query.js'
import type { StatsRollup } from './stats-rollups.js'
import type { Cell, Dimension } from './stats-types.js'
import { toCells } from './to-cells.js'

/** A top-N table: rows grouped by one or more values, with summed figures. */
export interface GroupedSpec {
  /** Names of the grouping columns of the answer. */
  readonly groups: readonly string[]
  /** Names of the figures; the first orders the rows (largest first); a row has one > 0. */
  readonly measures: readonly string[]
  /** From the events: an expression per group, an aggregate per measure, which rows. */
  readonly raw: {
    readonly groups: readonly string[]
    readonly measures: readonly string[]
    readonly where: string
  }
  /** From a rollup, when it can answer: its column per group, an aggregate per measure. */
  readonly rollup: {
    readonly name: StatsRollup
    /** The filters it can apply (its columns of those names). */
    readonly keys: readonly Dimension[]
    readonly groups: readonly string[]
    /** Its aggregates, or a function giving them with values bound through `p`. */
    readonly measures: readonly string[] | ((p: SqlParams) => readonly string[])
    readonly where?: string
  }
}

/**
 * Runs a top-N table on the rollup when it can answer, else on the events; both give the
 * same rows in the same order (by the first measure, largest first, then by the groups).
 *
 * @example const rows = await queryGrouped(store, query, PAGES_SPEC)
 */
export async function queryGrouped(
  store: Store,
  query: StatsQuery,
  spec: GroupedSpec,
): Promise<Record<string, Cell>[]> {
  const p = createSqlParams(store.dialect)
  const useRollup = canUseRollup(store, query, spec.rollup.name, spec.rollup.keys)
  const groups = useRollup ? spec.rollup.groups : spec.raw.groups
  const rollupMeasures = spec.rollup.measures
  const measures = !useRollup
    ? spec.raw.measures
    : typeof rollupMeasures === 'function'
      ? rollupMeasures(p)
      : rollupMeasures
  const where = useRollup
    ? [rollupWhere(query, p, query.range), ...(spec.rollup.where ? [spec.rollup.where] : [])]
    : [eventsWhere(store, query, p, query.range), spec.raw.where]
  const from = useRollup ? `rollup_${spec.rollup.name}` : 'events'
  // Aliases `c_page`…, named like no column (SqlDialect), the prefix removed from the answer.
  const select = [
    ...spec.groups.map((name, i) => `${groups[i]} AS c_${name}`),
    ...spec.measures.map((name, i) => `${measures[i]} AS c_${name}`),
  ]
  const keys = spec.groups.map((name) => `c_${name}`).join(', ')
  const sql = `SELECT ${select.join(', ')} FROM ${from} WHERE ${where.join(' AND ')} GROUP BY ${keys} HAVING ${measures.map((m) => `${m} > 0`).join(' OR ')} ORDER BY c_${spec.measures[0]} DESC, ${keys} LIMIT ${p.add(query.limit)}`
  const rows = await store.query(sql, p.values)
  return toCells(
    rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k.slice(2), v]))),
  )
}

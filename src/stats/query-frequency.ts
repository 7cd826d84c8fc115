import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'
import { visitorSource } from './visitor-source.js'

/** The frequency buckets, in order. */
export const FREQUENCY_BUCKETS = ['1', '2', '3-5', '6-10', '11+'] as const

/**
 * Visit frequency: consenting visitors by how many visits they made in the period (1, 2, 3-5,
 * 6-10, 11+); a visitor seen without starting a visit in the period is not counted. Every
 * bucket is listed, zeros included.
 *
 * @example const { rows } = await queryFrequency(store, query) // [{ visits: '1', visitors: 40 }, { visits: '2', visitors: 9 }, …]
 */
export async function queryFrequency(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const s = visitorSource(store, query)
  const p = createSqlParams(store.dialect)
  const bucket =
    "CASE WHEN n = 1 THEN '1' WHEN n = 2 THEN '2' WHEN n <= 5 THEN '3-5' WHEN n <= 10 THEN '6-10' ELSE '11+' END"
  const perVisitor = `SELECT sum(visits) AS n FROM ${s.rows(p, query.range)} AS r WHERE ${s.known} AND visits > 0 GROUP BY ${s.visitor}`
  const found = await store.query(
    `SELECT ${bucket} AS visits, count(*) AS visitors FROM (${perVisitor}) AS per_visitor GROUP BY visits`,
    p.values,
  )
  const counts = new Map(found.map((row) => [row.visits, Number(row.visitors)]))
  return {
    ...statsHeader(query),
    panel: 'frequency',
    filter: null,
    columns: [
      column('visits', 'Visits in the period', 'consenting'),
      column('visitors', 'Visitors', 'consenting'),
    ],
    rows: FREQUENCY_BUCKETS.map((visits) => ({ visits, visitors: counts.get(visits) ?? 0 })),
  }
}

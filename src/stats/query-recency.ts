import type { Store } from '../store/store.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'
import { visitorSource } from './visitor-source.js'

/** The recency buckets, in order: a first visit, then days since the previous visit. */
export const RECENCY_BUCKETS = ['first', '0', '1', '2-7', '8-30', '31+'] as const

const DAY = 86_400_000
/** How far back a previous visit is looked for. */
const LOOKBACK_DAYS = 30

/**
 * Days since the previous visit, for each visit of the period by a consenting visitor: the
 * previous visit of the same visitor id is looked for in the 30 days before (UTC calendar days:
 * 0 = the same day, 1 = the day before, then 2-7, 8-30). With none there, the visit counts as
 * 31+ when the id was deposited more than 30 days before the visit's day (a visitor known for
 * longer), else as the visitor's first visit. Every bucket is listed, zeros included.
 *
 * A row is an hour of one visitor with k visits: the first of them gets the previous hour with a
 * visit, the k−1 others the same hour (0 days) — what the events give.
 *
 * @example const { rows } = await queryRecency(store, query) // [{ days: 'first', visits: 30 }, { days: '0', visits: 4 }, …]
 */
export async function queryRecency(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const d = store.dialect
  const s = visitorSource(store, query)
  const p = createSqlParams(d)
  // The rows of the 30 days before too: on the events, previous visits are found among them.
  const rows = s.rows(p, { start: query.range.start - LOOKBACK_DAYS * DAY, end: query.range.end })
  const gap = d.dayDiff('visited_before', 'bucket')
  const age = d.dayDiff(d.fromEpochMs('deposit * 1000'), 'bucket')
  const bucket = `CASE WHEN visited_before IS NOT NULL AND ${gap} <= ${LOOKBACK_DAYS} THEN (CASE WHEN ${gap} = 0 THEN '0' WHEN ${gap} = 1 THEN '1' WHEN ${gap} <= 7 THEN '2-7' ELSE '8-30' END) WHEN ${age} > ${LOOKBACK_DAYS} THEN '31+' ELSE 'first' END`
  const found = await store.query(
    `SELECT ${bucket} AS days, count(*) AS firsts, sum(visits - 1) AS repeats FROM ${rows} AS r WHERE ${s.known} AND visits > 0 AND bucket >= ${p.time(query.range.start)} GROUP BY days`,
    p.values,
  )
  const counts = new Map<string, number>()
  const add = (days: string, n: number) => counts.set(days, (counts.get(days) ?? 0) + n)
  for (const row of found) {
    add(String(row.days), Number(row.firsts))
    add('0', Number(row.repeats))
  }
  return {
    ...statsHeader(query),
    panel: 'recency',
    filter: null,
    columns: [
      column('days', 'Days since the previous visit', 'consenting'),
      column('visits', 'Visits', 'consenting'),
    ],
    rows: RECENCY_BUCKETS.map((days) => ({ days, visits: counts.get(days) ?? 0 })),
  }
}

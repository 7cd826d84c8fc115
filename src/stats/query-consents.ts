import type { SqlRow } from '../store/sql-dialect.js'
import type { Store } from '../store/store.js'
import { consentRows } from './consent-source.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/**
 * Consent rates by purpose: of the decisions recorded in the period (every receipt: a first
 * choice, a change, a withdrawal), how many granted and refused each purpose, and the share
 * granted (0 to 1, four decimals). Receipts have no page: the filters do not apply.
 *
 * @example const { rows } = await queryConsents(store, query) // [{ purpose: 'statistics', granted: 60, refused: 40, rate: 0.6 }]
 */
export async function queryConsents(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const rows = await decisionsByPurpose(store, query, false)
  return {
    ...statsHeader(query, {}),
    panel: 'consents',
    filter: null,
    columns: [
      column('purpose', 'Purpose', 'all'),
      column('granted', 'Granted', 'all'),
      column('refused', 'Refused', 'all'),
      column('rate', 'Share granted', 'all'),
    ],
    rows: rows
      .map((row) => {
        const granted = Number(row.granted)
        const refused = Number(row.refused)
        return { purpose: String(row.purpose), granted, refused, rate: rate(granted, refused) }
      })
      .sort(
        (a, b) => b.granted + b.refused - (a.granted + a.refused) || compare(a.purpose, b.purpose),
      )
      .slice(0, query.limit),
  }
}

/**
 * Granted and refused counts per purpose of the receipts of the query's site and period, and
 * per policy version when `byVersion` (then also the receipts per version, on the rows whose
 * purpose is '').
 *
 * @example const rows = await decisionsByPurpose(store, query, true) // [{ version: '2026-11', purpose: 'statistics', receipts: 0, granted: 3, refused: 1 }, { version: '2026-11', purpose: '', receipts: 4, … }]
 */
export async function decisionsByPurpose(
  store: Store,
  query: StatsQuery,
  byVersion: boolean,
): Promise<SqlRow[]> {
  const p = createSqlParams(store.dialect)
  const rows = consentRows(store, query, p)
  return byVersion
    ? store.query(
        `SELECT version, purpose, sum(n_receipts) AS receipts, sum(n_granted) AS granted, sum(n_refused) AS refused FROM ${rows} AS r GROUP BY version, purpose HAVING sum(n_receipts) <> 0 OR sum(n_granted) <> 0 OR sum(n_refused) <> 0`,
        p.values,
      )
    : store.query(
        `SELECT purpose, sum(n_granted) AS granted, sum(n_refused) AS refused FROM ${rows} AS r WHERE purpose <> '' GROUP BY purpose HAVING sum(n_granted) <> 0 OR sum(n_refused) <> 0`,
        p.values,
      )
}

/** The share granted, four decimals; null when nobody decided. @example rate(2, 1) // 0.6667 */
export function rate(granted: number, refused: number): number | null {
  const total = granted + refused
  return total === 0 ? null : Math.round((granted / total) * 10_000) / 10_000
}

/** Plain code-point order, the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

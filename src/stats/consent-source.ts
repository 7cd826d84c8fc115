import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import type { SqlParams } from './sql-params.js'
import type { StatsQuery } from './stats-query.js'
import { consentsSelect } from './stats-rollups.js'

/**
 * Where the consent panels read from: a parenthesised table expression of the decisions of the
 * query's site and period, with the columns `version` (the policy version), `purpose` ('' on
 * the rows counting receipts), `n_receipts`, `n_granted` and `n_refused` (numbers to sum: named
 * apart from the sums a query names `granted`…, see SqlDialect) — the
 * `consents` rollup's rows, or the same rows built from the receipts by the rollup's own SELECT
 * (`source=raw`). Receipts have no page: the filters never apply, and never force raw reads.
 *
 * @example `SELECT purpose, sum(n_granted) AS granted FROM ${consentRows(store, query, p)} AS r WHERE purpose <> '' GROUP BY purpose`
 */
export function consentRows(store: Store, query: StatsQuery, p: SqlParams): string {
  const unfiltered: StatsQuery = { ...query, filters: {} }
  if (canUseRollup(store, unfiltered, 'consents', []))
    return `(SELECT version, purpose, ${COLUMNS} FROM rollup_consents WHERE ${rollupWhere(unfiltered, p, query.range)})`
  // Receipts have the events' `site` and `time` columns: the same condition, no filter.
  const where = eventsWhere(store, query, p, query.range, {})
  return `(SELECT version, purpose, ${COLUMNS} FROM (${consentsSelect(store.dialect, `(SELECT * FROM receipts WHERE ${where}) AS e`)}) AS decisions)`
}

const COLUMNS = 'receipts AS n_receipts, granted AS n_granted, refused AS n_refused'

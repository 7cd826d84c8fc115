import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import type { SqlParams } from './sql-params.js'
import type { StatsQuery } from './stats-query.js'
import { consentsSelect } from './stats-rollups.js'

/**
 * Where the consent panels read from: a parenthesised table expression of the decisions of the
 * query's site and period, with the columns `version` (the policy version), `purpose` ('' on
 * the rows counting receipts), `receipts`, `granted` and `refused` (numbers to sum) — the
 * `consents` rollup's rows, or the same rows built from the receipts by the rollup's own SELECT
 * (`source=raw`). Receipts have no page: the filters never apply, and never force raw reads.
 *
 * @example `SELECT purpose, sum(granted) AS granted FROM ${consentRows(store, query, p)} AS r WHERE purpose <> '' GROUP BY 1`
 */
export function consentRows(store: Store, query: StatsQuery, p: SqlParams): string {
  const unfiltered: StatsQuery = { ...query, filters: {} }
  if (canUseRollup(store, unfiltered, 'consents', []))
    return `(SELECT version, purpose, receipts, granted, refused FROM rollup_consents WHERE ${rollupWhere(unfiltered, p, query.range)})`
  // Receipts have the events' `site` and `time` columns: the same condition, no filter.
  const where = eventsWhere(store, query, p, query.range, {})
  return `(WITH period_receipts AS (SELECT * FROM receipts WHERE ${where}) SELECT version, purpose, receipts, granted, refused FROM (${consentsSelect(store.dialect, 'period_receipts AS e')}) AS decisions)`
}

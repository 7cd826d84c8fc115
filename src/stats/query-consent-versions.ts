import type { Store } from '../store/store.js'
import { compare, decisionsByPurpose, rate } from './query-consents.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { Cell, TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'

/**
 * Consent by policy version: the receipts recorded in the period under each version, and per
 * purpose the share granted (`rate_<purpose>`, 0 to 1; null when that version did not ask it),
 * newest version first. The filters do not apply (receipts have no page).
 *
 * @example const { rows } = await queryConsentVersions(store, query) // [{ version: '2026-11', receipts: 80, rate_statistics: 0.6 }]
 */
export async function queryConsentVersions(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const decisions = await decisionsByPurpose(store, query, true)
  const counts = decisions.filter((row) => row.purpose === '')
  const purposes = [
    ...new Set(decisions.filter((row) => row.purpose !== '').map((row) => String(row.purpose))),
  ].sort(compare)
  const rows = counts
    .map((row) => {
      const version = String(row.version)
      const cells: Record<string, Cell> = { version, receipts: Number(row.receipts) }
      for (const purpose of purposes) {
        const found = decisions.find((r) => r.version === version && r.purpose === purpose)
        cells[`rate_${purpose}`] = found ? rate(Number(found.granted), Number(found.refused)) : null
      }
      return cells
    })
    .sort((a, b) => compare(String(b.version), String(a.version)))
    .slice(0, query.limit)
  return {
    ...statsHeader(query, {}),
    panel: 'consent-versions',
    filter: null,
    columns: [
      column('version', 'Policy version', 'all'),
      column('receipts', 'Receipts', 'all'),
      ...purposes.map((purpose) => column(`rate_${purpose}`, `Share granted: ${purpose}`, 'all')),
    ],
    rows,
  }
}

import type { Release } from './release.js'

/**
 * The JSON sidecar of a release: everything needed to read its figures — mechanism and
 * parameters per table, the protected unit (and where the guarantee is weaker), the budget spent
 * and left per window, the audit's summary — and the figures themselves (only published values).
 *
 * @example await writeFile('release.json', formatSidecar(release, false))
 */
export function formatSidecar(release: Release, reServed: boolean): string {
  const sidecar = {
    format: 'temoin-release/1',
    name: release.name,
    id: release.id,
    site: release.site,
    period: release.period,
    createdAt: release.createdAt,
    reServed,
    mechanism: release.mechanism,
    protectedUnit: release.protectedUnit,
    anonymousHits: release.anonymousHits,
    // Stryker disable next-line ConditionalExpression: → false writes `{ budget: undefined }`, which JSON.stringify drops: the same text (→ true, which drops a present budget, is killed by format-sidecar.test.ts)
    ...(release.budget === undefined ? {} : { budget: release.budget }),
    // Stryker disable next-line ConditionalExpression: → false writes `{ audit: undefined }`, which JSON.stringify drops: the same text (→ true, which drops a present audit, is killed by format-sidecar.test.ts)
    ...(release.audit === undefined ? {} : { audit: release.audit }),
    tables: release.tables.map((t) => ({
      name: t.name,
      file: `${t.name}.csv`,
      metric: t.metric,
      // Stryker disable next-line ConditionalExpression: → false writes `{ event: undefined }`, which JSON.stringify drops: the same text (→ true, which drops a present event, is killed by format-sidecar.test.ts)
      ...(t.event === undefined ? {} : { event: t.event }),
      dimensions: t.dimensions,
      protection: t.protection,
      cells: t.cells,
    })),
  }
  return `${JSON.stringify(sidecar, null, 2)}\n`
}

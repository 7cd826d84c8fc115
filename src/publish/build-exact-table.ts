import type { GroupColumn } from '../store/group-counts.js'
import type { Store } from '../store/store.js'
import { OTHER } from './audit-table.js'
import type { AuditCell, AuditTable } from './audit-table.js'
import { TOTAL } from './published-table.js'
import type { ReleaseSpec, TableSpec } from './release-spec.js'
import { boundedValues, isOpenDimension, monthsOf } from './table-domain.js'
import { combinations, keyId, tableFilter } from './table-query.js'

/**
 * One exact-count table with all its margins, read from the store, primary cells marked.
 * Open dimensions keep the values seen by at least k units; the others are merged into `~other`
 * (so a rare page's name is never printed). Every combination of the kept values is a cell, with
 * `*` margins along every dimension (a 3-dimensional table has 8 levels of totals). A cell whose
 * distinct units are fewer than k (but not zero) is `suppressed-primary`. Units are exact where a
 * cell is one group of the store; where a cell adds several (`~other`, a total over a listed
 * dimension) the largest group's count is used — a lower bound, so that rounding errs towards
 * suppressing.
 *
 * @example const table = await buildExactTable(store, spec, spec.tables[0], 10)
 */
export async function buildExactTable(
  store: Store,
  spec: ReleaseSpec,
  table: TableSpec,
  k: number,
): Promise<AuditTable> {
  const where = tableFilter(spec, table)
  const dims = table.dimensions
  const open = dims.filter((d) => isOpenDimension(d, table))
  const listedDims = dims.filter((d) => table.values[d] !== undefined)

  // The values each dimension shows, and how a stored value maps onto them.
  const shown = new Map<string, string[]>()
  const mapValue = new Map<string, (v: string) => string | undefined>()
  for (const d of dims) {
    if (open.includes(d)) {
      const groups = await store.countGroups({ ...where, by: [d] })
      const kept = groups.filter((g) => g.units >= k).map((g) => g.key[0] as string)
      const merged = groups.length > kept.length
      const keptSet = new Set(kept)
      shown.set(d, merged ? [...kept, OTHER] : kept)
      mapValue.set(d, (v) => (keptSet.has(v) ? v : OTHER))
    } else {
      const values = boundedValues(d, table, spec.period)
      const set = new Set(values)
      shown.set(d, [...values])
      mapValue.set(d, (v) => (set.has(v) ? v : undefined))
    }
  }

  const totals = new Map<string, { value: number; units: number }>()
  for (let mask = 0; mask < 1 << dims.length; mask++) {
    const inCell = dims.filter((_, i) => mask & (1 << i))
    // A total over a listed dimension still leaves out unlisted values: group by it too.
    const by = [...inCell, ...listedDims.filter((d) => !inCell.includes(d))] as GroupColumn[]
    const rows = await store.countGroups({ ...where, by })
    for (const row of rows) {
      const mapped: string[] = []
      let dropped = false
      by.forEach((d, i) => {
        const v = (mapValue.get(d) as (v: string) => string | undefined)(row.key[i] as string)
        if (v === undefined) dropped = true
        // Stryker disable next-line StringLiteral: a row with a value the table does not show is dropped just below, so what stands in for that value is never read
        mapped.push(v ?? '')
      })
      if (dropped) continue
      const key = dims.map((d) => (inCell.includes(d) ? (mapped[by.indexOf(d)] as string) : TOTAL))
      const id = keyId(key)
      const t = totals.get(id) ?? { value: 0, units: 0 }
      totals.set(id, { value: t.value + row.events, units: Math.max(t.units, row.units) })
    }
  }

  const cells: AuditCell[] = []
  for (let mask = (1 << dims.length) - 1; mask >= 0; mask--) {
    const lists = dims.map((d, i) => (mask & (1 << i) ? (shown.get(d) as string[]) : [TOTAL]))
    for (const key of combinations(lists)) {
      const t = totals.get(keyId(key))
      const value = t?.value ?? 0
      const units = t?.units ?? 0
      cells.push({
        key,
        value,
        status: value > 0 && units < k ? 'suppressed-primary' : 'published',
      })
    }
  }
  const listed: Record<string, string[]> = {}
  for (const d of dims) listed[d] = (shown.get(d) as string[]).filter((v) => v !== OTHER)
  return {
    id: `${spec.name}/${table.name}`,
    release: spec.name,
    table: table.name,
    isNew: true,
    dimensions: dims,
    listed,
    open,
    months: monthsOf(spec.period),
    cells,
  }
}

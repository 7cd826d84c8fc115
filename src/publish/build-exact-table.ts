import type { GroupColumn, GroupQuery } from '../store/group-counts.js'
import type { Store } from '../store/store.js'
import { isReservedValue, OTHER } from './audit-table.js'
import type { AuditCell, AuditTable } from './audit-table.js'
import { TOTAL } from './published-table.js'
import type { ReleaseSpec, TableSpec } from './release-spec.js'
import { boundedValues, groupLeaves, isOpenDimension } from './table-domain.js'
import { combinations, keyId, restrictionsOf, tableFilter } from './table-query.js'

/**
 * One exact-count table with all its margins, read from the store, primary cells marked.
 * Open dimensions keep the values seen by at least k units; the others are merged into `~other`
 * (so a rare page's name is never printed), and so are values that read like a margin or
 * `~other` (an event's name is a visitor's choice: `*` must never pass for a total). Every
 * combination of the kept values is a cell, with `*` margins along every dimension (a
 * 3-dimensional table has 8 levels of totals). A cell's units are counted by the store over the
 * whole cell (a visitor seen in two of the values a total adds is one unit), and a cell whose
 * distinct units are fewer than k (but not zero) is `suppressed-primary`.
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

  // The values each dimension shows, and the store's list for it: an open dimension merges the
  // values it does not show into `~other` (null from the store), a bounded one leaves them out.
  const shown = new Map<string, string[]>()
  const valueLists: NonNullable<GroupQuery['values']> = {}
  for (const d of dims) {
    if (open.includes(d)) {
      const groups = await store.countGroups({ ...where, by: [d] })
      const kept = groups
        .filter((g) => g.units >= k && !isReservedValue(g.key[0] as string))
        .map((g) => g.key[0] as string)
      shown.set(d, kept.length < groups.length ? [...kept, OTHER] : kept)
      valueLists[d] = { list: kept, others: 'merge' }
    } else {
      const values = [...boundedValues(d, table, spec.period)]
      // A hierarchy's groups are shown after the values they add up.
      shown.set(d, [...values, ...Object.keys(table.groups[d] ?? {})])
      valueLists[d] = { list: values, others: 'drop' }
    }
  }
  const groups: Record<string, Record<string, string[]>> = {}
  for (const d of dims) if (table.groups[d] !== undefined) groups[d] = groupLeaves(table, d)

  const totals = new Map<string, { value: number; units: number }>()
  for (let mask = 0; mask < 1 << dims.length; mask++) {
    const inCell = dims.filter((_, i) => mask & (1 << i))
    // Along a hierarchical dimension a cell holds a value or a group: one query per choice of a
    // group (or of the values) for each such dimension, a group's values counted together.
    let choices: Record<string, string | null>[] = [{}]
    for (const d of inCell.filter((d) => groups[d] !== undefined))
      choices = choices.flatMap((c) =>
        [null, ...Object.keys(groups[d] as object)].map((g) => ({ ...c, [d]: g })),
      )
    for (const choice of choices) {
      const by = inCell.filter((d) => (choice[d] ?? null) === null)
      const lists = { ...valueLists }
      for (const [d, g] of Object.entries(choice))
        if (g !== null) lists[d as GroupColumn] = { list: groups[d]?.[g] ?? [], others: 'drop' }
      const rows = await store.countGroups({ ...where, by, values: lists })
      for (const row of rows) {
        const key = dims.map((d) => {
          const g = choice[d]
          if (g !== undefined && g !== null) return g
          const i = by.indexOf(d)
          return i < 0 ? TOTAL : (row.key[i] ?? OTHER)
        })
        totals.set(keyId(key), { value: row.events, units: row.units })
      }
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
  for (const d of dims)
    listed[d] = (shown.get(d) as string[]).filter(
      (v) => v !== OTHER && groups[d]?.[v] === undefined,
    )
  return {
    id: `${spec.name}/${table.name}`,
    release: spec.name,
    table: table.name,
    isNew: true,
    dimensions: dims,
    listed,
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
    open,
    restrict: restrictionsOf(table, spec.anonymousHits),
    period: spec.period,
    cells,
  }
}

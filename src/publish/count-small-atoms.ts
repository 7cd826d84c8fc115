import type { GroupColumn, GroupQuery } from '../store/group-counts.js'
import type { Store } from '../store/store.js'
import { isClosed, TIME } from './atom-space.js'
import type { AtomSpace } from './atom-space.js'

/**
 * The small groups of an atom space: each atom held by fewer than k units but not none, with its
 * true count (events). These are the groups an attacker could isolate by subtracting published
 * figures even where no table shows them. One store query, grouped by every dimension of the space
 * and by span of days, the values no table lists merged into one group.
 *
 * @example const small = await countSmallAtoms(store, tableFilter(spec, table), space, 10) // Map { 17 => 2 }
 */
export async function countSmallAtoms(
  store: Store,
  where: Pick<GroupQuery, 'filter' | 'anonymous'>,
  space: AtomSpace,
  k: number,
): Promise<Map<number, number>> {
  const by = space.dimensions.filter((d) => d !== TIME) as GroupColumn[]
  const values: NonNullable<GroupQuery['values']> = {}
  by.forEach((d, j) => {
    values[d] = { list: space.domains[j] as string[], others: isClosed(d) ? 'drop' : 'merge' }
  })
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
  const spans = space.spans.map((span) => span.map((s) => ({ from: day(s.from), to: day(s.to) })))
  const ranges = spans.flat()
  const rows = await store.countGroups({
    // The spans cover the periods of every table, earlier releases' too, not this release's only.
    filter: {
      ...where.filter,
      from: Math.min(...ranges.map((r) => r.from)),
      to: Math.max(...ranges.map((r) => r.to)),
    },
    anonymous: where.anonymous,
    by,
    values,
    spans,
  })
  const small = new Map<number, number>()
  for (const row of rows) {
    if (row.units >= k) continue
    const atom = space.atomAt(row.key, row.span as number)
    if (atom !== undefined) small.set(atom, row.events)
  }
  return small
}

import type { GroupColumn, GroupQuery } from '../store/group-counts.js'
import type { Store } from '../store/store.js'
import { isClosed, TIME } from './atom-space.js'
import type { AtomSpace } from './atom-space.js'

/** The atoms of a family by size: what decides which groups an attacker must not narrow. */
export interface SmallAtoms {
  /** Each atom held by 1 to k − 1 units: its events and its units, counted now. */
  readonly small: ReadonlyMap<number, { readonly events: number; readonly units: number }>
  /** The atoms of k units or more: a group holding one is no small group. */
  readonly large: ReadonlySet<number>
  readonly k: number
}

/** No small atom: a family audited for its cells only. */
export const NO_SMALL_ATOMS: SmallAtoms = { small: new Map(), large: new Set(), k: 1 }

/**
 * The small groups of an atom space: each atom held by fewer than k units but not none, with its
 * true count (events) and units; and the atoms of k units or more. These are the groups an
 * attacker could isolate by subtracting published figures even where no table shows them. One
 * store query over the site's events, grouped by every dimension of the space and by span of days,
 * the values no table lists merged into one group, and only what the space holds (its `only`).
 * An atom no published figure counts is no group to protect, and is left out.
 *
 * @example const { small } = await countSmallAtoms(store, 'example.org', space, 10) // Map { 17 => { events: 2, units: 2 } }
 */
export async function countSmallAtoms(
  store: Store,
  site: string,
  space: AtomSpace,
  k: number,
): Promise<SmallAtoms> {
  const by = space.dimensions.filter((d) => d !== TIME) as GroupColumn[]
  const values: NonNullable<GroupQuery['values']> = {}
  by.forEach((d, j) => {
    values[d] = { list: space.domains[j] as string[], others: isClosed(d) ? 'drop' : 'merge' }
  })
  for (const [d, list] of Object.entries(space.only))
    values[d as GroupColumn] = { list, others: 'drop' }
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
  const spans = space.spans.map((span) => span.map((s) => ({ from: day(s.from), to: day(s.to) })))
  const ranges = spans.flat()
  const rows = await store.countGroups({
    // The spans cover the periods of every table, earlier releases' too, not this release's only.
    filter: {
      site,
      from: Math.min(...ranges.map((r) => r.from)),
      to: Math.max(...ranges.map((r) => r.to)),
    },
    anonymous: 'include',
    by,
    values,
    spans,
  })
  // An atom can be several pieces of the store's groups (values or spans no cell tells apart):
  // events and units add up (units per piece: a visitor in two pieces counts twice).
  const atoms = new Map<number, { events: number; units: number }>()
  for (const row of rows) {
    const atom = space.atomAt(row.key, row.span as number)
    if (atom === undefined) continue
    const a = atoms.get(atom) ?? { events: 0, units: 0 }
    a.events += row.events
    a.units += row.units
    atoms.set(atom, a)
  }
  const small = new Map<number, { events: number; units: number }>()
  const large = new Set<number>()
  for (const [atom, a] of atoms)
    if (a.units >= k) large.add(atom)
    else small.set(atom, a)
  return { small, large, k }
}

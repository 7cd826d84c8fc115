import { expect, it } from 'vitest'
import type { Store } from '../src/store/store.js'
import { storedEvent } from './helpers/fixtures.js'

const T0 = Date.parse('2026-03-01T12:00:00.000Z')
const APRIL = Date.parse('2026-04-02T00:00:00.000Z')
const A = '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const B = '1767225600.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

/**
 * The `countGroups` case of the store conformance suite (test/store-conformance.ts calls it
 * inside its describe): the same small data set, the same expected groups on every store.
 *
 * @example defineGroupCountConformance(() => store)
 */
export function defineGroupCountConformance(getStore: () => Store): void {
  it('countGroups: counts events, units and visitors per group, with and without bounds', async () => {
    const store = getStore()
    const e = (time: number, visitor: string | null, country: string, extra = {}) =>
      storedEvent({ time, visitor, country, ...extra })
    await store.write({
      events: [
        // A: 3 page views in FR (March), then 1 in BE (March), then 2 in FR (April).
        e(T0, A, 'FR'),
        e(T0 + 1, A, 'FR'),
        e(T0 + 2, A, 'FR'),
        e(T0 + 3, A, 'BE'),
        e(APRIL, A, 'FR'),
        e(APRIL + 1, A, 'FR'),
        // B: 1 in BE (March); an anonymous hit in FR; a custom event; another site.
        e(T0 + 4, B, 'BE'),
        e(T0 + 5, null, 'FR'),
        e(T0 + 6, B, 'FR', { type: 'event', name: 'download' }),
        e(T0 + 7, B, 'FR', { site: 'other.example' }),
      ],
      receipts: [],
    })
    const filter = { site: 'example.org', type: 'pageview' } as const
    const plain = await store.countGroups({
      filter,
      by: ['month', 'country'],
      anonymous: 'include',
    })
    expect(plain).toEqual([
      { key: ['2026-03', 'BE'], events: 2, units: 2, visitors: 2 },
      { key: ['2026-03', 'FR'], events: 4, units: 2, visitors: 1 },
      { key: ['2026-04', 'FR'], events: 2, units: 1, visitors: 1 },
    ])
    // A keeps its first 2 groups (March FR, March BE) with at most 2 events each; April FR goes.
    const bounded = await store.countGroups({
      filter,
      by: ['month', 'country'],
      anonymous: 'include',
      bound: { groupsPerUnit: 2, eventsPerGroup: 2 },
    })
    expect(bounded).toEqual([
      { key: ['2026-03', 'BE'], events: 2, units: 2, visitors: 2 },
      { key: ['2026-03', 'FR'], events: 3, units: 2, visitors: 1 },
    ])
    expect(await store.countGroups({ filter, by: ['country'], anonymous: 'exclude' })).toEqual([
      { key: ['BE'], events: 2, units: 2, visitors: 2 },
      { key: ['FR'], events: 5, units: 1, visitors: 1 },
    ])
    expect(
      await store.countGroups({
        filter: { site: 'example.org', type: 'event', name: 'download' },
        by: [],
        anonymous: 'include',
      }),
    ).toEqual([{ key: [], events: 1, units: 1, visitors: 1 }])
    expect(
      await store.countGroups({
        filter: { site: 'nowhere.example' },
        by: [],
        anonymous: 'include',
      }),
    ).toEqual([])
    // Names and paths are data, never SQL.
    expect(
      await store.countGroups({
        filter: { site: 'example.org', name: "x' OR '1'='1" },
        by: ['path'],
        anonymous: 'include',
      }),
    ).toEqual([])
  })

  // An exact release counts the people behind a total or behind the rare values merged together:
  // one visitor seen in several of them is one unit, never one per value.
  it('countGroups: merges or drops the values outside a list, counting each unit once', async () => {
    const store = getStore()
    const e = (time: number, visitor: string | null, country: string) =>
      storedEvent({ time, visitor, country })
    await store.write({
      events: [
        e(T0, A, 'FR'),
        e(T0 + 1, A, 'DE'),
        e(T0 + 2, A, 'IT'),
        e(T0 + 3, B, 'DE'),
        e(T0 + 4, null, 'ES'),
        // Text that looks like what a caller might use for "the others", and SQL.
        e(T0 + 5, B, '*'),
        e(T0 + 6, B, "x' OR '1'='1"),
      ],
      receipts: [],
    })
    const query = {
      filter: { site: 'example.org' },
      by: ['country'] as const,
      anonymous: 'include',
    } as const
    expect(
      await store.countGroups({
        ...query,
        values: { country: { list: ['FR', '*'], others: 'merge' } },
      }),
    ).toEqual([
      { key: ['*'], events: 1, units: 1, visitors: 1 },
      { key: ['FR'], events: 1, units: 1, visitors: 1 },
      // A in DE and IT, B in DE and the SQL-looking value, one anonymous hit: 3 units, not 5.
      { key: [null], events: 5, units: 3, visitors: 2 },
    ])
    expect(
      await store.countGroups({
        ...query,
        values: { country: { list: ['DE', 'ES'], others: 'drop' } },
      }),
    ).toEqual([
      { key: ['DE'], events: 2, units: 2, visitors: 2 },
      { key: ['ES'], events: 1, units: 1, visitors: 0 },
    ])
    // A list on a column the query does not group by: a filter when it drops, nothing when it merges.
    expect(
      await store.countGroups({
        ...query,
        by: [],
        values: { country: { list: ['DE', 'IT'], others: 'drop' } },
      }),
    ).toEqual([{ key: [], events: 3, units: 2, visitors: 2 }])
    expect(
      await store.countGroups({
        ...query,
        by: [],
        values: { country: { list: ['DE'], others: 'merge' } },
      }),
    ).toEqual([{ key: [], events: 7, units: 3, visitors: 2 }])
    // An empty list: every value merged (a total's distinct units), or nothing counted.
    expect(
      await store.countGroups({ ...query, values: { country: { list: [], others: 'merge' } } }),
    ).toEqual([{ key: [null], events: 7, units: 3, visitors: 2 }])
    expect(
      await store.countGroups({ ...query, values: { country: { list: [], others: 'drop' } } }),
    ).toEqual([])
  })

  // The audit of an exact release counts the groups no table tells apart, and a stretch of days
  // two tables treat alike can come in pieces (early March and early April): one visitor in two
  // pieces of one span is one unit.
  it('countGroups: by spans of time, each a union of stretches, counting each unit once', async () => {
    const store = getStore()
    const day = (d: string) => Date.parse(`2026-${d}T10:00:00.000Z`)
    const range = (from: string, to: string) => ({ from: day(from), to: day(to) })
    await store.write({
      events: [
        storedEvent({ time: day('03-02'), visitor: A, country: 'FR' }),
        storedEvent({ time: day('04-01'), visitor: A, country: 'FR' }),
        storedEvent({ time: day('03-03'), visitor: B, country: 'FR' }),
        storedEvent({ time: day('03-20'), visitor: B, country: 'FR' }),
        storedEvent({ time: day('03-21'), visitor: null, country: 'DE' }),
        // In no span: not counted.
        storedEvent({ time: day('05-01'), visitor: A, country: 'DE' }),
      ],
      receipts: [],
    })
    const query = {
      filter: { site: 'example.org' },
      by: ['country'],
      anonymous: 'include',
    } as const
    const early = range('03-01', '03-15')
    const late = range('04-01', '04-03')
    const middle = range('03-15', '04-01')
    expect(await store.countGroups({ ...query, spans: [[early, late], [middle]] })).toEqual([
      // A in early March and in April, B in early March: 2 units in span 0, not 3.
      { key: ['DE'], events: 1, units: 1, visitors: 0, span: 1 },
      { key: ['FR'], events: 3, units: 2, visitors: 2, span: 0 },
      { key: ['FR'], events: 1, units: 1, visitors: 1, span: 1 },
    ])
    // The values lists apply as well; an empty span, and no span, count nothing.
    expect(
      await store.countGroups({
        ...query,
        values: { country: { list: ['DE'], others: 'merge' } },
        spans: [[], [early, middle]],
      }),
    ).toEqual([
      { key: ['DE'], events: 1, units: 1, visitors: 0, span: 1 },
      { key: [null], events: 3, units: 2, visitors: 2, span: 1 },
    ])
    expect(await store.countGroups({ ...query, spans: [[]] })).toEqual([])
    expect(await store.countGroups({ ...query, spans: [] })).toEqual([])
  })

  // The audit of exact releases tells a release that counts anonymous hits from one that leaves
  // them out by `identified`: as a grouping column, and as a filter (a list that drops the rest).
  it('countGroups: by identified (a visitor id or an anonymous hit), grouped and filtered', async () => {
    const store = getStore()
    await store.write({
      events: [
        storedEvent({ time: T0, visitor: A, country: 'FR' }),
        storedEvent({ time: T0 + 1, visitor: A, country: 'FR' }),
        storedEvent({ time: T0 + 2, visitor: B, country: 'BE' }),
        storedEvent({ time: T0 + 3, visitor: null, country: 'FR' }),
        storedEvent({ time: T0 + 4, visitor: null, country: 'FR' }),
      ],
      receipts: [],
    })
    const query = { filter: { site: 'example.org' }, anonymous: 'include' } as const
    expect(await store.countGroups({ ...query, by: ['identified', 'country'] })).toEqual([
      { key: ['no', 'FR'], events: 2, units: 2, visitors: 0 },
      { key: ['yes', 'BE'], events: 1, units: 1, visitors: 1 },
      { key: ['yes', 'FR'], events: 2, units: 1, visitors: 1 },
    ])
    const only = (list: string[]) =>
      store.countGroups({
        ...query,
        by: ['country'],
        values: { identified: { list, others: 'drop' } },
      })
    expect(await only(['no'])).toEqual([{ key: ['FR'], events: 2, units: 2, visitors: 0 }])
    expect(await only(['yes'])).toEqual([
      { key: ['BE'], events: 1, units: 1, visitors: 1 },
      { key: ['FR'], events: 2, units: 1, visitors: 1 },
    ])
    // Merged into null beside the listed value, like any column's others.
    expect(
      await store.countGroups({
        ...query,
        by: ['identified'],
        values: { identified: { list: ['no'], others: 'merge' } },
      }),
    ).toEqual([
      { key: ['no'], events: 2, units: 2, visitors: 0 },
      { key: [null], events: 3, units: 2, visitors: 2 },
    ])
  })
}

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
}

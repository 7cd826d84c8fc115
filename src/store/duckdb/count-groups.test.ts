import { readFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storedEvent } from '../../../test/helpers/fixtures.js'
import { GROUP_COLUMNS, TABLE_DIMENSIONS } from '../group-counts.js'
import type { GroupColumn } from '../group-counts.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'

const T0 = Date.parse('2026-03-01T12:00:00.000Z')
const A = '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const B = '1767225600.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

/**
 * What the publication engine counts with `countGroups` on DuckDB, beyond the conformance suite's
 * data set: the queries it leaves out (no filter at all, the tightest bounds, bounds that are no
 * counts), each checked against the counts the raw events give by hand.
 */
describe('countGroups on DuckDB', () => {
  let store: Store
  beforeEach(async () => {
    // In memory: the file is not the point, and a mutation run reruns these for every mutant.
    store = await createDuckdbStore({ path: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  // kills: count-groups.ts:33 ArrayDeclaration → ["Stryker was here"], count-groups.ts:33
  // ConditionalExpression → false, :33 StringLiteral → "Stryker was here!", count-groups.ts:41
  // StringLiteral → "Stryker was here!"
  it('counts every site when the filter names nothing (an operator’s grand total)', async () => {
    await store.write({
      events: [
        storedEvent({ time: T0, visitor: A, site: 'example.org' }),
        storedEvent({ time: T0 + 1, visitor: A, site: 'other.example' }),
        storedEvent({ time: T0 + 2, visitor: null, site: 'other.example' }),
      ],
      receipts: [],
    })
    expect(await store.countGroups({ filter: {}, by: [], anonymous: 'include' })).toEqual([
      { key: [], events: 3, units: 2, visitors: 1 },
    ])
  })

  // A bound is a count of groups or events: 0 would publish nothing while looking valid, and a
  // count past 2^53 is not one JavaScript can hold exactly. The publication engine is told which.
  // kills: count-groups.ts:86 StringLiteral → ``, :86 ConditionalExpression → false,
  // :86 LogicalOperator → &&, :86 EqualityOperator → n <= 1
  it('refuses a bound that is not a count of at least 1, and takes 1', async () => {
    await store.write({
      events: [
        storedEvent({ time: T0, visitor: A, country: 'FR' }),
        storedEvent({ time: T0 + 1, visitor: A, country: 'FR' }),
        storedEvent({ time: T0 + 2, visitor: A, country: 'BE' }),
        storedEvent({ time: T0 + 3, visitor: B, country: 'BE' }),
      ],
      receipts: [],
    })
    const count = (groupsPerUnit: number, eventsPerGroup: number) =>
      store.countGroups({
        filter: { site: 'example.org' },
        by: ['country'],
        anonymous: 'include',
        bound: { groupsPerUnit, eventsPerGroup },
      })
    // The tightest bound: A counts once, in the group it entered first (FR), for one event.
    expect(await count(1, 1)).toEqual([
      { key: ['BE'], events: 1, units: 1, visitors: 1 },
      { key: ['FR'], events: 1, units: 1, visitors: 1 },
    ])
    for (const [groups, events, bad] of [
      [0, 1, 0],
      [1, 0, 0],
      [2 ** 53, 1, 2 ** 53],
      [1, -1, -1],
    ] as const)
      await expect(count(groups, events)).rejects.toThrow(`a bound must be ≥ 1, got ${bad}`)
  })

  // A release groups by the dimensions docs/publish.md offers: each must be one the store counts,
  // keyed by the event's own value (a month as `2026-03`). Static mutants (the column list and
  // each column's SQL), seen only in a run without --ignore-static.
  // kills: group-counts.ts:8-17 ArrayDeclaration and StringLiteral, count-groups.ts:7-16
  // ObjectLiteral and StringLiteral
  it('counts by every dimension docs/publish.md offers, keyed by the event’s value', async () => {
    const doc = await readFile(new URL('../../../docs/publish.md', import.meta.url), 'utf8')
    const row = doc.split('\n').find((line) => line.startsWith('| `tables[].dimensions`'))
    const offered = [...(row?.split('|')[3] ?? '').matchAll(/`([a-z]+)`/g)].map((m) => m[1])
    expect(offered).toEqual([...TABLE_DIMENSIONS])
    await store.write({
      events: [
        storedEvent({
          time: T0,
          visitor: A,
          country: 'BE',
          device: 'mobile',
          browser: 'Safari',
          os: 'iOS',
          path: '/pricing',
          referrer: 'news.example',
          type: 'event',
          name: 'signup',
        }),
      ],
      receipts: [],
    })
    const expected: Record<GroupColumn, string> = {
      month: '2026-03',
      country: 'BE',
      device: 'mobile',
      browser: 'Safari',
      os: 'iOS',
      path: '/pricing',
      referrer: 'news.example',
      type: 'event',
      name: 'signup',
      identified: 'yes',
    }
    for (const column of GROUP_COLUMNS)
      expect(
        await store.countGroups({ filter: {}, by: [column], anonymous: 'include' }),
        column,
      ).toEqual([{ key: [expected[column]], events: 1, units: 1, visitors: 1 }])
  })
})

import { describe, expect, it } from 'vitest'
import {
  crowd,
  newVisitor,
  usePublishWorld,
  releaseSpec,
  views,
} from '../../test/helpers/publish-fixtures.js'
import type { AuditTable } from './audit-table.js'
import { buildExactTable } from './build-exact-table.js'
import type { ReleaseSpec } from './release-spec.js'

// A real DuckDB store in a fresh folder (publish/ may not pick a store itself: the lint rule).
const world = usePublishWorld()

const exact = (tables: readonly Record<string, unknown>[]): ReleaseSpec =>
  releaseSpec({ name: 'r', mechanism: 'exact', tables })

/** Each cell as `key → [value, status]`, keys joined by `|`. */
const cellsOf = (t: AuditTable) =>
  Object.fromEntries(t.cells.map((c) => [c.key.join('|'), [c.value, c.status]]))

describe('buildExactTable, an open dimension (pages)', () => {
  const byPage = exact([{ name: 'pages', metric: 'pageviews', dimensions: ['path'] }])
  const table = byPage.tables[0] as ReleaseSpec['tables'][number]

  // kills: build-exact-table.ts:39 EqualityOperator → g.units > k, and → g.units < k,
  // ConditionalExpression → false / → true, ArrowFunction → () => undefined, MethodExpression → groups;
  // build-exact-table.ts:30 ArrowFunction → () => undefined (path would be taken for bounded);
  // build-exact-table.ts:37 BlockStatement → {} and :38 ArrayDeclaration → [] (no values shown).
  it('names a page seen by exactly k visitors, and merges a rarer one into ~other', async () => {
    await world.store.write({
      events: [...crowd(3, { path: '/popular' }), ...crowd(2, { path: '/users/jean' })],
      receipts: [],
    })
    const t = await buildExactTable(world.store, byPage, table, 3)
    expect(t.open).toEqual(['path'])
    expect(t.listed).toEqual({ path: ['/popular'] })
    expect(cellsOf(t)).toEqual({
      '/popular': [3, 'published'],
      '~other': [2, 'suppressed-primary'],
      '*': [5, 'published'],
    })
  })

  // kills: build-exact-table.ts:40 (merged always, never, or when nothing was merged),
  // :42 ArrayDeclaration → [] and :43 ArrowFunction → () => undefined (no value shown or counted)
  it('shows no ~other cell when every page is seen by k visitors or more', async () => {
    await world.store.write({
      events: [...crowd(3, { path: '/a' }), ...crowd(4, { path: '/b' })],
      receipts: [],
    })
    const t = await buildExactTable(world.store, byPage, table, 3)
    expect(cellsOf(t)).toEqual({
      '/a': [3, 'published'],
      '/b': [4, 'published'],
      '*': [7, 'published'],
    })
  })

  // Two pages of 2 visitors each: neither is shown, but together, as `~other` and as the total,
  // they are 4 distinct visitors, enough to publish (their largest page's 2 would not be).
  it("counts the merged values' and the total's distinct visitors, not their largest page's", async () => {
    await world.store.write({
      events: [...crowd(2, { path: '/a' }), ...crowd(2, { path: '/b' })],
      receipts: [],
    })
    const t = await buildExactTable(world.store, byPage, table, 3)
    expect(cellsOf(t)).toEqual({
      '~other': [4, 'published'],
      '*': [4, 'published'],
    })
  })
})

describe('buildExactTable, units counted over a whole cell', () => {
  const byPage = exact([{ name: 'pages', metric: 'pageviews', dimensions: ['path'] }])
  const table = byPage.tables[0] as ReleaseSpec['tables'][number]

  // Two visitors, each on both rare pages: 4 (visitor, page) pairs, but 2 people behind `~other`
  // and behind the total. Adding up the pages' units would publish them.
  it('counts a visitor seen on several merged pages once', async () => {
    const pair = [newVisitor(), newVisitor()]
    await world.store.write({
      events: pair.flatMap((v) => [...views(1, v, { path: '/a' }), ...views(1, v, { path: '/b' })]),
      receipts: [],
    })
    const t = await buildExactTable(world.store, byPage, table, 3)
    expect(cellsOf(t)).toEqual({
      '~other': [4, 'suppressed-primary'],
      '*': [4, 'suppressed-primary'],
    })
  })

  // An event's name is a visitor's choice: `*` and `~other`, even seen by many, are merged into
  // `~other`, so that no figure reads as a total it is not.
  it('never shows a value that reads as a total or as the merged values', async () => {
    const byName = exact([{ name: 'names', metric: 'events', dimensions: ['name'] }])
    await world.store.write({
      events: [
        ...crowd(3, { type: 'event', name: '*' }),
        ...crowd(3, { type: 'event', name: '~other' }),
        ...crowd(3, { type: 'event', name: 'signup' }),
      ],
      receipts: [],
    })
    const t = await buildExactTable(
      world.store,
      byName,
      byName.tables[0] as ReleaseSpec['tables'][number],
      3,
    )
    expect(cellsOf(t)).toEqual({
      signup: [3, 'published'],
      '~other': [6, 'published'],
      '*': [9, 'published'],
    })
    expect(t.listed).toEqual({ name: ['signup'] })
  })
})

describe('buildExactTable, a bounded dimension (listed countries)', () => {
  const spec = exact([
    {
      name: 'countries',
      metric: 'pageviews',
      dimensions: ['country'],
      values: { country: ['FR', 'BE'] },
    },
  ])
  const table = spec.tables[0] as ReleaseSpec['tables'][number]

  // kills: build-exact-table.ts:88 ConditionalExpression → true and EqualityOperator → value >= 0
  // (a zero is no one: withholding it protects nobody and hides that the value is empty),
  // EqualityOperator → units <= k (a cell of exactly k visitors is publishable)
  it('publishes a listed value nobody was seen with as 0, and one seen by k visitors', async () => {
    await world.store.write({
      events: [...crowd(3, { country: 'FR' }), ...crowd(5, { country: 'DE' })],
      receipts: [],
    })
    const t = await buildExactTable(world.store, spec, table, 3)
    expect(cellsOf(t)).toEqual({
      FR: [3, 'published'],
      BE: [0, 'published'],
      '*': [3, 'published'],
    })
  })
})

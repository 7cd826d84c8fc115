import { describe, expect, it } from 'vitest'
import { crowd, usePublishWorld, releaseSpec } from '../../test/helpers/publish-fixtures.js'
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

  // kills: build-exact-table.ts:31 MethodExpression → dims (the total grouped by page, and its
  // visitors taken as the largest page's 2, would make a total of 4 distinct visitors primary)
  it("counts a total's distinct visitors, not its largest page's, when no page is named", async () => {
    await world.store.write({
      events: [...crowd(2, { path: '/a' }), ...crowd(2, { path: '/b' })],
      receipts: [],
    })
    const t = await buildExactTable(world.store, byPage, table, 3)
    expect(cellsOf(t)).toEqual({
      '~other': [4, 'suppressed-primary'],
      '*': [4, 'published'],
    })
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

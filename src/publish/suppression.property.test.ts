import fc from 'fast-check'
import type { Highs } from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { gridTable } from '../../test/helpers/grid-table.js'
import { auditIntervals } from './audit-intervals.js'
import { isSuppressed } from './audit-table.js'
import type { AuditTable } from './audit-table.js'
import { loadHighs } from './load-highs.js'
import { suppressSecondary } from './suppress-secondary.js'

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

/** Small 2-dimensional tables of counts (2–4 × 2–4, 0–25 per cell), a k and a range. */
const tables = fc
  .record({
    rows: fc.integer({ min: 2, max: 4 }),
    cols: fc.integer({ min: 2, max: 4 }),
    k: fc.integer({ min: 3, max: 8 }),
    range: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 16, maxLength: 16 }),
  })
  .map(({ rows, cols, k, range, seed }) => {
    const values: Record<string, number> = {}
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) values[`r${r}|c${c}`] = seed[r * cols + c] as number
    return { values, k, range }
  })

/** The table with its primary cells (counts from 1 to k − 1; each count is one visitor here). */
function withPrimaries(values: Record<string, number>, k: number): AuditTable {
  const t = gridTable('r/t', ['row', 'col'], values, {})
  for (const c of t.cells)
    if ((c.value as number) > 0 && (c.value as number) < k) c.status = 'suppressed-primary'
  return t
}

const intervalsOf = (t: AuditTable) =>
  new Map(auditIntervals(highs, [t]).intervals.map((i) => [i.cell, [i.low, i.high] as const]))

describe('suppression properties (fast-check)', () => {
  it('after secondary suppression, every primary cell keeps its protection range', () => {
    fc.assert(
      fc.property(tables, ({ values, k, range }) => {
        const t = withPrimaries(values, k)
        const result = suppressSecondary(highs, [t], range)
        expect(result.violations).toEqual([])
        const intervals = intervalsOf(t)
        t.cells.forEach((c, i) => {
          if (c.status !== 'suppressed-primary') return
          const [low, high] = intervals.get(i) as readonly [number, number]
          const x = c.value as number
          expect(high, `${c.key.join('|')} = ${x}`).toBeGreaterThanOrEqual(x + range)
          expect(low, `${c.key.join('|')} = ${x}`).toBeLessThanOrEqual(Math.max(0, x - range))
        })
      }),
      { numRuns: 60 },
    )
  })

  // The optimisation (suppressOptimally) takes small tables: it never withholds more cells than
  // the heuristics it replaces there, each of which protects too.
  it('withholds no more cells than the heuristics, on the tables it takes', () => {
    const secondary = (t: AuditTable) =>
      t.cells.filter((c) => c.status === 'suppressed-secondary').length
    fc.assert(
      fc.property(tables, ({ values, k, range }) => {
        const best = withPrimaries(values, k)
        const heuristic = withPrimaries(values, k)
        expect(suppressSecondary(highs, [best], range).violations).toEqual([])
        suppressSecondary(highs, [heuristic], range, undefined, { method: 'heuristic' })
        expect(secondary(best)).toBeLessThanOrEqual(secondary(heuristic))
      }),
      { numRuns: 40 },
    )
  })

  it('published values are the true values, untouched', () => {
    fc.assert(
      fc.property(tables, ({ values, k, range }) => {
        const truth = gridTable('r/t', ['row', 'col'], values, {})
        const t = withPrimaries(values, k)
        suppressSecondary(highs, [t], range)
        t.cells.forEach((c, i) => {
          if (!isSuppressed(c)) expect(c.value).toBe(truth.cells[i]?.value)
        })
      }),
      { numRuns: 60 },
    )
  })

  it('adding a suppression never narrows an interval', () => {
    fc.assert(
      fc.property(
        tables,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        ({ values }, picks, extra) => {
          const t = gridTable('r/t', ['row', 'col'], values, {})
          for (const p of picks)
            (t.cells[p % t.cells.length] as { status: string }).status = 'suppressed-secondary'
          const before = intervalsOf(t)
          const free = t.cells.map((c, i) => i).filter((i) => !isSuppressed(t.cells[i] as never))
          if (free.length === 0) return
          ;(t.cells[free[extra % free.length] as number] as { status: string }).status =
            'suppressed-secondary'
          const after = intervalsOf(t)
          for (const [cell, [low, high]] of before) {
            const [low2, high2] = after.get(cell) as readonly [number, number]
            expect(low2).toBeLessThanOrEqual(low)
            expect(high2).toBeGreaterThanOrEqual(high)
          }
        },
      ),
      { numRuns: 60 },
    )
  })
})

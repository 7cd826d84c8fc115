import fc from 'fast-check'
import type { Highs } from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { gridTable, monthPeriod } from '../../test/helpers/grid-table.js'
import { auditIntervals } from './audit-intervals.js'
import type { AuditCache, AuditResult } from './audit-intervals.js'
import { isSuppressed } from './audit-table.js'
import type { AuditTable } from './audit-table.js'
import { loadHighs } from './load-highs.js'
import { suppressSecondary } from './suppress-secondary.js'

/** The heuristics alone (hypercubes, closed lines, the audit's repair): what these tests are about. */
const HEURISTIC = { method: 'heuristic' } as const

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

/** A 2–4 × 2–4 table of counts (0–25) for one month, with some cells withheld. */
const table = (month: string) =>
  fc
    .record({
      rows: fc.integer({ min: 2, max: 4 }),
      cols: fc.integer({ min: 2, max: 4 }),
      seed: fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 16, maxLength: 16 }),
      withheld: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
    })
    .map(({ rows, cols, seed, withheld }) => {
      const values: Record<string, number> = {}
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) values[`r${r}|c${c}`] = seed[r * cols + c] as number
      const t: AuditTable = {
        ...gridTable(`r/t${month}`, ['row', 'col'], values, {}),
        period: monthPeriod(month),
      }
      for (const w of withheld) {
        const cell = t.cells[w % t.cells.length] as { status: string; value: number | null }
        cell.status = (cell.value as number) < 8 ? 'suppressed-primary' : 'suppressed-secondary'
      }
      return t
    })

/** Every interval of an audit, by table and cell. */
const byCell = (audit: AuditResult) =>
  Object.fromEntries(audit.intervals.map((i) => [`${i.table.id}#${i.cell}`, [i.low, i.high]]))

/** The reference: a full audit, a min and a max solved for every withheld cell. */
const reference = (tables: readonly AuditTable[]) =>
  byCell(auditIntervals(highs, tables, { certify: false }))

describe('incremental audit (fast-check)', () => {
  it('bounds taken from solutions met on the way equal those solved one by one', () => {
    fc.assert(
      fc.property(table('2026-01'), (t) => {
        expect(byCell(auditIntervals(highs, [t]))).toEqual(reference([t]))
      }),
      { numRuns: 60 },
    )
  })

  it('after one more suppression, a cached re-audit gives exactly the intervals of a full one', () => {
    fc.assert(
      fc.property(table('2026-01'), table('2026-02'), fc.nat(), fc.boolean(), (a, b, pick, inA) => {
        // Two months: two independent components; the suppression touches only one of them.
        const cache: AuditCache = new Map()
        auditIntervals(highs, [a, b], { cache })
        const target = inA ? a : b
        const free = target.cells.flatMap((c, i) => (isSuppressed(c) ? [] : [i]))
        if (free.length > 0)
          (target.cells[free[pick % free.length] as number] as { status: string }).status =
            'suppressed-secondary'
        expect(byCell(auditIntervals(highs, [a, b], { cache }))).toEqual(reference([a, b]))
      }),
      { numRuns: 60 },
    )
  })

  it('secondary suppression returns the intervals of a full re-audit of its final tables', () => {
    fc.assert(
      fc.property(table('2026-01'), table('2026-02'), (a, b) => {
        const result = suppressSecondary(highs, [a, b], 3, undefined, HEURISTIC)
        expect(byCell(result.audit)).toEqual(reference([a, b]))
      }),
      { numRuns: 40 },
    )
  })

  it('an unchanged component is not solved again', () => {
    const t = gridTable(
      'r/t',
      ['row', 'col'],
      { 'a|x': 3, 'a|y': 9, 'b|x': 7, 'b|y': 4 },
      {
        'a|x': 'suppressed-primary',
        'a|y': 'suppressed-secondary',
        'b|x': 'suppressed-secondary',
        'b|y': 'suppressed-secondary',
      },
    )
    const cache: AuditCache = new Map()
    const first = auditIntervals(highs, [t], { cache })
    expect(first.solves).toBeGreaterThan(0)
    const again = auditIntervals(highs, [t], { cache })
    expect(again.solves).toBe(0)
    expect(byCell(again)).toEqual(byCell(first))
    expect(byCell(first)[`r/t#${t.cells.findIndex((c) => c.key.join('|') === 'a|x')}`]).toEqual([
      0, 10,
    ])
  })
})

import type { Highs } from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { gridTable } from '../../test/helpers/grid-table.js'
import { auditIntervals } from './audit-intervals.js'
import type { AuditTable } from './audit-table.js'
import { loadHighs } from './load-highs.js'

// The classic small cases of the literature on cell suppression, each with the feasibility
// intervals the literature gives in closed form. The expected intervals are computed here from
// those formulas, never from the engine: the audit must find exactly them.

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

type Status = 'suppressed-primary' | 'suppressed-secondary'

/** The audit's intervals of one table, by cell key ('a|x'). */
const intervalsOf = (t: AuditTable): Record<string, [number, number]> =>
  Object.fromEntries(
    auditIntervals(highs, [t]).intervals.map((i) => [
      t.cells[i.cell]?.key.join('|') ?? '',
      [i.low, i.high],
    ]),
  )

/** Every key of `keys` withheld, the first as primary. */
const withheld = (keys: readonly string[]): Record<string, Status> =>
  Object.fromEntries(
    keys.map((k, i) => [k, i === 0 ? 'suppressed-primary' : 'suppressed-secondary']),
  )

describe('the literature’s feasibility intervals, found by the audit', () => {
  // Fréchet bounds (Dobra & Fienberg, "Bounds for cell entries in contingency tables given
  // marginal totals", 2000): with only the margins of a two-way table known, a cell lies in
  // [max(0, row + column − total), min(row, column)], and these bounds are sharp.
  it('a two-way table with only its margins published: the Fréchet bounds', () => {
    const rows = ['r1', 'r2', 'r3']
    const cols = ['c1', 'c2', 'c3', 'c4']
    const counts = [
      [12, 3, 40, 7],
      [1, 25, 9, 14],
      [30, 6, 2, 18],
    ]
    const values: Record<string, number> = {}
    rows.forEach((r, i) => cols.forEach((c, j) => (values[`${r}|${c}`] = counts[i]?.[j] ?? 0)))
    const t = gridTable('lit/frechet', ['row', 'col'], values, withheld(Object.keys(values)))
    const rowSum = (i: number) => (counts[i] ?? []).reduce((s, v) => s + v, 0)
    const colSum = (j: number) => counts.reduce((s, r) => s + (r[j] ?? 0), 0)
    const total = counts.flat().reduce((s, v) => s + v, 0)
    const expected: Record<string, [number, number]> = {}
    rows.forEach((r, i) =>
      cols.forEach((c, j) => {
        expected[`${r}|${c}`] = [
          Math.max(0, rowSum(i) + colSum(j) - total),
          Math.min(rowSum(i), colSum(j)),
        ]
      }),
    )
    expect(intervalsOf(t)).toEqual(expected)
  })

  // The suppressed rectangle, the unit of the hypercube method (Repsilber, "Das Quaderverfahren",
  // 1999; the Handbook on Statistical Disclosure Control, 2012, §4.4): four cells a, b / c, d at
  // the corners of a rectangle, all else published. Only a + t, b − t, c − t, d + t stay
  // consistent, so a lies in [a − min(a, d), a + min(b, c)].
  it('a suppressed rectangle inside a published table: [a − min(a, d), a + min(b, c)]', () => {
    const values: Record<string, number> = {}
    const counts = [
      [2, 15, 8],
      [11, 4, 20],
      [6, 9, 13],
    ]
    counts.forEach((row, i) => row.forEach((v, j) => (values[`r${i}|c${j}`] = v)))
    // Corners r0|c0 (a = 2), r0|c2 (b = 8), r2|c0 (c = 6), r2|c2 (d = 13).
    const [a, b, c, d] = [2, 8, 6, 13]
    const t = gridTable(
      'lit/cube',
      ['row', 'col'],
      values,
      withheld(['r0|c0', 'r0|c2', 'r2|c0', 'r2|c2']),
    )
    expect(intervalsOf(t)).toEqual({
      'r0|c0': [a - Math.min(a, d), a + Math.min(b, c)],
      'r0|c2': [b - Math.min(b, c), b + Math.min(a, d)],
      'r2|c0': [c - Math.min(b, c), c + Math.min(a, d)],
      'r2|c2': [d - Math.min(a, d), d + Math.min(b, c)],
    })
  })

  // The same in three dimensions (Repsilber's hypercube): the eight corners of a 2×2×2 cube
  // withheld, every other cell and every margin published. The only move left adds t to the
  // corners of even parity and takes it from the odd ones, so a corner of even parity lies in
  // [x − min(even corners), x + min(odd corners)], and the reverse for odd ones.
  it('a suppressed 2×2×2 cube in a three-way table: the parity bounds of the hypercube', () => {
    const values: Record<string, number> = {}
    let seed = 7
    for (const x of ['x0', 'x1', 'x2'])
      for (const y of ['y0', 'y1', 'y2'])
        for (const z of ['z0', 'z1']) {
          seed = (seed * 37 + 11) % 29
          values[`${x}|${y}|${z}`] = seed + 1
        }
    const corners = ['x0', 'x2'].flatMap((x) =>
      ['y0', 'y1'].flatMap((y) => ['z0', 'z1'].map((z) => `${x}|${y}|${z}`)),
    )
    const parity = (key: string) =>
      key.split('|').filter((v, i) => v !== ['x0', 'y0', 'z0'][i]).length % 2
    const value = (key: string) => values[key] ?? 0
    const minOf = (p: number) => Math.min(...corners.filter((k) => parity(k) === p).map(value))
    const t = gridTable('lit/hypercube', ['x', 'y', 'z'], values, withheld(corners))
    const expected = Object.fromEntries(
      corners.map((k) => [k, [value(k) - minOf(parity(k)), value(k) + minOf(1 - parity(k))]]),
    )
    expect(intervalsOf(t)).toEqual(expected)
  })

  // An alternating cycle (Cox, "Suppression methodology and statistical disclosure control",
  // 1980): six cells of a 3×3 table withheld so that each row and each column holds two of them.
  // The only move alternates ±t around the cycle, so a cell lies in
  // [x − min(cells of its sign), x + min(cells of the other sign)].
  it('a cycle of six withheld cells: the alternating bounds of Cox’s network', () => {
    const counts = [
      [5, 17, 3],
      [22, 8, 14],
      [9, 31, 12],
    ]
    const values: Record<string, number> = {}
    counts.forEach((row, i) => row.forEach((v, j) => (values[`r${i}|c${j}`] = v)))
    // Around the cycle: r0|c0 +, r0|c1 −, r1|c1 +, r1|c2 −, r2|c2 +, r2|c0 −.
    const cycle = ['r0|c0', 'r0|c1', 'r1|c1', 'r1|c2', 'r2|c2', 'r2|c0']
    const sign = (k: string) => cycle.indexOf(k) % 2
    const minOf = (s: number) =>
      Math.min(...cycle.filter((k) => sign(k) === s).map((k) => values[k] ?? 0))
    const t = gridTable('lit/cycle', ['row', 'col'], values, withheld(cycle))
    expect(intervalsOf(t)).toEqual(
      Object.fromEntries(
        cycle.map((k) => [
          k,
          [(values[k] ?? 0) - minOf(sign(k)), (values[k] ?? 0) + minOf(1 - sign(k))],
        ]),
      ),
    )
  })

  // The single suppression (every text's first example): one withheld cell in a line whose
  // total is published is recovered exactly, [x, x]. The audit must see that, not a wide interval.
  it('one withheld cell with its margins published: recovered exactly', () => {
    const values = { 'a|x': 1, 'a|y': 40, 'b|x': 17, 'b|y': 23 }
    const t = gridTable('lit/single', ['row', 'col'], values, withheld(['a|x']))
    expect(intervalsOf(t)).toEqual({ 'a|x': [1, 1] })
  })
})

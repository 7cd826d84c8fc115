import fc from 'fast-check'
import type { Highs } from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { gridTable } from '../../test/helpers/grid-table.js'
import { auditIntervals } from './audit-intervals.js'
import type { AuditTable } from './audit-table.js'
import { findViolations } from './find-violations.js'
import { loadHighs } from './load-highs.js'
import { protectWithHypercubes } from './protect-with-hypercubes.js'
import { suppressSecondary } from './suppress-secondary.js'

/** The heuristics alone (hypercubes, closed lines, the audit's repair): what these tests are about. */
const HEURISTIC = { method: 'heuristic' } as const

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

const withheld = (t: AuditTable) =>
  t.cells.filter((c) => c.status === 'suppressed-secondary').map((c) => c.key.join('|'))
const intervalOf = (t: AuditTable, key: string) => {
  const iv = auditIntervals(highs, [t]).intervals.find(
    (i) => t.cells[i.cell]?.key.join('|') === key,
  )
  return iv && [iv.low, iv.high]
}

// Worked by hand. a|x = 3 is primary, range 2: its cube needs its row and column partners (moving
// down as it moves up) to hold at least 2, and the opposite corner (moving with it) at least
// min(3, 2). Cheapest by suppressionCost (√value, margins doubled): rows b, columns z —
// √9 + √8 + √7 = 8.5, against √20 + √8 + √50 = 14.4 for b and y. The attacker's LP then gives
// a|x = t with a|z = 12 − t, b|x = 11 − t, b|z = 4 + t: t ∈ [0, 11].
describe('hypercubes (worked example)', () => {
  const values = {
    'a|x': 3,
    'a|y': 20,
    'a|z': 9,
    'b|x': 8,
    'b|y': 50,
    'b|z': 7,
    'c|x': 30,
    'c|y': 40,
    'c|z': 60,
  }

  it('withholds the cheapest cube that moves the cell by the range both ways', () => {
    const t = gridTable('r/t', ['row', 'col'], values, { 'a|x': 'suppressed-primary' })
    expect(protectWithHypercubes(t, 2)).toEqual({ withheld: 3, unprotected: [] })
    expect(withheld(t).sort()).toEqual(['a|z', 'b|x', 'b|z'])
    expect(intervalOf(t, 'a|x')).toEqual([0, 11])
  })

  it('skips a cube with a corner at zero (it cannot move down), taking the next one', () => {
    const t = gridTable(
      'r/t',
      ['row', 'col'],
      { ...values, 'b|z': 0 },
      { 'a|x': 'suppressed-primary' },
    )
    protectWithHypercubes(t, 2)
    expect(withheld(t).sort()).toEqual(['a|y', 'b|x', 'b|y'])
  })

  it('says which primary cells it found no cube for', () => {
    // a = 1, b = 1, total 2, all primary, range 2. a moves with the total (2 ≥ min(1, 2)); the
    // total's only partners, a and b, would have to move down by 2.
    const t = gridTable('r/t', ['row'], { a: 1, b: 1 }, {})
    for (const c of t.cells) c.status = 'suppressed-primary'
    const total = t.cells.findIndex((c) => c.key[0] === '*')
    expect(protectWithHypercubes(t, 2)).toEqual({ withheld: 0, unprotected: [total] })
  })
})

/**
 * Tables of 1 to 3 dimensions (2–3 values each, counts 0–12), a k and a range: small counts and
 * wide ranges, so that which corner moves which way decides whether a cube protects.
 */
const tables = fc
  .record({
    sizes: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: 3 }),
    k: fc.integer({ min: 3, max: 8 }),
    range: fc.integer({ min: 1, max: 8 }),
    seed: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 27, maxLength: 27 }),
  })
  .map(({ sizes, k, range, seed }) => {
    let keys: string[][] = [[]]
    sizes.forEach((n, d) => {
      keys = keys.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, `d${d}v${i}`]))
    })
    const values = Object.fromEntries(keys.map((key, i) => [key.join('|'), seed[i] as number]))
    const t = gridTable(
      'r/t',
      sizes.map((_, d) => `d${d}`),
      values,
      {},
    )
    for (const c of t.cells)
      if ((c.value as number) > 0 && (c.value as number) < k) c.status = 'suppressed-primary'
    return { t, range }
  })

describe('hypercubes (fast-check)', () => {
  it('every primary cell it found a cube for keeps its protection range in the LP audit', () => {
    fc.assert(
      fc.property(tables, ({ t, range }) => {
        const { unprotected } = protectWithHypercubes(t, range)
        const left = new Set(unprotected)
        const violations = findViolations(auditIntervals(highs, [t]).intervals, range)
        expect(violations.filter((v) => !left.has(v.cell))).toEqual([])
      }),
      { numRuns: 150 },
    )
  })

  it('with the audit-driven repair, every primary cell of a 1- to 3-dimensional table is protected', () => {
    fc.assert(
      fc.property(tables, ({ t, range }) => {
        expect(suppressSecondary(highs, [t], range, undefined, HEURISTIC).violations).toEqual([])
        const intervals = auditIntervals(highs, [t]).intervals
        for (const iv of intervals) {
          const c = t.cells[iv.cell] as AuditTable['cells'][number]
          if (c.status !== 'suppressed-primary') continue
          const x = c.value as number
          expect(iv.high, c.key.join('|')).toBeGreaterThanOrEqual(x + range)
          expect(iv.low, c.key.join('|')).toBeLessThanOrEqual(Math.max(0, x - range))
        }
      }),
      { numRuns: 60 },
    )
  })
})

describe('hypercubes: a withheld figure of unknown value', () => {
  // kills: protect-with-hypercubes.ts:68 UnaryOperator → +1. A cell withheld by an earlier
  // release keeps no value (null): nothing says it holds enough to move, so it cannot be a corner.
  // Taken as holding 1, it would be the free partner of a (range 1) and the total would stay
  // published: a = 10 − b, with b unknown to the attacker but not known to move either.
  it('never counts on a withheld cell whose value it does not know', () => {
    const grid = gridTable('r/t', ['row'], { a: 1, b: 9 }, { a: 'suppressed-primary' })
    const t: AuditTable = {
      ...grid,
      cells: grid.cells.map((c) =>
        c.key[0] === 'b' ? { ...c, value: null, status: 'suppressed-secondary' } : c,
      ),
    }
    expect(protectWithHypercubes(t, 1)).toEqual({ withheld: 1, unprotected: [] })
    expect(withheld(t).sort()).toEqual(['*', 'b'])
  })
})

describe('hypercubes: a table of no dimension', () => {
  // kills: protect-with-hypercubes.ts:40 ConditionalExpression → false. A table that is one total
  // has no other cell to move with its own: a primary total has no cube, and is reported so
  // (the cube of its corner alone would "protect" it by withholding nothing).
  it('reports its primary total as unprotected', () => {
    const t: AuditTable = {
      ...gridTable('r/t', [], {}, {}),
      cells: [{ key: [], value: 2, status: 'suppressed-primary' }],
    }
    expect(protectWithHypercubes(t, 1)).toEqual({ withheld: 0, unprotected: [0] })
  })
})

describe('hypercubes: a cell moves with its margin', () => {
  // kills: protect-with-hypercubes.ts:50 ConditionalExpression → false, and :95 MethodExpression
  // → Math.max(x, range) (the total would have to hold 2). a = 1 is primary, range
  // 2, b is a published 0: a + b = total, so the total is the only cell that can move with a, and
  // it moves the same way (a − 1 leaves total − 1 = 0 ≥ 0). Taken as moving against a, the total
  // would have to hold 2, and a would be left with no cube.
  it('withholds the total, which need only hold what the cell can lose', () => {
    const t = gridTable('r/t', ['row'], { a: 1, b: 0 }, { a: 'suppressed-primary' })
    expect(protectWithHypercubes(t, 2)).toEqual({ withheld: 1, unprotected: [] })
    expect(withheld(t)).toEqual(['*'])
    expect(intervalOf(t, 'a')).toEqual([0, Number.POSITIVE_INFINITY])
  })
})

describe('hypercubes: a table with more corner choices than are weighed', () => {
  /**
   * A 2 × 5,001 × 2 table with its margins (45,018 cells), built here: gridTable's sums are
   * quadratic. a|p0|x = 1 is primary (range 1); the cells of p5000 hold 1, every other cell 5.
   * The primary cell can take any other value, or the margin, along each dimension: 2 × 5,001 × 2
   * = 20,004 corner choices, past the 10,000 that are weighed, so the search keeps the cheapest
   * of the long dimension only (the short ones, 2 each, cannot shrink further).
   */
  function wideTable(): AuditTable {
    const middle = Array.from({ length: 5_001 }, (_, i) => `p${i}`)
    const interior = (d0: string, d1: string, d2: string) =>
      d1 === 'p5000' || (d0 === 'a' && d1 === 'p0' && d2 === 'x') ? 1 : 5
    // Along the long dimension: 4,999 cells of 5, and those of p0 and p5000.
    const alongMiddle = (d0: string, d2: string) =>
      5 * 4_999 + interior(d0, 'p0', d2) + interior(d0, 'p5000', d2)
    const span = (v: string, values: string[]) => (v === '*' ? values : [v])
    const cells: AuditTable['cells'] = []
    for (const d0 of ['a', 'b', '*'])
      for (const d1 of [...middle, '*'])
        for (const d2 of ['x', 'y', '*']) {
          let value = 0
          for (const v0 of span(d0, ['a', 'b']))
            for (const v2 of span(d2, ['x', 'y']))
              value += d1 === '*' ? alongMiddle(v0, v2) : interior(v0, d1, v2)
          cells.push({
            key: [d0, d1, d2],
            value,
            status: d0 === 'a' && d1 === 'p0' && d2 === 'x' ? 'suppressed-primary' : 'published',
          })
        }
    return { ...gridTable('r/t', ['d0', 'd1', 'd2'], {}, {}), cells }
  }

  // kills (by a timeout: each never ends, halving a list of one, or nothing, or the product
  // grows): protect-with-hypercubes.ts:119 BlockStatement → {}, :120 ConditionalExpression →
  // false / → true and EqualityOperator → b.length <= a.length, :121 ArithmeticOperator →
  // longest.length * 2 and → product * longest.length; kills :122 ArithmeticOperator →
  // longest.length * 2 (the list grows holes, and the search reads one), and :115
  // MethodExpression → list (unsorted, the half kept would be p1 … p2501, without p5000). The
  // cheapest cube, whether all are weighed or the cheapest half: through b, p5000 and y, the four
  // 1s of p5000 and three 5s (4 + 3√5).
  it('still ends, and finds the cheapest cube, keeping the cheapest choices', () => {
    const t = wideTable()
    expect(t.cells).toHaveLength(3 * 5_002 * 3)
    expect(protectWithHypercubes(t, 1)).toEqual({ withheld: 7, unprotected: [] })
    expect(withheld(t).sort()).toEqual([
      'a|p0|y',
      'a|p5000|x',
      'a|p5000|y',
      'b|p0|x',
      'b|p0|y',
      'b|p5000|x',
      'b|p5000|y',
    ])
  })
})

describe('hypercubes: one cube serving two primary cells', () => {
  // kills: protect-with-hypercubes.ts:73 MethodExpression → primaries, ArithmeticOperator →
  // value(b) + value(a). r0|c1 = 2 and r1|c1 = 3 are primary, range 2. Of the 2¹⁴ ways to withhold
  // the other cells, checked one by one with the LP audit (offline), the cheapest that protects
  // both (suppressionCost 8.36) is also the smallest: the two row totals r0|* and r1|*. Taking
  // the larger cell first finds it (its cube serves the smaller one for free); taking r0|c1 first
  // withholds five cells (cost 12.85).
  it('withholds the cheapest pattern that protects both, taking the larger first', () => {
    const t = gridTable(
      'r/t',
      ['row', 'col'],
      {
        'r0|c0': 0,
        'r0|c1': 2,
        'r0|c2': 4,
        'r1|c0': 9,
        'r1|c1': 3,
        'r1|c2': 0,
        'r2|c0': 5,
        'r2|c1': 10,
        'r2|c2': 6,
      },
      { 'r0|c1': 'suppressed-primary', 'r1|c1': 'suppressed-primary' },
    )
    expect(suppressSecondary(highs, [t], 2, undefined, HEURISTIC).violations).toEqual([])
    expect(withheld(t).sort()).toEqual(['r0|*', 'r1|*'])
  })
})

describe('hypercubes: a long line where few cells can move', () => {
  /**
   * A 2 × 5,001 table with its margins (15,006 cells): a|p0 = 1 is primary (range 1); along its
   * row, a|p1 … a|p4995 are 0 (a published 0 cannot move down) and a|p4996 … a|p5000 are 5;
   * row b is all 5s.
   */
  function longRow(): AuditTable {
    const middle = Array.from({ length: 5_001 }, (_, i) => i)
    const interior = (row: string, i: number) =>
      row === 'b' ? 5 : i === 0 ? 1 : i <= 4_995 ? 0 : 5
    const rowSum = (row: string) => middle.reduce((s, i) => s + interior(row, i), 0)
    const cells: AuditTable['cells'] = []
    for (const row of ['a', 'b', '*'])
      for (const i of [...middle, -1]) {
        const value =
          i < 0
            ? row === '*'
              ? rowSum('a') + rowSum('b')
              : rowSum(row)
            : row === '*'
              ? interior('a', i) + interior('b', i)
              : interior(row, i)
        cells.push({
          key: [row, i < 0 ? '*' : `p${i}`],
          value,
          status: row === 'a' && i === 0 ? 'suppressed-primary' : 'published',
        })
      }
    return { ...gridTable('r/t', ['row', 'col'], {}, {}), cells }
  }

  // kills: protect-with-hypercubes.ts:112 ConditionalExpression → false and LogicalOperator →
  // && (every neighbour kept as a choice, movable or not: the 5,000 of the row, × 2 rows, are past
  // the 10,000 weighed, and the cheapest half kept are zeros, which cannot move: no cube found).
  it('weighs only the cells that can move, and finds the cube among them', () => {
    const t = longRow()
    expect(protectWithHypercubes(t, 1)).toEqual({ withheld: 3, unprotected: [] })
    const corners = t.cells.filter((c) => c.status !== 'published').map((c) => c.key.join('|'))
    expect(corners).toHaveLength(4)
    expect(corners).toContain('b|p0')
  })
})

describe('hypercubes: the far corner of a 3-dimensional cube', () => {
  // kills: protect-with-hypercubes.ts:146 ConditionalExpression → false (on `sign < 0`: a corner
  // moving against the cell need only hold what the cell can lose). a|p|x = 1 is primary, range
  // 3. Its all-interior cube has its far corner b|q|y, three steps away, moving against it: b|q|y
  // = 1 cannot lose 3, so that cube would let a|p|x rise by 1 only. Whatever cube is found must
  // keep the cell's range in the attacker's LP.
  it('only keeps a cube whose every corner can move by the range', () => {
    const values: Record<string, number> = {}
    for (const d0 of ['a', 'b'])
      for (const d1 of ['p', 'q']) for (const d2 of ['x', 'y']) values[`${d0}|${d1}|${d2}`] = 5
    values['a|p|x'] = 1
    values['b|q|y'] = 1
    const t = gridTable('r/t', ['d0', 'd1', 'd2'], values, { 'a|p|x': 'suppressed-primary' })
    expect(protectWithHypercubes(t, 3).unprotected).toEqual([])
    const [low, high] = intervalOf(t, 'a|p|x') as number[]
    expect(high).toBeGreaterThanOrEqual(1 + 3)
    expect(low).toBe(0)
  })
})

describe('hypercubes: the first cell of a table as a corner', () => {
  // kills: protect-with-hypercubes.ts:146 EqualityOperator → corner <= 0 (the table's first
  // cell, a, taken for a missing one). b = 1 is primary, range 1: a (10) or the total (11) can
  // move with it; a is the cheaper (√10 against √22).
  it('takes the cheapest partner even when it is the first cell', () => {
    const t = gridTable('r/t', ['row'], { a: 10, b: 1 }, { b: 'suppressed-primary' })
    expect(t.cells[0]?.key).toEqual(['a'])
    expect(protectWithHypercubes(t, 1)).toEqual({ withheld: 1, unprotected: [] })
    expect(withheld(t)).toEqual(['a'])
  })
})

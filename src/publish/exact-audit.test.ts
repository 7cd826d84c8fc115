import { beforeAll, describe, expect, it } from 'vitest'
import type { Highs } from 'highs'
import { auditIntervals } from './audit-intervals.js'
import type { AuditTable } from './audit-table.js'
import { findViolations } from './find-violations.js'
import { loadHighs } from './load-highs.js'
import { gridTable as table } from '../../test/helpers/grid-table.js'
import { suppressSecondary } from './suppress-secondary.js'

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

const intervalOf = (t: AuditTable, key: string, audit: ReturnType<typeof auditIntervals>) => {
  const iv = audit.intervals.find((i) => i.table === t && t.cells[i.cell]?.key.join('|') === key)
  return iv && [iv.low, iv.high]
}

// sdcTable (R package, sdcTools/sdcTable), tests/testthat/test-simpleheuristic.R: a 4×4 table in
// which every row and every column holds at least two suppressions, yet w|b is exactly
// recoverable: rows w + x give w|a + w|b + w|c + x|a + x|c = 236, columns a + c give
// w|a + x|a + w|c + x|c = 189, so w|b = 47. One more suppression (x|b) protects it, and the
// attacker's LP then gives w|b ∈ [0, 141]. (The test sets two margins by hand that do not add
// up; sdcTable computes margins from the interior cells, and so do we.)
describe('known answer: two suppressions per line, one cell still exact (sdcTable)', () => {
  const interior = {
    'w|a': 30,
    'w|b': 47,
    'w|c': 64,
    'w|d': 89,
    'x|a': 90,
    'x|b': 124,
    'x|c': 5,
    'x|d': 31,
    'y|a': 92,
    'y|b': 100,
    'y|c': 59,
    'y|d': 85,
    'z|a': 800,
    'z|b': 991,
    'z|c': 651,
    'z|d': 685,
  }
  const primaries = Object.fromEntries(
    ['w|a', 'w|b', 'w|c', 'x|a', 'x|c', 'y|b', 'y|d', 'z|b', 'z|d'].map((k) => [
      k,
      'suppressed-primary' as const,
    ]),
  )

  it('finds w|b exactly recoverable, though every line has two suppressions', () => {
    const t = table('r/t', ['v1', 'v2'], interior, primaries)
    const audit = auditIntervals(highs, [t])
    expect(intervalOf(t, 'w|b', audit)).toEqual([47, 47])
    const violations = findViolations(audit.intervals, 1)
    expect(violations.map((v) => [t.cells[v.cell]?.key.join('|'), v.rule])).toContainEqual([
      'w|b',
      'exact-recovery',
    ])
  })

  it("with x|b also withheld, gives w|b ∈ [0, 141] as sdcTable's attack() does", () => {
    const t = table('r/t', ['v1', 'v2'], interior, { ...primaries, 'x|b': 'suppressed-secondary' })
    expect(intervalOf(t, 'w|b', auditIntervals(highs, [t]))).toEqual([0, 141])
  })

  it('secondary suppression repairs it, and the repaired table passes the audit', () => {
    const t = table('r/t', ['v1', 'v2'], interior, primaries)
    const result = suppressSecondary(highs, [t], 1)
    expect(result.violations).toEqual([])
    expect(intervalOf(t, 'w|b', result.audit)).not.toEqual([47, 47])
    // Published values are the true ones, untouched.
    for (const c of t.cells) if (c.status === 'published') expect(c.value).not.toBeNull()
  })
})

// sdcTable, tests/testthat/test-linked-tables.r: counts n of regions A, B, I, J, K, L, M, N
// (2, 2, 8, 8, 3, 3, 3, 7), published as two tables — by region within "county-1" (A, B, I, J)
// and within "small" (A, B, I, J, K, N). Cells of 3 or fewer are sensitive. Each table alone is
// safe, but their totals differ by K + N; here K, withheld in the second table, comes out exactly
// (A + B is 4 from the first, A + B + K is 7 from the second). As in sdcTable, withholding N in the
// second table protects it.
describe('known answer: linked tables, safe alone, unsafe together (sdcTable)', () => {
  const n = { A: 2, B: 2, I: 8, J: 8, K: 3, L: 3, M: 3, N: 7 }
  const pick = (names: readonly (keyof typeof n)[]) =>
    Object.fromEntries(names.map((k) => [k, n[k]]))
  const primaries = (names: readonly string[]) =>
    Object.fromEntries(names.map((k) => [k, 'suppressed-primary' as const]))
  const county1 = () =>
    table('first/county-1', ['region'], pick(['A', 'B', 'I', 'J']), primaries(['A', 'B']), false)
  const small = () =>
    table(
      'second/small',
      ['region'],
      pick(['A', 'B', 'I', 'J', 'K', 'N']),
      primaries(['A', 'B', 'K']),
    )

  it('each table alone passes the audit', () => {
    expect(findViolations(auditIntervals(highs, [county1()]).intervals, 2)).toEqual([])
    expect(findViolations(auditIntervals(highs, [small()]).intervals, 2)).toEqual([])
  })

  it('together, K is exactly recoverable', () => {
    const second = small()
    const audit = auditIntervals(highs, [second, county1()])
    expect(intervalOf(second, 'K', audit)).toEqual([3, 3])
    expect(findViolations(audit.intervals, 2).map((v) => v.rule)).toEqual(['exact-recovery'])
  })

  it('secondary suppression withholds N in the new table, as sdcTable does', () => {
    const second = small()
    const result = suppressSecondary(highs, [second, county1()], 2)
    expect(result.violations).toEqual([])
    expect(
      second.cells.filter((c) => c.status === 'suppressed-secondary').map((c) => c.key[0]),
    ).toEqual(['N'])
  })
})

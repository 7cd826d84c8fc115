import { describe, expect, it } from 'vitest'
import type { CellInterval } from './audit-intervals.js'
import type { AuditCell, AuditTable } from './audit-table.js'
import { findViolations } from './find-violations.js'

/** A one-dimension table of the release being made (isNew) or of an earlier one. */
function tableOf(cells: AuditCell[], isNew = true): AuditTable {
  return {
    id: 'r/t',
    release: 'r',
    table: 't',
    isNew,
    dimensions: ['country'],
    listed: { country: cells.map((c) => c.key[0] as string) },
    open: [],
    period: { from: '2026-03-01', to: '2026-04-01' },
    cells,
  }
}
const primary = (value: number | null): AuditCell => ({
  key: ['A'],
  status: 'suppressed-primary',
  value,
})
/** The attacker's interval [low, high] of a table's only cell. */
const interval = (table: AuditTable, low: number, high: number): CellInterval => ({
  table,
  cell: 0,
  low,
  high,
})
const rules = (intervals: CellInterval[], range: number) =>
  findViolations(intervals, range).map((v) => [v.rule, v.needed])

describe('findViolations: a primary cell of the release being made (true value x, range r)', () => {
  const x3 = tableOf([primary(3)])

  it('passes an interval reaching exactly x + r above and 0 below', () => {
    expect(findViolations([interval(x3, 0, 8)], 5)).toEqual([])
  })

  // kills: find-violations.ts:41 EqualityOperator (< → <=) and ArithmeticOperator (x + r → x − r).
  it('flags an interval one short of x + r: upper-protection, saying what it must reach', () => {
    expect(rules([interval(x3, 0, 7)], 5)).toEqual([
      ['upper-protection', 'an interval reaching 8 or more'],
    ])
  })

  // kills: :42 EqualityOperator (> → >=), MethodExpression (Math.max → Math.min) and the
  // arithmetic of x − r: for x = 10, r = 5 the interval must reach down to 5, and 5 is enough.
  it('passes an interval reaching down to exactly x − r, and flags one stopping above it', () => {
    const x10 = tableOf([primary(10)])
    expect(findViolations([interval(x10, 5, 15)], 5)).toEqual([])
    expect(rules([interval(x10, 6, 15)], 5)).toEqual([
      ['lower-protection', 'an interval reaching down to 5'],
    ])
  })

  // kills: Math.max(0, x − r) → x − r: counts are not negative, so 0 is as low as it needs to go.
  it('asks no lower than 0 when x − r is negative', () => {
    expect(rules([interval(x3, 1, 8)], 5)).toEqual([
      ['lower-protection', 'an interval reaching down to 0'],
    ])
  })

  // One violation per cell: a cell short both ways is reported for its upper side.
  it('reports a cell short of both bounds once, as upper-protection', () => {
    expect(rules([interval(x3, 1, 7)], 5)).toEqual([
      ['upper-protection', 'an interval reaching 8 or more'],
    ])
  })

  // kills: :31 EqualityOperator (< 1 → <= 1) and the BlockStatement/continue of :31-34: a cell
  // pinned to one value is reported once, as exactly recoverable.
  it('reports a cell pinned to one value as exactly recoverable, and only that', () => {
    const violations = findViolations([interval(x3, 3, 3)], 5)
    expect(violations).toEqual([
      {
        ...interval(x3, 3, 3),
        rule: 'exact-recovery',
        needed: 'a withheld figure must not be recomputable from the published ones',
      },
    ])
  })

  // A new table's primary cell whose true value is not known is held to the width rule.
  it('holds a cell without a true value to the width rule', () => {
    const unknown = tableOf([primary(null)])
    expect(findViolations([interval(unknown, 2, 7)], 5)).toEqual([])
    expect(rules([interval(unknown, 2, 6)], 5)).toEqual([
      ['protection-width', 'an interval at least 5 wide (the protection range)'],
    ])
  })
})

describe('findViolations: a primary cell of an earlier release (true value not kept)', () => {
  // Its value is the one the earlier release held back; the audit only sees that it is withheld.
  const earlier = tableOf([primary(3)], false)

  // kills: :35 ConditionalExpression / LogicalOperator (an earlier table judged against x), :36
  // EqualityOperator (< → <=): a width of exactly r is enough, r − 1 is not.
  it('passes an interval exactly r wide anywhere, and flags one r − 1 wide', () => {
    expect(findViolations([interval(earlier, 10, 15)], 5)).toEqual([])
    expect(rules([interval(earlier, 10, 14)], 5)).toEqual([
      ['protection-width', 'an interval at least 5 wide (the protection range)'],
    ])
  })

  // kills: :31 EqualityOperator (< 1 → <= 1): two possible values are not an exact recovery.
  it('does not call an interval of width 1 exactly recoverable', () => {
    expect(findViolations([interval(earlier, 4, 5)], 1)).toEqual([])
    expect(rules([interval(earlier, 4, 4)], 1)).toEqual([
      ['exact-recovery', 'a withheld figure must not be recomputable from the published ones'],
    ])
  })
})

describe('findViolations: cells that are not sensitive', () => {
  // kills: :28 ConditionalExpression → false / EqualityOperator: secondary cells hold enough
  // visitors, published ones are public.
  it('never flags a secondary or a published cell, however narrow its interval', () => {
    const secondary = tableOf([{ key: ['A'], status: 'suppressed-secondary', value: 3 }])
    const published = tableOf([{ key: ['A'], status: 'published', value: 3 }])
    expect(findViolations([interval(secondary, 3, 3), interval(published, 3, 3)], 5)).toEqual([])
  })

  it('checks every interval given, in order', () => {
    const a = tableOf([primary(3)])
    const b = tableOf([primary(10)], false)
    expect(
      findViolations([interval(a, 3, 3), interval(b, 0, 100), interval(b, 0, 1)], 5).map((v) => [
        v.table,
        v.rule,
      ]),
    ).toEqual([
      [a, 'exact-recovery'],
      [b, 'protection-width'],
    ])
  })
})

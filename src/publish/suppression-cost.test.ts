import { describe, expect, it } from 'vitest'
import { suppressionCost } from './suppression-cost.js'

/**
 * The price secondary suppression pays for withholding a published cell: which cells it gives up
 * to protect a small one. The rule is the documented one, so that a reader of a release can tell
 * why a total survived where an inner cell was withheld.
 */
describe('suppressionCost', () => {
  // kills: suppression-cost.ts:14 (the margins not counted: the filter's test → true / false,
  // `key` itself, the arrow) and :15 `*` … `(1 + margins)`.
  it('counts a margin once more per total it holds: totals are what readers use most', () => {
    expect(suppressionCost(['FR', 'mobile'], 9)).toBe(3)
    expect(suppressionCost(['FR', '*'], 8)).toBe(4)
    expect(suppressionCost(['*', '*'], 12)).toBe(6)
  })

  // kills: suppression-cost.ts:15 `value === 0 ? 0.5 : 0` → true / false, `!==`, and `+` → `-`.
  it('prices a zero a little above nothing, and an unknown value at nothing', () => {
    expect(suppressionCost(['FR', 'mobile'], 0)).toBe(Math.sqrt(0.5))
    expect(suppressionCost(['FR', '*'], 0)).toBe(1)
    expect(suppressionCost(['FR', 'mobile'], null)).toBe(0)
    expect(suppressionCost(['FR', 'mobile'], 2)).toBe(Math.sqrt(2))
  })

  it('weighs the number of cells against their size: two cells of 1 cost less than one of 9', () => {
    const key = ['FR', 'mobile']
    expect(2 * suppressionCost(key, 1)).toBeLessThan(suppressionCost(key, 9))
    expect(suppressionCost(key, 4)).toBeLessThan(4 * suppressionCost(key, 1))
  })
})

import { describe, expect, it } from 'vitest'
import { pairedRatio } from './paired-ratio.js'

describe('pairedRatio', () => {
  it('takes the median of the ratios of each pair', () => {
    // The medians alone (12 / 30) would say 0.4; every pair says 0.5 or close.
    expect(pairedRatio([10, 40, 12], [20, 80, 30])).toBe(0.5)
  })
  it('refuses runs that do not pair', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/pair each run/)
  })
})

import { describe, expect, it } from 'vitest'
import { formatRatioValue } from './format-figures.js'

describe('formatRatioValue', () => {
  it('keeps two significant digits below 0.1, two decimals up to 10, fewer above', () => {
    expect(formatRatioValue(0.0035)).toBe('0.0035')
    expect(formatRatioValue(0.04361)).toBe('0.044')
    expect(formatRatioValue(0)).toBe('0.00')
    expect(formatRatioValue(0.333)).toBe('0.33')
    expect(formatRatioValue(12.34)).toBe('12.3')
    expect(formatRatioValue(284.2)).toBe('284')
  })
})

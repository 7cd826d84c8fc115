import { describe, expect, it } from 'vitest'
import { summarize } from './summarize.js'

describe('summarize', () => {
  it('takes the middle value of an odd count and the spread', () => {
    expect(summarize([30, 10, 12])).toEqual({ median: 12, min: 10, max: 30, runs: 3 })
  })
  it('takes the mean of the two middle values of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, runs: 4 })
  })
  it('refuses no samples and non-finite ones', () => {
    expect(() => summarize([])).toThrow(/no samples/)
    expect(() => summarize([1, Number.NaN])).toThrow(/finite/)
  })
})

import { describe, expect, it } from 'vitest'
import { isqrt, toRational } from './rational.js'

describe('toRational', () => {
  it.each([
    [0.1, 1n, 10n],
    [0.25, 1n, 4n],
    [3, 3n, 1n],
    [1e-7, 1n, 10_000_000n],
    [1.5e-9, 3n, 2_000_000_000n],
    [1e21, 10n ** 21n, 1n],
  ])('reads %s as written', (value, num, den) => {
    expect(toRational(value)).toEqual({ num, den })
  })

  it('refuses what is not a finite number ≥ 0', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => toRational(bad)).toThrow(RangeError)
  })
})

describe('isqrt', () => {
  it('is the exact floor of the square root, also past 2^53', () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 99n, 100n]) {
      const x = isqrt(n)
      expect(x * x <= n && (x + 1n) * (x + 1n) > n, String(n)).toBe(true)
    }
    const big = (2n ** 64n + 12345n) ** 2n - 1n
    expect(isqrt(big)).toBe(2n ** 64n + 12344n)
  })
})

import { describe, expect, it } from 'vitest'
import { isqrt, reduce, toRational } from './rational.js'

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

describe('toRational, reduce and isqrt: the edges', () => {
  it('reads 0 as 0/1: a zero ε or δ is a number like any other', () => {
    expect(toRational(0)).toEqual({ num: 0n, den: 1n })
  })

  it('reads every digit of the whole part, the fraction and the exponent', () => {
    expect(toRational(12.5)).toEqual({ num: 25n, den: 2n })
    expect(toRational(123.456)).toEqual({ num: 15_432n, den: 125n })
    expect(toRational(2.5e-7)).toEqual({ num: 1n, den: 4_000_000n })
    expect(toRational(1e-10)).toEqual({ num: 1n, den: 10n ** 10n })
    expect(toRational(1.25e22)).toEqual({ num: 125n * 10n ** 20n, den: 1n })
  })

  it('names the value it refuses', () => {
    expect(() => toRational(-1)).toThrow(new RangeError('expected a finite number ≥ 0, got -1'))
    expect(() => toRational(Number.NaN)).toThrow(
      new RangeError('expected a finite number ≥ 0, got NaN'),
    )
  })

  it('reduce keeps the sign on the numerator and the denominator positive', () => {
    expect(reduce({ num: 6n, den: 4n })).toEqual({ num: 3n, den: 2n })
    expect(reduce({ num: -6n, den: 4n })).toEqual({ num: -3n, den: 2n })
    expect(reduce({ num: 0n, den: 7n })).toEqual({ num: 0n, den: 1n })
  })

  // A double's square root is off by about 10^84 here: Newton's steps are what make it exact.
  it('is exact far past 2^53, where the double is far off (10^100 + 7, squared)', () => {
    const k = 10n ** 100n + 7n
    expect(isqrt(k * k)).toBe(k)
    expect(isqrt(k * k - 1n)).toBe(k - 1n)
    expect(isqrt(k * k + 2n * k)).toBe(k)
  })

  // The double's square root of (2^53 + 3)² rounds to 2^53 + 2, one short of the root.
  it('is exact on a perfect square whose double square root falls one short', () => {
    const k = 2n ** 53n + 3n
    expect(isqrt(k * k)).toBe(k)
    expect(isqrt(k * k - 1n)).toBe(k - 1n)
  })

  // A double's square root of 3^300 − 1 is about 10^55 below the root, and past 2^1024 there is
  // no double at all: a start from a double's estimate never ends on either (or throws).
  it('ends, exact, where a double is far below the root or cannot hold the number', () => {
    const k = 3n ** 150n
    expect(isqrt(k * k - 1n)).toBe(k - 1n)
    expect(isqrt(k * k)).toBe(k)
    const huge = 2n ** 1100n + 12345n
    expect(isqrt(huge * huge + huge)).toBe(huge)
  })

  // Every n up to 2^12 against the definition: the root's square fits, the next one's does not.
  it('is the largest whole number whose square is at most n, for every small n', () => {
    for (let n = 0n; n < 4096n; n++) {
      const x = isqrt(n)
      expect(x * x <= n && (x + 1n) * (x + 1n) > n).toBe(true)
    }
  })

  it('refuses a negative number', () => {
    expect(() => isqrt(-1n)).toThrow(new RangeError('isqrt of a negative number'))
  })
})

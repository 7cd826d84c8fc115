import { describe, expect, it } from 'vitest'
import { chiSquare } from '../../test/helpers/chi-square.js'
import { createCryptoRandom } from './random-source.js'

// Every sampler of publish/ trusts below(n) to be uniform on [0, n): a value out of range or a
// biased one moves every noise distribution. These tests read the source as the samplers do,
// through below() only, on the real operating-system CSPRNG.
// The source is the real CSPRNG, which takes no seed: at the 1-in-1,000 significance of the seeded
// sampler tests, these six checks would fail a correct source in about one run of 170. At 10^-6 a
// correct source fails once in ~170,000 runs, and a broken one (all zeros, a skipped byte, a
// wrong mask) still gives a p-value of practically 0.
const SIGNIFICANCE = 1e-6
const uniform = (n: number) => (z: number) => (z >= 0 && z < n ? 1 / n : 0)
const draws = (n: bigint, count: number): bigint[] => {
  const random = createCryptoRandom()
  return Array.from({ length: count }, () => random.below(n))
}

describe('createCryptoRandom().below(n)', () => {
  it.each([
    // 3: two bits, one value in four rejected; 6: three bits; 256: exactly one byte, none
    // rejected; 257: two bytes, masked to nine bits.
    [3n],
    [6n],
    [256n],
    [257n],
  ])('is uniform on [0, %s)', (n) => {
    const values = draws(n, 12_000)
    expect(values.every((x) => x >= 0n && x < n)).toBe(true)
    expect(new Set(values).size).toBe(Number(n))
    const result = chiSquare(values, uniform(Number(n)))
    expect(result.pValue, JSON.stringify(result)).toBeGreaterThan(SIGNIFICANCE)
  })

  it('is uniform for a bound of many bytes (3·2^60: the top bits fall in thirds)', () => {
    const n = 3n << 60n
    const values = draws(n, 6_000)
    expect(values.every((x) => x >= 0n && x < n)).toBe(true)
    const result = chiSquare(
      values.map((x) => x >> 60n),
      uniform(3),
    )
    expect(result.pValue, JSON.stringify(result)).toBeGreaterThan(SIGNIFICANCE)
  })

  // The pool holds 16 KiB: 40,000 one-byte draws refill it twice, and each refill brings new bytes.
  it('keeps drawing past its pool of bytes', () => {
    const values = draws(256n, 40_000)
    const lastThird = values.slice(-10_000)
    expect(new Set(lastThird).size).toBe(256)
    const result = chiSquare(lastThird, uniform(256))
    expect(result.pValue, JSON.stringify(result)).toBeGreaterThan(SIGNIFICANCE)
  })

  it('answers 0 for a bound of 1, and refuses a bound below 1 with its value', () => {
    const random = createCryptoRandom()
    expect(random.below(1n)).toBe(0n)
    expect(() => random.below(0n)).toThrow(new RangeError('below(n) needs n ≥ 1, got 0'))
    expect(() => random.below(-5n)).toThrow(new RangeError('below(n) needs n ≥ 1, got -5'))
  })
})

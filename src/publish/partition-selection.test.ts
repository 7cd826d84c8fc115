import { describe, expect, it } from 'vitest'
import { scriptedRandom } from '../../test/helpers/scripted-random.js'
import { keepPartition, keepProbability } from './partition-selection.js'
import { createCryptoRandom } from './random-source.js'

describe('keepProbability (truncated geometric partition selection)', () => {
  // Known answers from Google's differential-privacy library, cc/algorithms/partition-selection_test.cc
  // (PreaggPartitionSelection*: "values calculated with formula"), ε = 0.5, δ = 0.02, one partition.
  it('matches the C++ library: ε 0.5, δ 0.02', () => {
    const keep = keepProbability(0.5, 0.02, 1)
    expect(keep(0)).toBe(0)
    expect(keep(1)).toBeCloseTo(0.02, 12)
    expect(keep(6)).toBeCloseTo(0.58840484458, 9)
    expect(keep(8)).toBeCloseTo(0.86807080625, 9)
    expect(keep(15)).toBe(1) // "so large that this partition is always kept"
  })

  it('matches the C++ library for a tiny ε: about n·δ', () => {
    expect(keepProbability(1e-20, 0.02, 1)(6)).toBeCloseTo(0.12, 9)
    expect(keepProbability(1e-20, 0.15, 1)(3)).toBeCloseTo(0.45, 9)
    expect(keepProbability(1e-20, 0.02, 1)(40)).toBeCloseTo(0.8, 9)
  })

  // PyDP (OpenMined's Python wrapper of the same library), tests/algorithms/test_partition_selection.py.
  it('matches PyDP, including the split over several partitions per user', () => {
    expect(keepProbability(1, 1e-5, 1)(10)).toBeCloseTo(0.12818308050524607, 12)
    expect(keepProbability(0.2, 1e-7, 10)(700)).toBeCloseTo(0.5800625857189882, 12)
  })

  it('satisfies the (ε, δ) constraints between neighbours, for every n', () => {
    const [epsilon, delta] = [0.3, 1e-6]
    const keep = keepProbability(epsilon, delta, 1)
    for (let n = 1; n < 400; n++) {
      const [a, b] = [keep(n - 1), keep(n)]
      expect(b).toBeLessThanOrEqual(Math.exp(epsilon) * a + delta + 1e-15)
      expect(1 - a).toBeLessThanOrEqual(Math.exp(epsilon) * (1 - b) + delta + 1e-15)
    }
  })
})

describe('keepPartition', () => {
  it('keeps with the given probability', () => {
    const random = createCryptoRandom()
    let kept = 0
    const n = 20_000
    for (let i = 0; i < n; i++) if (keepPartition(0.3, random)) kept++
    // 4.5 standard deviations: fails about once in 150,000 runs.
    expect(Math.abs(kept - 0.3 * n)).toBeLessThan(4.5 * Math.sqrt(n * 0.3 * 0.7))
    expect(keepPartition(0, random)).toBe(false)
    expect(keepPartition(1, random)).toBe(true)
  })
})

describe('keepPartition: the exact coin', () => {
  // 0.3·2^53 = 2702159776422297.5: the coin is ⌊p·2^53⌋ / 2^53, rounded down as its comment
  // promises, so the draw 2702159776422297 of [0, 2^53) is the first that drops the partition.
  // kills: partition-selection.ts:50 Math.floor → Math.ceil
  it('keeps on the ⌊p·2^53⌋ lowest draws of [0, 2^53), and drops on the others', () => {
    const edge = 2_702_159_776_422_297n
    const keepOn = (draw: bigint) => {
      const random = scriptedRandom([draw])
      const kept = keepPartition(0.3, random)
      expect(random.asked).toEqual([2n ** 53n])
      return kept
    }
    expect(keepOn(0n)).toBe(true)
    expect(keepOn(edge - 1n)).toBe(true)
    expect(keepOn(edge)).toBe(false)
    expect(keepOn(2n ** 53n - 1n)).toBe(false)
  })

  it('a certain answer draws nothing: p ≥ 1 keeps, p ≤ 0 drops', () => {
    const random = scriptedRandom([])
    for (const p of [1, 1.5]) expect(keepPartition(p, random)).toBe(true)
    for (const p of [0, -0.5]) expect(keepPartition(p, random)).toBe(false)
    expect(random.asked).toEqual([])
  })
})

describe('keepProbability: the edges', () => {
  it('a value seen by no unit, or by a negative count, is never kept', () => {
    const keep = keepProbability(0.5, 0.02, 1)
    expect(keep(-1)).toBe(0)
    expect(keep(0)).toBe(0)
  })

  it('once certain, stays certain for any larger count, also asked first', () => {
    const keep = keepProbability(0.5, 0.02, 1)
    expect(keep(1_000_000)).toBe(1)
    expect(keep(12)).toBe(1)
    expect(keep(11)).toBeCloseTo(0.9945134230918219, 12)
  })
})

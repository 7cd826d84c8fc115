import { describe, expect, it } from 'vitest'
import { scriptedRandom, usingAllDraws } from '../../test/helpers/scripted-random.js'
import { sampleBernoulli, sampleBernoulliExp } from './bernoulli-exp.js'
import { sampleDiscreteGaussian } from './discrete-gaussian.js'
import { sampleDiscreteLaplace } from './discrete-laplace.js'

// The exact samplers are functions of their draws (Canonne, Kamath & Steinke 2020, Algorithms
// 1–3): the same draws give the same value. samplers.test.ts measures the distributions; these
// state single runs exactly, each with every draw it takes, so that a boundary moved by one (a
// < read as <=, a rejected "−0" kept) shows as a different value or a different number of draws.
// In the comments, "coin e^−1 → 1" is the three draws 0, 0, 1 of sampleBernoulliExp(1): Bernoulli
// (1/1) succeeds, Bernoulli(1/2) succeeds, Bernoulli(1/3) fails, so K = 3 is odd; "→ 0" is 0, 1.
const ONE = [0n, 0n, 1n]
const ZERO = [0n, 1n]
const r = (num: bigint, den: bigint) => ({ num, den })

describe('sampleBernoulli: a coin of num/den, exactly', () => {
  // kills: bernoulli-exp.ts:10 EqualityOperator random.below(p.den) <= p.num
  it('lands 1 on the num lowest of den equally likely draws, and only on them', () => {
    const p = r(2n, 5n)
    const outcomes = [0n, 1n, 2n, 3n, 4n].map((x) =>
      usingAllDraws([x], (random) => sampleBernoulli(p, random)),
    )
    expect(outcomes).toEqual([true, true, false, false, false])
  })
})

describe('sampleBernoulliExp: a coin of exp(−γ), exactly', () => {
  it('γ ≤ 1: lands 1 when the first failing Bernoulli(γ/K) has an odd K', () => {
    const half = r(1n, 2n)
    // K = 1: Bernoulli(1/2) fails at once (draw 1 of [0, 2)).
    expect(usingAllDraws([1n], (random) => sampleBernoulliExp(half, random))).toBe(true)
    // K = 2: Bernoulli(1/2) succeeds (0), Bernoulli(1/4) fails (draw 1 is not below 1).
    expect(usingAllDraws([0n, 1n], (random) => sampleBernoulliExp(half, random))).toBe(false)
    // K = 3.
    expect(usingAllDraws([0n, 0n, 5n], (random) => sampleBernoulliExp(half, random))).toBe(true)
  })

  it('γ = 1 is the last value of the series trick: one exp(−1) coin', () => {
    expect(usingAllDraws(ONE, (random) => sampleBernoulliExp(r(1n, 1n), random))).toBe(true)
    expect(usingAllDraws(ZERO, (random) => sampleBernoulliExp(r(1n, 1n), random))).toBe(false)
  })

  it('γ > 1: ⌊γ⌋ coins of exp(−1), then one of exp(−(γ − ⌊γ⌋)); the first 0 ends it', () => {
    const gamma = r(7n, 3n) // 2 + 1/3
    // Two coins of e^−1 land 1, then Bernoulli(1/3) fails at once (draw 1 of [0, 3)).
    expect(usingAllDraws([...ONE, ...ONE, 1n], (random) => sampleBernoulliExp(gamma, random))).toBe(
      true,
    )
    // The same, but Bernoulli(1/3) succeeds (0) and Bernoulli(1/6) fails: K = 2.
    expect(
      usingAllDraws([...ONE, ...ONE, 0n, 5n], (random) => sampleBernoulliExp(gamma, random)),
    ).toBe(false)
    // The second coin of e^−1 lands 0: no further draw.
    expect(usingAllDraws([...ONE, ...ZERO], (random) => sampleBernoulliExp(gamma, random))).toBe(
      false,
    )
  })

  it('a whole γ spends no draw on its zero remainder… but still flips its coin', () => {
    // γ = 2: two coins of e^−1, then exp(−0/1) whose single Bernoulli(0) always fails: K = 1.
    expect(
      usingAllDraws([...ONE, ...ONE, 0n], (random) => sampleBernoulliExp(r(2n, 1n), random)),
    ).toBe(true)
  })

  it('refuses a negative γ or a zero denominator, saying so', () => {
    const random = scriptedRandom([])
    expect(() => sampleBernoulliExp(r(-1n, 2n), random)).toThrow(new RangeError('γ must be ≥ 0'))
    expect(() => sampleBernoulliExp(r(1n, 0n), random)).toThrow(new RangeError('γ must be ≥ 0'))
    expect(() => sampleBernoulliExp(r(0n, 0n), random)).toThrow(new RangeError('γ must be ≥ 0'))
  })
})

describe('sampleDiscreteLaplace: CKS20 Algorithm 2, exactly', () => {
  it('scale 1: U = 0 accepted, V counts the e^−1 coins that land 1, then the sign', () => {
    // U = 0 (one draw of [0, 1)), exp(−0/1) accepted (one draw), V = 0, sign + (0).
    expect(
      usingAllDraws([0n, 0n, ...ZERO, 0n], (random) => sampleDiscreteLaplace(r(1n, 1n), random)),
    ).toBe(0n)
    // V = 2, sign − (1): −2.
    expect(
      usingAllDraws([0n, 0n, ...ONE, ...ONE, ...ZERO, 1n], (random) =>
        sampleDiscreteLaplace(r(1n, 1n), random),
      ),
    ).toBe(-2n)
  })

  it('rejects "−0" and draws again, so that 0 is not counted twice', () => {
    const minusZeroThenPlusOne = [0n, 0n, ...ZERO, 1n, 0n, 0n, ...ONE, ...ZERO, 0n]
    expect(
      usingAllDraws(minusZeroThenPlusOne, (random) => sampleDiscreteLaplace(r(1n, 1n), random)),
    ).toBe(1n)
    // A plain +0 is kept.
    expect(
      usingAllDraws([0n, 0n, ...ZERO, 0n], (random) => sampleDiscreteLaplace(r(1n, 1n), random)),
    ).toBe(0n)
  })

  it('scale t/s: (U + t·V) / s, rounded down; a U rejected by its exp(−U/t) coin draws again', () => {
    // Scale 2/3: U = 1 (of [0, 2)), exp(−1/2) accepted at K = 1 (draw 1 of [0, 2)), V = 1,
    // (1 + 2·1) / 3 = 1, sign +.
    expect(
      usingAllDraws([1n, 1n, ...ONE, ...ZERO, 0n], (random) =>
        sampleDiscreteLaplace(r(2n, 3n), random),
      ),
    ).toBe(1n)
    // Scale 5/1: U = 3, exp(−3/5) rejected (K = 2: draws 0 of [0, 5), 9 of [0, 10)); then
    // U = 4, accepted at K = 1 (draw 4 of [0, 5)), V = 1: 4 + 5 = 9, sign −.
    expect(
      usingAllDraws([3n, 0n, 9n, 4n, 4n, ...ONE, ...ZERO, 1n], (random) =>
        sampleDiscreteLaplace(r(5n, 1n), random),
      ),
    ).toBe(-9n)
  })

  it('refuses a scale that is not > 0, saying so', () => {
    const random = scriptedRandom([])
    for (const scale of [r(0n, 1n), r(1n, 0n), r(-1n, 1n), r(1n, -1n)])
      expect(() => sampleDiscreteLaplace(scale, random)).toThrow(
        new RangeError('the scale must be > 0'),
      )
  })
})

describe('sampleDiscreteGaussian: CKS20 Algorithm 3, exactly', () => {
  it('σ² = 1: a Laplace of scale t = ⌊σ⌋ + 1 = 2, kept with exp(−(|Y|·t − σ²)²/(2σ²t²))', () => {
    // Y = 1 (U = 1 accepted at K = 1, V = 0, sign +); d = 1·1·2 − 1 = 1, γ = 1/8: its first
    // Bernoulli(1/8) is a draw of [0, 8), and 7 fails it, so K = 1 and Y is kept. (A coin of
    // 1/(2σ²t), one t short, would draw from [0, 4).)
    // kills: discrete-gaussian.ts:24 ArithmeticOperator 2n * num * den * t / t
    expect(
      usingAllDraws([1n, 1n, ...ZERO, 0n, 7n], (random) =>
        sampleDiscreteGaussian(r(1n, 1n), random),
      ),
    ).toBe(1n)
  })

  it('σ² = 2/7: t = 1, and the coin is the one rational (|Y|·den·t − num)² / (2·num·den·t²)', () => {
    // Y = −1 (U = 0, V = 1, sign −); d = 1·7·1 − 2 = 5, γ = 25/28: draw 25 of [0, 28) is not below
    // 25, so K = 1 and Y is kept.
    expect(
      usingAllDraws([0n, 0n, ...ONE, ...ZERO, 1n, 25n], (random) =>
        sampleDiscreteGaussian(r(2n, 7n), random),
      ),
    ).toBe(-1n)
  })

  it('a Y whose coin lands 0 is dropped and a new one drawn', () => {
    // First Y = −1 as above, but draw 24 of [0, 28) is below 25 and the next, 55 of [0, 56), is
    // not: K = 2, rejected. Then Y = 0 (U = 0, V = 0, sign +): d = −2, γ = 4/28, kept (draw 4).
    const rejected = [0n, 0n, ...ONE, ...ZERO, 1n, 24n, 55n]
    const kept = [0n, 0n, ...ZERO, 0n, 4n]
    expect(
      usingAllDraws([...rejected, ...kept], (random) => sampleDiscreteGaussian(r(2n, 7n), random)),
    ).toBe(0n)
  })

  it('refuses a σ² that is not > 0, saying so', () => {
    const random = scriptedRandom([])
    for (const sigma2 of [r(0n, 1n), r(1n, 0n), r(-4n, 1n), r(4n, -1n)])
      expect(() => sampleDiscreteGaussian(sigma2, random)).toThrow(new RangeError('σ² must be > 0'))
  })
})

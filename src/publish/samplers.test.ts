import { beforeEach, describe, expect, it } from 'vitest'
import { chiSquare, SIGNIFICANCE } from '../../test/helpers/chi-square.js'
import { seededBytes } from '../../test/helpers/seeded-bytes.js'
import { sampleBernoulliExp } from './bernoulli-exp.js'
import { sampleDiscreteGaussian } from './discrete-gaussian.js'
import { sampleDiscreteLaplace } from './discrete-laplace.js'
import { createCryptoRandom } from './random-source.js'
import type { Rational } from './rational.js'

// Each test draws N values and compares them with the exact distribution (Canonne, Kamath &
// Steinke 2020 give both pmfs); 40,000 draws keep each test to about a second and detect a 10%
// error in the scale (the "wrong scale" tests below). The bytes are a fixed keystream, one per
// test (seeded by its name, so that it does not depend on which tests ran before it), so that a
// correct sampler passes at every run (the source itself is tested on the real CSPRNG in
// random-source.test.ts) and a broken one fails at every run. A correct sampler still fails one
// seed in a thousand per test: the seed `${name}` alone did for γ = 7/3 (p = 0.0006; a million
// CSPRNG draws gave z = 0.66, no bias), hence the `samplers: ` prefix.
const N = 40_000
let random = createCryptoRandom(seededBytes(''))
beforeEach(() => {
  random = createCryptoRandom(seededBytes(`samplers: ${expect.getState().currentTestName}`))
})
const draw = (f: () => bigint): bigint[] => Array.from({ length: N }, f)

/** Discrete Laplace of scale b: (1 − p)/(1 + p) · p^|z|, p = e^(−1/b). */
const laplacePmf = (b: number) => (z: number) => {
  const p = Math.exp(-1 / b)
  return ((1 - p) / (1 + p)) * p ** Math.abs(z)
}

/** Discrete Gaussian of variance parameter σ², normalised over ±60σ (the rest is < 1e−300). */
const gaussianPmf = (sigma2: number) => {
  const w = (z: number) => Math.exp(-(z * z) / (2 * sigma2))
  let total = 0
  const reach = Math.ceil(60 * Math.sqrt(sigma2))
  for (let z = -reach; z <= reach; z++) total += w(z)
  return (z: number) => w(z) / total
}

const r = (num: bigint, den: bigint): Rational => ({ num, den })

describe('sampleBernoulliExp (CKS20 Algorithm 1)', () => {
  it.each([
    ['γ = 0', r(0n, 1n), 1],
    ['γ = 1/3', r(1n, 3n), Math.exp(-1 / 3)],
    ['γ = 1', r(1n, 1n), Math.exp(-1)],
    ['γ = 7/3', r(7n, 3n), Math.exp(-7 / 3)],
  ])('lands 1 with probability exp(−γ): %s', (_, gamma, p) => {
    let ones = 0
    for (let i = 0; i < N; i++) if (sampleBernoulliExp(gamma, random)) ones++
    if (p === 1) return expect(ones).toBe(N)
    // Two bins, one degree of freedom.
    const stat = (ones - N * p) ** 2 / (N * p) + (N - ones - N * (1 - p)) ** 2 / (N * (1 - p))
    expect(stat, `${ones} ones for ${N * p} expected`).toBeLessThan(10.83) // χ²₁ at 0.001
  })
})

describe('sampleDiscreteLaplace (CKS20 Algorithm 2)', () => {
  it.each([
    ['scale 1', r(1n, 1n), 1],
    ['scale 2/3', r(2n, 3n), 2 / 3],
    ['scale 4', r(4n, 1n), 4],
    ['scale 12.5 (Δ 5, ε 0.4)', r(25n, 2n), 12.5],
  ])('matches the exact distribution: %s', (_, scale, b) => {
    const result = chiSquare(
      draw(() => sampleDiscreteLaplace(scale, random)),
      laplacePmf(b),
    )
    expect(result.pValue, JSON.stringify(result)).toBeGreaterThan(SIGNIFICANCE)
  })

  it('the test has power: draws of scale 4 do not pass for scale 4.4', () => {
    const result = chiSquare(
      draw(() => sampleDiscreteLaplace(r(4n, 1n), random)),
      laplacePmf(4.4),
    )
    expect(result.pValue).toBeLessThan(SIGNIFICANCE)
  })
})

describe('sampleDiscreteGaussian (CKS20 Algorithm 3)', () => {
  it.each([
    ['σ² = 1', r(1n, 1n), 1],
    ['σ² = 2/7', r(2n, 7n), 2 / 7],
    ['σ² = 30.25', r(121n, 4n), 30.25],
  ])('matches the exact distribution: %s', (_, sigma2, s2) => {
    const result = chiSquare(
      draw(() => sampleDiscreteGaussian(sigma2, random)),
      gaussianPmf(s2),
    )
    expect(result.pValue, JSON.stringify(result)).toBeGreaterThan(SIGNIFICANCE)
  })

  it('the test has power: draws of σ² = 25 do not pass for σ² = 30.25', () => {
    const result = chiSquare(
      draw(() => sampleDiscreteGaussian(r(25n, 1n), random)),
      gaussianPmf(30.25),
    )
    expect(result.pValue).toBeLessThan(SIGNIFICANCE)
  })
})

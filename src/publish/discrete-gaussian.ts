import { sampleBernoulliExp } from './bernoulli-exp.js'
import { sampleDiscreteLaplace } from './discrete-laplace.js'
import type { RandomSource } from './random-source.js'
import { isqrt } from './rational.js'
import type { Rational } from './rational.js'

/**
 * A draw of the discrete Gaussian of variance parameter σ² = num/den:
 * P[Z = z] ∝ exp(−z²/(2σ²)) over the integers. Adding it to a count of L2 sensitivity Δ is
 * ρ-zero-concentrated DP with ρ = Δ²/(2σ²). Exact, by rejection from a discrete Laplace of scale
 * t = ⌊σ⌋ + 1: Canonne, Kamath & Steinke 2020, Algorithm 3, the acceptance coin
 * exp(−(|Y| − σ²/t)²/(2σ²)) written as one rational: (|Y|·den·t − num)² / (2·num·den·t²).
 *
 * @example sampleDiscreteGaussian({ num: 25n, den: 1n }, random) // σ = 5
 */
export function sampleDiscreteGaussian(sigma2: Rational, random: RandomSource): bigint {
  const { num, den } = sigma2
  if (num <= 0n || den <= 0n) throw new RangeError('σ² must be > 0')
  const t = isqrt(num / den) + 1n
  for (;;) {
    const y = sampleDiscreteLaplace({ num: t, den: 1n }, random)
    // Stryker disable next-line EqualityOperator: `y <= 0n` differs only at 0, whose negation is 0 (the mark also hides `y >= 0n`, which the scripted draws of samplers-scripted.test.ts kill)
    const abs = y < 0n ? -y : y
    const d = abs * den * t - num
    if (sampleBernoulliExp({ num: d * d, den: 2n * num * den * t * t }, random)) return y
  }
}

import { sampleBernoulliExp } from './bernoulli-exp.js'
import type { RandomSource } from './random-source.js'
import type { Rational } from './rational.js'

/**
 * A draw of the discrete Laplace distribution of the given scale b = num/den:
 * P[Z = z] = (1 − p)/(1 + p) · p^|z| with p = exp(−1/b). Adding it to a count of L1 sensitivity
 * Δ with b = Δ/ε is ε-differentially private. Exact, on whole numbers only: Canonne, Kamath &
 * Steinke 2020, Algorithm 2 (with t = num, s = den: a uniform remainder U < t accepted with
 * probability exp(−U/t), plus t times a geometric count of exp(−1) coins, divided by s, then a
 * sign, rejecting "−0").
 *
 * @example sampleDiscreteLaplace({ num: 2n, den: 1n }, random) // scale 2: 0, ±1, ±2 … most likely 0
 */
export function sampleDiscreteLaplace(scale: Rational, random: RandomSource): bigint {
  const t = scale.num
  const s = scale.den
  if (t <= 0n || s <= 0n) throw new RangeError('the scale must be > 0')
  for (;;) {
    const u = random.below(t)
    if (!sampleBernoulliExp({ num: u, den: t }, random)) continue
    let v = 0n
    while (sampleBernoulliExp({ num: 1n, den: 1n }, random)) v += 1n
    const y = (u + t * v) / s
    const negative = random.below(2n) === 1n
    if (negative && y === 0n) continue
    return negative ? -y : y
  }
}

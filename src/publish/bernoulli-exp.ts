import type { RandomSource } from './random-source.js'
import type { Rational } from './rational.js'

/**
 * A coin that lands 1 with probability num/den exactly.
 *
 * @example sampleBernoulli({ num: 1n, den: 3n }, random) // true one time in three
 */
export function sampleBernoulli(p: Rational, random: RandomSource): boolean {
  return random.below(p.den) < p.num
}

/**
 * A coin that lands 1 with probability exp(−γ) exactly, for a rational γ ≥ 0, with no
 * floating-point step: Canonne, Kamath & Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020), Algorithm 1. For γ ≤ 1 it runs von Neumann's series trick (the parity
 * of the first K where a Bernoulli(γ/K) fails); for γ > 1 it multiplies ⌊γ⌋ coins of exp(−1) and
 * one of exp(−(γ − ⌊γ⌋)).
 *
 * @example sampleBernoulliExp({ num: 1n, den: 2n }, random) // true with probability e^(−1/2)
 */
export function sampleBernoulliExp(gamma: Rational, random: RandomSource): boolean {
  const { num, den } = gamma
  if (num < 0n || den <= 0n) throw new RangeError('γ must be ≥ 0')
  if (num <= den) {
    let k = 1n
    while (random.below(den * k) < num) k += 1n
    return k % 2n === 1n
  }
  const whole = num / den
  for (let i = 0n; i < whole; i++) {
    if (!sampleBernoulliExp({ num: 1n, den: 1n }, random)) return false
  }
  return sampleBernoulliExp({ num: num - whole * den, den }, random)
}

import { sampleDiscreteGaussian } from './discrete-gaussian.js'
import { sampleDiscreteLaplace } from './discrete-laplace.js'
import type { RandomSource } from './random-source.js'
import { reduce, toRational } from './rational.js'
import type { Rational } from './rational.js'

/** The noise added to each count of a table, calibrated to its sensitivity and budget. */
export type CountNoise =
  | { readonly kind: 'discrete-laplace'; readonly scale: Rational }
  | { readonly kind: 'discrete-gaussian'; readonly sigma2: Rational }

/**
 * Calibrates the noise of a table's counts. Each unit changes at most `cells` counts by at most
 * `perCell` each, so the L1 sensitivity is cells·perCell and the squared L2 sensitivity is
 * cells·perCell². Laplace: scale b = L1/ε, exactly (ε is read as the decimal it is written as).
 * Gaussian: ρ-zCDP with ρ = (√(ln(1/δ) + ε) − √ln(1/δ))², which implies (ε, δ)-DP (Bun & Steinke
 * 2016, Prop. 1.3), and σ² = L2²/(2ρ) rounded up to a multiple of 2^−20 — rounding up only adds
 * noise.
 *
 * @example calibrateNoise('laplace', { epsilon: 0.5, delta: 0 }, { cells: 4, perCell: 2 })
 * // { kind: 'discrete-laplace', scale: { num: 16n, den: 1n } }
 */
export function calibrateNoise(
  kind: 'laplace' | 'gaussian',
  budget: { readonly epsilon: number; readonly delta: number },
  sensitivity: { readonly cells: number; readonly perCell: number },
): CountNoise {
  const l1 = BigInt(sensitivity.cells * sensitivity.perCell)
  if (kind === 'laplace') {
    const e = toRational(budget.epsilon)
    return { kind: 'discrete-laplace', scale: reduce({ num: l1 * e.den, den: e.num }) }
  }
  if (!(budget.delta > 0)) throw new RangeError('Gaussian noise needs δ > 0')
  const log = Math.log(1 / budget.delta)
  const rho = (Math.sqrt(log + budget.epsilon) - Math.sqrt(log)) ** 2
  const l2sq = sensitivity.cells * sensitivity.perCell ** 2
  const sigma2 = (l2sq / (2 * rho)) * (1 + 1e-9)
  const den = 2n ** 20n
  return {
    kind: 'discrete-gaussian',
    sigma2: reduce({ num: BigInt(Math.ceil(sigma2 * 2 ** 20)), den }),
  }
}

/** @example count + Number(sampleNoise(noise, random)) */
export function sampleNoise(noise: CountNoise, random: RandomSource): bigint {
  return noise.kind === 'discrete-laplace'
    ? sampleDiscreteLaplace(noise.scale, random)
    : sampleDiscreteGaussian(noise.sigma2, random)
}

/**
 * The smallest w such that the noise lies in [−w, w] with probability at least 95%: a published
 * value ± w is a 95% interval around the bounded count. Computed from the parameters only.
 *
 * @example noiseMargin({ kind: 'discrete-laplace', scale: { num: 1n, den: 1n } }) // 3
 */
export function noiseMargin(noise: CountNoise): number {
  if (noise.kind === 'discrete-laplace') {
    const p = Math.exp(-Number(noise.scale.den) / Number(noise.scale.num))
    // P(|Z| > w) = 2·p^(w+1)/(1 + p)
    let w = 0
    while ((2 * p ** (w + 1)) / (1 + p) > 0.05) w++
    return w
  }
  const sigma = Math.sqrt(Number(noise.sigma2.num) / Number(noise.sigma2.den))
  return Math.ceil(1.96 * sigma)
}

/** The noise parameter as a fraction, for the sidecar: 'b = 16', 'σ² = 1234567/1048576'. */
export function formatNoiseParameter(noise: CountNoise): string {
  const r = noise.kind === 'discrete-laplace' ? noise.scale : noise.sigma2
  const name = noise.kind === 'discrete-laplace' ? 'b' : 'σ²'
  return `${name} = ${r.num}${r.den === 1n ? '' : `/${r.den}`}`
}

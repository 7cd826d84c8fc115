import { jStat } from 'jstat'

/** The significance every statistical test of publish/ uses: a correct sampler fails 1 run in 1,000. */
export const SIGNIFICANCE = 0.001

/** The result of a goodness-of-fit test. */
export interface ChiSquare {
  readonly statistic: number
  readonly degreesOfFreedom: number
  readonly pValue: number
}

/**
 * Pearson's chi-square goodness-of-fit test of observed integer draws against an exact
 * probability mass function. Values whose expected count is below 5 are pooled into the two
 * tails, the usual validity condition of the test.
 *
 * @example chiSquare(draws, (z) => pmf(z)).pValue > SIGNIFICANCE
 */
export function chiSquare(draws: readonly bigint[], pmf: (z: number) => number): ChiSquare {
  const n = draws.length
  const counts = new Map<number, number>()
  for (const d of draws) counts.set(Number(d), (counts.get(Number(d)) ?? 0) + 1)
  // The central run of values each expected at least 5 times.
  let lo = 0
  let hi = 0
  while (n * pmf(lo - 1) >= 5) lo--
  while (n * pmf(hi + 1) >= 5) hi++
  let statistic = 0
  let inside = 0
  for (let z = lo; z <= hi; z++) {
    const expected = n * pmf(z)
    inside += pmf(z)
    const observed = counts.get(z) ?? 0
    statistic += (observed - expected) ** 2 / expected
  }
  // Both tails pooled into one bin: its probability is what the centre leaves.
  const tailExpected = n * (1 - inside)
  let tailObserved = 0
  for (const [z, c] of counts) if (z < lo || z > hi) tailObserved += c
  let bins = hi - lo + 1
  if (tailExpected >= 5) {
    statistic += (tailObserved - tailExpected) ** 2 / tailExpected
    bins++
  } else if (tailObserved > 20) {
    // A tail this heavy where almost nothing is expected: the sampler is wrong.
    statistic = Number.POSITIVE_INFINITY
  }
  const degreesOfFreedom = bins - 1
  return {
    statistic,
    degreesOfFreedom,
    pValue: 1 - jStat.chisquare.cdf(statistic, degreesOfFreedom),
  }
}

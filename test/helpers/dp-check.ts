/**
 * How far the statistical DP check's confidence bounds reach: 5 standard errors, so that its
 * ~600 events together raise a false alarm on a correct mechanism about once in 5,000 runs.
 */
const Z = 5

/** The worst event the check found, and whether it breaks (ε, δ)-DP beyond sampling error. */
export interface DpCheck {
  readonly violated: boolean
  /** The largest lower-bound ratio P[A ∈ S] / P[B ∈ S] seen (∞ when B's upper bound is 0). */
  readonly worstRatio: number
  readonly worstEvent: string
}

/**
 * An approximate-DP test on neighbouring datasets, in the spirit of the statistical testers of
 * Google's differential-privacy library (and Ding et al., "Detecting violations of differential
 * privacy", CCS 2018): draw many outputs of the mechanism on A and on B, estimate the probability
 * of a family of output events on each, and report a violation when, for some event S, even the
 * lower confidence bound of P[A ∈ S] exceeds e^ε times the upper bound of P[B ∈ S], plus δ (and the
 * other way round). Events: for every subset of the output coordinates, each coordinate minus its
 * base value at most τ, or at least τ, for τ in −4…4 — for Laplace noise on shifted counts,
 * "every shifted coordinate at or below its base" is where the privacy loss is largest.
 *
 * @example checkApproximateDp(drawsA, drawsB, [10, 3], 1, 0).violated // false for a correct mechanism
 */
export function checkApproximateDp(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  base: readonly number[],
  epsilon: number,
  delta: number,
): DpCheck {
  let worst: DpCheck = { violated: false, worstRatio: 0, worstEvent: '' }
  const dims = base.length
  for (let subset = 1; subset < 1 << dims; subset++) {
    const coords = Array.from({ length: dims }, (_, i) => i).filter((i) => subset & (1 << i))
    for (let tau = -4; tau <= 4; tau++) {
      const sign = tau >= 0 ? '+' : ''
      const events = [
        [
          `coords ${coords.join(',')} ≤ base ${sign}${tau}`,
          (v: readonly number[]) =>
            coords.every((i) => (v[i] as number) - (base[i] as number) <= tau),
        ],
        [
          `coords ${coords.join(',')} ≥ base ${sign}${tau}`,
          (v: readonly number[]) =>
            coords.every((i) => (v[i] as number) - (base[i] as number) >= tau),
        ],
      ] as const
      for (const [name, inS] of events) {
        const pa = a.filter(inS).length / a.length
        const pb = b.filter(inS).length / b.length
        for (const [p, q, n, m, dir] of [
          [pa, pb, a.length, b.length, 'A/B'],
          [pb, pa, b.length, a.length, 'B/A'],
        ] as const) {
          const low = p - Z * Math.sqrt((p * (1 - p)) / n) - 1 / n
          const high = q + Z * Math.sqrt((q * (1 - q)) / m) + 1 / m
          const ratio = high <= 0 ? Number.POSITIVE_INFINITY : low / high
          const violated = low > Math.exp(epsilon) * high + delta
          if (violated || ratio > worst.worstRatio)
            worst = {
              violated: worst.violated || violated,
              worstRatio: Math.max(ratio, worst.worstRatio),
              worstEvent: `${dir}: ${name}`,
            }
        }
      }
    }
  }
  return worst
}

import { sampleBernoulli } from './bernoulli-exp.js'
import type { RandomSource } from './random-source.js'

/**
 * The probability of publishing a value of an open dimension (a page, a referrer) seen by n
 * units, each unit in at most `maxPartitions` of them: the optimal (ε, δ)-DP partition selection
 * of Desfontaines, Voss, Gipson & Mandayam, "Differentially private partition selection" (PoPETs
 * 2022) — the "truncated geometric" rule of Google's differential-privacy library. π(0) = 0 and
 * π(n) = min(e^ε·π(n−1) + δ, 1 − e^(−ε)·(1 − δ − π(n−1)), 1), each per-partition ε and δ being
 * the table's split over `maxPartitions` (ε/C, and 1 − (1 − δ)^(1/C), as that library does).
 * A value nobody saw is never published: its name could not come from the data.
 *
 * @example
 * const keep = keepProbability(0.5, 0.02, 1)
 * keep(1) // 0.02 — one person's page is published with probability δ
 * keep(15) // 1
 */
export function keepProbability(
  epsilon: number,
  delta: number,
  maxPartitions: number,
): (units: number) => number {
  const e = epsilon / maxPartitions
  const d = -Math.expm1(Math.log1p(-delta) / maxPartitions)
  const table = [0]
  return (units: number): number => {
    // Stryker disable next-line EqualityOperator: `units < 0` differs only at 0, where table[0] answers the same 0 (the mark also hides `units > 0`, which every keep(n ≥ 1) kills)
    if (units <= 0) return 0
    while (table.length <= units) {
      const previous = table[table.length - 1] as number
      // Stryker disable next-line ConditionalExpression,EqualityOperator: a cost choice only; once π reaches 1 the recurrence gives min(e^ε + d, 1 + e^(−ε)·d, 1) = 1 for every larger count, so going on (`> 1`, `false`) fills the table with 1s and answers the same 1 (the mark also hides `true`, which keep(1) kills)
      if (previous >= 1) return 1
      const next = Math.min(Math.exp(e) * previous + d, 1 + Math.exp(-e) * (previous + d - 1), 1)
      table.push(next)
    }
    return table[units] as number
  }
}

const SCALE = 2n ** 53n

/**
 * Draws whether to keep a partition with probability p: an exact coin of ⌊p·2^53⌋/2^53 on the
 * crypto source — rounding down moves each probability by less than 2^−53, which adds at most
 * that much to δ.
 *
 * @example keepPartition(keep(units), random)
 */
export function keepPartition(p: number, random: RandomSource): boolean {
  if (p >= 1) return true
  if (p <= 0) return false
  return sampleBernoulli({ num: BigInt(Math.floor(p * 2 ** 53)), den: SCALE }, random)
}

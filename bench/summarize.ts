import type { Stat } from './bench-part.js'

/**
 * The median and the spread (min, max) of a figure's runs. An even count takes the mean of the
 * two middle values. No runs is a bug of the part, not a figure.
 *
 * @example summarize([12, 10, 30]) // { median: 12, min: 10, max: 30, runs: 3 }
 */
export function summarize(samples: readonly number[]): Stat {
  if (samples.length === 0) throw new RangeError('summarize: no samples')
  if (samples.some((s) => !Number.isFinite(s))) {
    throw new RangeError(`summarize: a sample is not a finite number (${samples.join(', ')})`)
  }
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length }
}

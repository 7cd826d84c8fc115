import { summarize } from './summarize.js'

/**
 * The ratio of two figures measured side by side: the median of the ratios of each pair (the
 * i-th run of one against the i-th run of the other, taken one right after the other). On a
 * shared machine a busy moment slows both runs of a pair, so their ratio keeps what the ratio
 * of the two medians would lose.
 *
 * @example pairedRatio([10, 40, 12], [20, 80, 30]) // 0.5
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new RangeError(`pairedRatio: ${a.length} runs against ${b.length}; pair each run`)
  }
  return summarize(a.map((x, i) => x / b[i]!)).median
}

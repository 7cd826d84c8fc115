import type { Goal } from './bench-part.js'

/**
 * Checks a ratio against a goal of the issue.
 *
 * @example checkGoal('Témoin ≤ ¼ of the best peer', 0.2, 'at most', 0.25).met // true
 */
export function checkGoal(
  text: string,
  ratio: number,
  direction: Goal['direction'],
  target: number,
): Goal {
  const met = direction === 'at most' ? ratio <= target : ratio >= target
  return { text, ratio, target, direction, met }
}

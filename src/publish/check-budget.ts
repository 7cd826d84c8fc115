import { AppError } from '../lib/app-error.js'
import type { Policy } from '../policy/policy-schema.js'
import type { Ledger } from './ledger.js'
import { toRational } from './rational.js'
import type { Rational } from './rational.js'
import type { WindowBudget } from './release.js'

/**
 * Checks that a DP release fits in every budget window it touches, counting what the ledger says
 * earlier releases spent — exactly, in rationals, so that 0.1 + 0.2 never slips past 0.3. Throws
 * BUDGET_EXCEEDED naming the window, what was spent, what is left and what this release needs;
 * otherwise returns each window's budget as it will be once the release is made.
 *
 * @example const windows = checkBudget(ledger, policy, ['2026-01/2026-12'], { epsilon: 0.5, delta: 0 })
 */
export function checkBudget(
  ledger: Pick<Ledger, 'spent'>,
  policy: Policy,
  windows: readonly string[],
  cost: { readonly epsilon: number; readonly delta: number },
): WindowBudget[] {
  const cap = policy.publication.budget
  return windows.map((window) => {
    const spent = ledger.spent(window)
    const epsilonAfter = add(spent.epsilon, toRational(cost.epsilon))
    const deltaAfter = add(spent.delta, toRational(cost.delta))
    const over = (after: Rational, limit: number) => compare(after, toRational(limit)) > 0
    if (over(epsilonAfter, cap.epsilon) || over(deltaAfter, cap.delta)) {
      const left = (limit: number, s: Rational) => Math.max(0, limit - toNumber(s))
      throw new AppError(
        'BUDGET_EXCEEDED',
        `the window ${window} of ${policy.sites.length === 1 ? 'the site' : 'this site'}'s data has spent ε = ${round(toNumber(spent.epsilon))}, δ = ${toNumber(spent.delta)} of its ε = ${cap.epsilon}, δ = ${cap.delta} (publication.budget); ` +
          `this release needs ε = ${cost.epsilon}, δ = ${cost.delta} but only ε = ${round(left(cap.epsilon, spent.epsilon))}, δ = ${left(cap.delta, spent.delta)} is left.`,
        { where: window },
      )
    }
    return windowBudget(window, epsilonAfter, deltaAfter, cap)
  })
}

/**
 * Each window's budget as the ledger has it now: spent by every release so far, and left (never
 * below 0, even if the policy's cap was lowered since). What a re-served release reports.
 *
 * @example budgetNow(ledger, policy, ['2026-01/2026-12']) // [{ window, epsilonSpent: 0.5, … }]
 */
export function budgetNow(
  ledger: Pick<Ledger, 'spent'>,
  policy: Policy,
  windows: readonly string[],
): WindowBudget[] {
  return windows.map((window) => {
    const spent = ledger.spent(window)
    return windowBudget(window, spent.epsilon, spent.delta, policy.publication.budget)
  })
}

function windowBudget(
  window: string,
  epsilon: Rational,
  delta: Rational,
  cap: Policy['publication']['budget'],
): WindowBudget {
  return {
    window,
    epsilonSpent: round(toNumber(epsilon)),
    deltaSpent: toNumber(delta),
    epsilonLeft: Math.max(0, round(cap.epsilon - toNumber(epsilon))),
    deltaLeft: Math.max(0, cap.delta - toNumber(delta)),
  }
}

const add = (a: Rational, b: Rational): Rational => ({
  num: a.num * b.den + b.num * a.den,
  den: a.den * b.den,
})
const compare = (a: Rational, b: Rational) => {
  const d = a.num * b.den - b.num * a.den
  if (d > 0n) return 1
  // Stryker disable next-line ConditionalExpression,EqualityOperator: only compare(…) > 0 is read, and -1 and 0 both mean "within the cap" (the -1 → +1 mutant stays, and is killed)
  return d < 0n ? -1 : 0
}
const toNumber = (r: Rational) => Number(r.num) / Number(r.den)
const round = (x: number) => Math.round(x * 1e9) / 1e9

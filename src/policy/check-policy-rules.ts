import { checkLifetimes, checkPublication, checkRetention } from './check-limits.js'
import { checkPurposes, checkRecipients } from './check-purposes.js'
import { checkSites } from './check-sites.js'
import { checkLanguages } from './check-texts.js'
import { checkDates, checkHistory } from './check-versions.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

export { CNIL_LIMITS } from './check-limits.js'

/**
 * Every rule the schema alone cannot say: the CNIL limits and the rules between keys. Takes a
 * policy that already passed the schema (defaults filled) and returns all problems, errors and
 * warnings, in the order of the file; an empty list means the policy keeps its promises.
 *
 * @example
 * checkPolicyRules({ ...policy, cookies: { lifetimeMonths: 14 } })
 * // [{ severity: 'error', key: 'cookies.lifetimeMonths', rule: 'cnil-cookie-lifetime', … }]
 */
export function checkPolicyRules(policy: Policy): PolicyProblem[] {
  return [
    ...checkDates(policy),
    ...checkLanguages(policy),
    ...checkSites(policy),
    ...checkPurposes(policy),
    ...checkLifetimes(policy),
    ...checkRetention(policy),
    ...checkRecipients(policy),
    ...checkPublication(policy),
    ...checkHistory(policy),
  ]
}

import { checkLifetimes, checkPublication, checkRetention } from './check-limits.js'
import { checkLegal } from './check-legal.js'
import { checkNotice } from './check-notice.js'
import { checkPurposes, checkRecipients } from './check-purposes.js'
import { checkSites } from './check-sites.js'
import { checkBanner, checkLanguages } from './check-texts.js'
import { checkDates, checkHistory } from './check-versions.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

export { CNIL_LIMITS } from './check-limits.js'

/** What the rules may compare the policy with. */
export interface PolicyRuleOptions {
  /** The version this policy replaces: enables the `notice-period` and `version-bump` rules. */
  readonly previous?: Policy
}

/**
 * Every rule the schema alone cannot say: the CNIL limits and the rules between keys. Takes a
 * policy that already passed the schema (defaults filled) and returns all problems, errors and
 * warnings, in the order of the file; an empty list means the policy keeps its promises. With
 * `options.previous`, also the notice period of a version that lowers confidentiality.
 *
 * @example
 * checkPolicyRules({ ...policy, cookies: { lifetimeMonths: 14 } })
 * // [{ severity: 'error', key: 'cookies.lifetimeMonths', rule: 'cnil-cookie-lifetime', … }]
 */
export function checkPolicyRules(policy: Policy, options: PolicyRuleOptions = {}): PolicyProblem[] {
  return [
    ...checkDates(policy),
    ...checkLanguages(policy),
    ...checkBanner(policy),
    ...checkSites(policy),
    ...checkPurposes(policy),
    ...checkLifetimes(policy),
    ...checkRetention(policy),
    ...checkRecipients(policy),
    ...checkPublication(policy),
    ...checkHistory(policy),
    ...checkLegal(policy),
    ...checkNotice(policy, options.previous),
  ]
}

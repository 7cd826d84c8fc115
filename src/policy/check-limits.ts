import { policyError, policyWarning } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The CNIL limits Témoin enforces, in calendar months (sources in docs/policy.md).
 *
 * @example if (policy.cookies.lifetimeMonths > CNIL_LIMITS.cookieLifetimeMonths) …
 */
export const CNIL_LIMITS = {
  /** A cookie lives at most 13 months from its first deposit, never extended by a visit. */
  cookieLifetimeMonths: 13,
  /** A consent is relied on for at most as long as the cookie that holds it. */
  consentValidityMonths: 13,
  /** A refusal is a choice too; it is remembered no longer than a consent would be. */
  refusalMonthsMax: 13,
  /** The CNIL's recommendation: remember a choice about 6 months so as not to ask again too often. */
  refusalMonthsRecommended: 6,
  /** Audience-measurement data is kept at most 25 months (condition of the exemption). */
  eventsRetentionMonths: 25,
} as const

/** Below this, a published figure describes so few people that they are easy to pick out. */
const MIN_GROUP_RECOMMENDED = 5

const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`

/**
 * How long the policy keeps a cookie, a consent and a refusal: each within the CNIL limit, and a
 * consent no longer than the cookie that holds it.
 *
 * @example
 * checkLifetimes({ ...policy, consent: { ...policy.consent, refusalMonths: 3 } })
 * // [{ severity: 'warning', key: 'consent.refusalMonths', rule: 'cnil-refusal-reask', … }]
 */
export function checkLifetimes(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const { lifetimeMonths } = policy.cookies
  const { validityMonths, refusalMonths } = policy.consent
  if (lifetimeMonths > CNIL_LIMITS.cookieLifetimeMonths) {
    problems.push(
      policyError(
        'cookies.lifetimeMonths',
        'cnil-cookie-lifetime',
        `is ${months(lifetimeMonths)}; the CNIL allows at most ${CNIL_LIMITS.cookieLifetimeMonths} months from the first deposit.`,
        `set ${CNIL_LIMITS.cookieLifetimeMonths} or less.`,
      ),
    )
  }
  if (validityMonths > CNIL_LIMITS.consentValidityMonths) {
    problems.push(
      policyError(
        'consent.validityMonths',
        'cnil-consent-validity',
        `is ${months(validityMonths)}; a consent is valid at most ${CNIL_LIMITS.consentValidityMonths} months, then it is asked again.`,
        `set ${CNIL_LIMITS.consentValidityMonths} or less.`,
      ),
    )
  } else if (validityMonths > lifetimeMonths) {
    // The choice is kept in a cookie: it disappears with the cookie, so the promise cannot hold.
    problems.push(
      policyWarning(
        'consent.validityMonths',
        'consent-outlives-cookie',
        `is ${months(validityMonths)}, longer than cookies.lifetimeMonths (${lifetimeMonths}); the choice is kept in a cookie, so it is forgotten after ${months(lifetimeMonths)}.`,
        `set consent.validityMonths to ${lifetimeMonths} or less, or raise cookies.lifetimeMonths.`,
      ),
    )
  }
  if (refusalMonths < 1 || refusalMonths > CNIL_LIMITS.refusalMonthsMax) {
    problems.push(
      policyError(
        'consent.refusalMonths',
        'cnil-refusal-validity',
        `is ${months(refusalMonths)}; a refusal is remembered between 1 and ${CNIL_LIMITS.refusalMonthsMax} months, like a consent.`,
        `set a value from 1 to ${CNIL_LIMITS.refusalMonthsMax}; the CNIL recommends ${CNIL_LIMITS.refusalMonthsRecommended}.`,
      ),
    )
  } else if (refusalMonths < CNIL_LIMITS.refusalMonthsRecommended) {
    problems.push(
      policyWarning(
        'consent.refusalMonths',
        'cnil-refusal-reask',
        `is ${months(refusalMonths)}; asking again sooner than ${CNIL_LIMITS.refusalMonthsRecommended} months after a refusal pressures visitors into accepting.`,
        `set ${CNIL_LIMITS.refusalMonthsRecommended} (the CNIL's recommendation) or more.`,
      ),
    )
  }
  return problems
}

/**
 * How long the policy keeps its data: events within the CNIL limit, consent receipts at least as
 * long as a consent is relied on.
 *
 * @example
 * checkRetention({ ...policy, retention: { ...policy.retention, eventsMonths: 26 } })
 * // [{ severity: 'error', key: 'retention.eventsMonths', rule: 'cnil-events-retention', … }]
 */
export function checkRetention(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const { eventsMonths, receiptsMonths } = policy.retention
  if (eventsMonths > CNIL_LIMITS.eventsRetentionMonths) {
    problems.push(
      policyError(
        'retention.eventsMonths',
        'cnil-events-retention',
        `is ${months(eventsMonths)}; the CNIL allows audience-measurement data to be kept at most ${CNIL_LIMITS.eventsRetentionMonths} months.`,
        `set ${CNIL_LIMITS.eventsRetentionMonths} or less.`,
      ),
    )
  }
  // A consent must be provable for as long as it is relied on.
  if (receiptsMonths < policy.consent.validityMonths) {
    problems.push(
      policyError(
        'retention.receiptsMonths',
        'receipts-cover-consent',
        `is ${months(receiptsMonths)}, shorter than consent.validityMonths (${policy.consent.validityMonths}); a consent still in use could no longer be proven.`,
        `set ${policy.consent.validityMonths} or more.`,
      ),
    )
  }
  return problems
}

/**
 * The smallest group a published figure may describe: an error below 2, a warning below
 * {@link MIN_GROUP_RECOMMENDED}.
 *
 * @example
 * checkPublication({ ...policy, publication: { minGroupSize: 3 } })
 * // [{ severity: 'warning', key: 'publication.minGroupSize', rule: 'publication-min-group', … }]
 */
export function checkPublication(policy: Policy): PolicyProblem[] {
  const { minGroupSize } = policy.publication
  if (minGroupSize < 2) {
    return [
      policyError(
        'publication.minGroupSize',
        'publication-min-group',
        `is ${minGroupSize}; a figure about one visitor singles that person out.`,
        `set ${MIN_GROUP_RECOMMENDED} or more (10 is the default).`,
      ),
    ]
  }
  if (minGroupSize < MIN_GROUP_RECOMMENDED) {
    return [
      policyWarning(
        'publication.minGroupSize',
        'publication-min-group',
        `is ${minGroupSize}; groups this small are easy to re-identify by combining figures.`,
        `set ${MIN_GROUP_RECOMMENDED} or more (10 is the default).`,
      ),
    ]
  }
  return []
}

import { isDate } from '../lib/calendar-date.js'
import { checkTexts } from './check-texts.js'
import { policyError, policyWarning } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The current version's date: a day that exists.
 *
 * @example
 * checkDates({ ...policy, effective: '2026-02-30' })
 * // [{ severity: 'error', key: 'effective', rule: 'calendar-date', … }]
 */
export function checkDates(policy: Policy): PolicyProblem[] {
  if (isDate(policy.effective)) return []
  return [
    policyError(
      'effective',
      'calendar-date',
      `is "${policy.effective}", which is not a day of the calendar.`,
      'write a real date as YYYY-MM-DD, e.g. 2026-11-01.',
    ),
  ]
}

/**
 * The history of versions: each version named once, real dates, announced before it applies,
 * the current version on the policy's own date, only the policy's sites, and a summary in every
 * language.
 *
 * @example
 * checkHistory({ ...policy, history: [{ ...entry, published: '2026-02-01', effective: '2026-01-01' }] })
 * // [{ severity: 'error', key: 'history[0].effective', rule: 'history-notice', … }]
 */
export function checkHistory(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const seen = new Map<string, number>()
  policy.history.forEach((entry, i) => {
    const key = `history[${i}]`
    const earlier = seen.get(entry.version)
    if (earlier === undefined) seen.set(entry.version, i)
    else {
      problems.push(
        policyError(
          `${key}.version`,
          'history-version-unique',
          `"${entry.version}" is already history[${earlier}]; a consent names its version, so each must mean one text.`,
          'give each version its own name, or remove the duplicate entry.',
        ),
      )
    }
    let datesValid = true
    for (const field of ['published', 'effective'] as const) {
      if (!isDate(entry[field])) {
        datesValid = false
        problems.push(
          policyError(
            `${key}.${field}`,
            'calendar-date',
            `is "${entry[field]}", which is not a day of the calendar.`,
            'write a real date as YYYY-MM-DD.',
          ),
        )
      }
    }
    // A change is announced before it applies (DESIGN rule 5), so it cannot take effect earlier.
    if (datesValid && entry.effective < entry.published) {
      problems.push(
        policyError(
          `${key}.effective`,
          'history-notice',
          `is ${entry.effective}, before its publication on ${entry.published}; visitors must be told before a version applies.`,
          `set effective to ${entry.published} or later.`,
        ),
      )
    }
    if (entry.version === policy.version && entry.effective !== policy.effective) {
      problems.push(
        policyError(
          `${key}.effective`,
          'history-current-version',
          `is ${entry.effective}, but this is the current version, which takes effect on ${policy.effective}.`,
          `write the same date in both places (${policy.effective}).`,
        ),
      )
    }
    const domains = policy.sites.map((site) => site.domain)
    const unknown = (entry.sites ?? []).filter((domain) => !domains.includes(domain))
    // The current version names sites of this file. An earlier one may name a site since
    // removed: rewriting it would change who was asked (history-rewritten), so only a warning.
    if (unknown.length > 0 && entry.version === policy.version) {
      problems.push(
        policyError(
          `${key}.sites`,
          'history-sites',
          `names ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are not sites' : 'is not a site'} of this policy; only visitors of the sites listed see this version's notice.`,
          `list domains of \`sites\` (${domains.join(', ')}), or remove \`sites\` for a version that concerns every site.`,
        ),
      )
    } else if (unknown.length > 0) {
      problems.push(
        policyWarning(
          `${key}.sites`,
          'history-sites',
          `names ${unknown.join(', ')}, no longer ${unknown.length > 1 ? 'sites' : 'a site'} of this policy: that version concerned visitors who are no longer measured.`,
          'keep it as it is: it says whom that version concerned.',
        ),
      )
    }
    problems.push(
      ...checkTexts(
        `${key}.summary`,
        entry.summary,
        policy.languages,
        'warning',
        'history-text-language',
      ),
    )
  })
  return problems
}

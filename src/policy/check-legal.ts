import { addDays, daysBetween } from '../lib/calendar-date.js'
import { policyError } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The site's own legal pages (`legal`): each in a language of the policy, one page per kind and
 * language, and one kind per source file.
 *
 * @example
 * checkLegal({ ...policy, legal: [{ kind: 'terms', source: 'cgu.md', language: 'de' }] })
 * // [{ severity: 'error', key: 'legal[0].language', rule: 'legal-language', … }]
 */
export function checkLegal(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const kinds = new Map<string, number>()
  const sources = new Map<string, number>()
  policy.legal.forEach((page, i) => {
    if (!policy.languages.includes(page.language))
      problems.push(
        policyError(
          `legal[${i}].language`,
          'legal-language',
          `is "${page.language}", which is not a language of the policy (${policy.languages.join(', ')}).`,
          `write the page's language as listed in languages, or add "${page.language}" to languages.`,
        ),
      )
    const kind = `${page.kind} in ${page.language}`
    const earlier = kinds.get(kind) ?? sources.get(page.source)
    if (earlier !== undefined)
      problems.push(
        policyError(
          `legal[${i}]`,
          'legal-duplicate',
          `repeats legal[${earlier}]: ${kinds.has(kind) ? `a second ${kind}` : `the same source ${page.source}`}.`,
          'list each page once: one page per kind and language, one kind per file.',
        ),
      )
    page.changes.forEach((change, j) => {
      const earliest = addDays(change.published, policy.notice.days)
      if (change.effective < earliest)
        problems.push(
          policyError(
            `legal[${i}].changes[${j}].effective`,
            'legal-change-notice',
            `is ${change.effective}, ${daysBetween(change.published, change.effective)} days after the change is published (${change.published}); visitors are promised ${policy.notice.days} days of notice.`,
            `set ${earliest} or later.`,
          ),
        )
    })
    if (!kinds.has(kind)) kinds.set(kind, i)
    if (!sources.has(page.source)) sources.set(page.source, i)
  })
  return problems
}

import { checkTexts } from './check-texts.js'
import { closestWord } from './closest-word.js'
import { policyError } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The purposes: at least one, the CNIL exemption on audience measurement only, and a title and a
 * description in every language of the policy.
 *
 * @example
 * checkPurposes({ ...policy, purposes: {} })
 * // [{ severity: 'error', key: 'purposes', rule: 'purpose-required', … }]
 */
export function checkPurposes(policy: Policy): PolicyProblem[] {
  const entries = Object.entries(policy.purposes)
  if (entries.length === 0) {
    return [
      policyError(
        'purposes',
        'purpose-required',
        'is empty: the policy states no purpose, so nothing could ever be collected or consented to.',
        'declare at least one purpose, e.g. statistics with basis: exempt.',
      ),
    ]
  }
  const problems: PolicyProblem[] = []
  for (const [id, purpose] of entries) {
    const key = `purposes.${id}`
    // The CNIL exemption covers audience measurement only; every other purpose needs consent.
    if (purpose.basis === 'exempt' && id !== 'statistics') {
      problems.push(
        policyError(
          `${key}.basis`,
          'cnil-exempt-scope',
          `is "exempt" on "${id}"; the CNIL exemption covers audience measurement (the statistics purpose) only.`,
          `set basis: consent on ${id}.`,
        ),
      )
    }
    problems.push(
      ...checkTexts(
        `${key}.title`,
        purpose.title,
        policy.languages,
        'error',
        'purpose-text-language',
      ),
      ...checkTexts(
        `${key}.description`,
        purpose.description,
        policy.languages,
        'error',
        'purpose-text-language',
      ),
    )
  }
  return problems
}

/**
 * The recipients: each purpose they receive is declared, and the data of an exempt purpose goes
 * to processors only.
 *
 * @example
 * checkRecipients({ ...policy, recipients: [{ name: 'Ads', role: 'controller', purposes: ['statistics'], country: 'FR' }] })
 * // [{ severity: 'error', key: 'recipients[0].role', rule: 'cnil-exempt-recipients', … }]
 */
export function checkRecipients(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const ids = Object.keys(policy.purposes)
  policy.recipients.forEach((recipient, i) => {
    const key = `recipients[${i}]`
    recipient.purposes.forEach((id, j) => {
      const purpose = policy.purposes[id]
      if (purpose === undefined) {
        const near = closestWord(id, ids)
        problems.push(
          policyError(
            `${key}.purposes[${j}]`,
            'recipient-purpose-known',
            `"${id}" is not a purpose of this policy${near === undefined ? '' : `; did you mean "${near}"`}.`,
            near === undefined
              ? `use one of: ${ids.join(', ')}; or declare "${id}" under purposes.`
              : `write "${near}".`,
          ),
        )
        return
      }
      // Exempt data must not be passed to third parties for their own use (CNIL condition).
      if (purpose.basis === 'exempt' && recipient.role !== 'processor') {
        problems.push(
          policyError(
            `${key}.role`,
            'cnil-exempt-recipients',
            `"${recipient.name}" is a ${recipient.role} of the exempt purpose "${id}"; exempt audience data may only go to processors acting for the publisher.`,
            `make ${recipient.name} a processor (a contract forbidding own use), or set basis: consent on ${id}.`,
          ),
        )
      }
    })
  })
  return problems
}

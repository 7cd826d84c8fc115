import { closestWord } from './closest-word.js'
import { policyError, policyWarning } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The policy's languages: each listed once.
 *
 * @example
 * checkLanguages({ ...policy, languages: ['fr', 'en', 'fr'] })
 * // [{ severity: 'error', key: 'languages[2]', rule: 'language-duplicate', … }]
 */
export function checkLanguages(policy: Policy): PolicyProblem[] {
  const seen = new Set<string>()
  const problems: PolicyProblem[] = []
  policy.languages.forEach((lang, i) => {
    if (seen.has(lang)) {
      problems.push(
        policyError(
          `languages[${i}]`,
          'language-duplicate',
          `"${lang}" is listed twice.`,
          `remove the second "${lang}".`,
        ),
      )
    }
    seen.add(lang)
  })
  return problems
}

/**
 * Each text in every language of `languages`, and no text in a language the policy does not
 * list: a missing text is reported with `severity` and `rule`, an unlisted one is a warning
 * (`text-language-unlisted`) with the listed language it probably meant.
 *
 * @example
 * checkTexts('purposes.statistics.title', { fr: 'Mesure' }, ['fr', 'en'], 'error', 'purpose-text-language')
 * // [{ severity: 'error', key: 'purposes.statistics.title.en', rule: 'purpose-text-language', … }]
 */
export function checkTexts(
  key: string,
  text: Readonly<Record<string, string>>,
  languages: readonly string[],
  severity: PolicyProblem['severity'],
  rule: string,
): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  for (const lang of languages) {
    if (text[lang] === undefined) {
      problems.push({
        severity,
        key: `${key}.${lang}`,
        rule,
        message: `is missing; the policy is shown in ${languages.join(', ')}.`,
        fix: `add a "${lang}" text to ${key}, or remove "${lang}" from languages.`,
      })
    }
  }
  for (const lang of Object.keys(text)) {
    if (!languages.includes(lang)) {
      const near = closestWord(lang, languages)
      problems.push(
        policyWarning(
          `${key}.${lang}`,
          'text-language-unlisted',
          `"${lang}" is not in languages (${languages.join(', ')}), so this text is never shown.`,
          near === undefined
            ? `add "${lang}" to languages, or remove this text.`
            : `rename it to "${near}", or add "${lang}" to languages.`,
        ),
      )
    }
  }
  return problems
}

import { BANNER_TEXT_KEYS, BUILT_IN_BANNER_LANGUAGES } from '../protocol/banner-text-keys.js'
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
  return [...problems, ...checkUnlisted(key, Object.keys(text), languages)]
}

/** `text-language-unlisted`: a text in a language the policy does not list is never shown. */
function checkUnlisted(
  key: string,
  given: readonly string[],
  languages: readonly string[],
): PolicyProblem[] {
  return given
    .filter((lang) => !languages.includes(lang))
    .map((lang) => {
      const near = closestWord(lang, languages)
      return policyWarning(
        `${key}.${lang}`,
        'text-language-unlisted',
        `"${lang}" is not in languages (${languages.join(', ')}), so this text is never shown.`,
        near === undefined
          ? `add "${lang}" to languages, or remove this text.`
          : `rename it to "${near}", or add "${lang}" to languages.`,
      )
    })
}

/**
 * The banner speaks every language of the policy: a privacy page address per language
 * (`privacy-url-language`), and for a language temoin.js has no texts in (French and English
 * are built in), every banner text in `banner.texts` (`banner-text-language`), so that no visitor
 * reads English buttons on a German page. A key the banner does not have is a typo
 * (`banner-text-key`), with the key it probably meant.
 *
 * @example
 * checkBanner({ ...policy, languages: ['fr', 'en', 'de'] })
 * // [{ key: 'banner.privacyUrl.de', rule: 'privacy-url-language', … }, { key: 'banner.texts.de', rule: 'banner-text-language', … }]
 */
export function checkBanner(policy: Policy): PolicyProblem[] {
  const { privacyUrl, texts } = policy.banner
  const problems: PolicyProblem[] = []
  const first = policy.languages[0]
  for (const lang of policy.languages) {
    const builtIn = BUILT_IN_BANNER_LANGUAGES.includes(lang.slice(0, 2))
    if (privacyUrl[lang] === undefined) {
      problems.push(
        policyError(
          `banner.privacyUrl.${lang}`,
          'privacy-url-language',
          `is missing: the banner would link visitors reading "${lang}" to the "${first}" page.`,
          builtIn
            ? `add the address of the privacy page in "${lang}" (the Eleventy plugin writes it: docs/eleventy.md).`
            : `add the address of your privacy page in "${lang}": Témoin writes it in French and English only.`,
        ),
      )
    }
    const given = Object.keys(texts[lang] ?? {})
    const missing = BANNER_TEXT_KEYS.filter((k) => !given.includes(k))
    if (!builtIn && missing.length > 0) {
      problems.push(
        policyError(
          `banner.texts.${lang}`,
          'banner-text-language',
          `lacks ${missing.length} of the banner's ${BANNER_TEXT_KEYS.length} texts (${missing.join(', ')}): temoin.js has texts in French and English only, so visitors reading "${lang}" would see them in English.`,
          `give every key in "${lang}" under banner.texts.${lang}: ${BANNER_TEXT_KEYS.join(', ')} (docs/browser.md, "Languages").`,
        ),
      )
    }
  }
  const keys: readonly string[] = BANNER_TEXT_KEYS
  for (const [lang, byKey] of Object.entries(texts)) {
    for (const key of Object.keys(byKey).filter((k) => !keys.includes(k))) {
      const near = closestWord(key, keys)
      problems.push(
        policyError(
          `banner.texts.${lang}.${key}`,
          'banner-text-key',
          `is not a text of the banner, so it is never shown.`,
          near === undefined
            ? `use one of ${keys.join(', ')}.`
            : `rename it to "${near}" (the banner's texts: ${keys.join(', ')}).`,
        ),
      )
    }
  }
  return [...problems, ...checkUnlisted('banner.texts', Object.keys(texts), policy.languages)]
}

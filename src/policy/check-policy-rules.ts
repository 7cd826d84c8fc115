import { closestWord } from './closest-word.js'
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

const error = (key: string, rule: string, message: string, fix: string): PolicyProblem => ({
  severity: 'error',
  key,
  rule,
  message,
  fix,
})
const warning = (key: string, rule: string, message: string, fix: string): PolicyProblem => ({
  severity: 'warning',
  key,
  rule,
  message,
  fix,
})

/** True when `yyyy-mm-dd` names a day that exists (the schema only checks the shape). */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

const months = (n: number) => `${n} month${n === 1 ? '' : 's'}`

function checkDates(policy: Policy): PolicyProblem[] {
  if (isCalendarDate(policy.effective)) return []
  return [
    error(
      'effective',
      'calendar-date',
      `is "${policy.effective}", which is not a day of the calendar.`,
      'write a real date as YYYY-MM-DD, e.g. 2026-11-01.',
    ),
  ]
}

function checkLanguages(policy: Policy): PolicyProblem[] {
  const seen = new Set<string>()
  const problems: PolicyProblem[] = []
  policy.languages.forEach((lang, i) => {
    if (seen.has(lang)) {
      problems.push(
        error(
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

function checkSites(policy: Policy): PolicyProblem[] {
  const first = new Map<string, number>()
  const problems: PolicyProblem[] = []
  policy.sites.forEach((site, i) => {
    const earlier = first.get(site.domain)
    if (earlier === undefined) {
      first.set(site.domain, i)
      return
    }
    // Two entries for one domain would give one host two names and two `subdomains` settings.
    problems.push(
      error(
        `sites[${i}].domain`,
        'site-domain-unique',
        `"${site.domain}" is already sites[${earlier}].`,
        'keep one entry per domain; set `subdomains: true` on it to cover its sub-domains.',
      ),
    )
  })
  return problems
}

/** Each text in every language of `languages`, and no text in a language the policy does not list. */
function checkTexts(
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
        warning(
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

function checkPurposes(policy: Policy): PolicyProblem[] {
  const entries = Object.entries(policy.purposes)
  if (entries.length === 0) {
    return [
      error(
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
        error(
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

function checkLifetimes(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const { lifetimeMonths } = policy.cookies
  const { validityMonths, refusalMonths } = policy.consent
  if (lifetimeMonths > CNIL_LIMITS.cookieLifetimeMonths) {
    problems.push(
      error(
        'cookies.lifetimeMonths',
        'cnil-cookie-lifetime',
        `is ${months(lifetimeMonths)}; the CNIL allows at most ${CNIL_LIMITS.cookieLifetimeMonths} months from the first deposit.`,
        `set ${CNIL_LIMITS.cookieLifetimeMonths} or less.`,
      ),
    )
  }
  if (validityMonths > CNIL_LIMITS.consentValidityMonths) {
    problems.push(
      error(
        'consent.validityMonths',
        'cnil-consent-validity',
        `is ${months(validityMonths)}; a consent is valid at most ${CNIL_LIMITS.consentValidityMonths} months, then it is asked again.`,
        `set ${CNIL_LIMITS.consentValidityMonths} or less.`,
      ),
    )
  } else if (validityMonths > lifetimeMonths) {
    // The choice is kept in a cookie: it disappears with the cookie, so the promise cannot hold.
    problems.push(
      warning(
        'consent.validityMonths',
        'consent-outlives-cookie',
        `is ${months(validityMonths)}, longer than cookies.lifetimeMonths (${lifetimeMonths}); the choice is kept in a cookie, so it is forgotten after ${months(lifetimeMonths)}.`,
        `set consent.validityMonths to ${lifetimeMonths} or less, or raise cookies.lifetimeMonths.`,
      ),
    )
  }
  if (refusalMonths < 1 || refusalMonths > CNIL_LIMITS.refusalMonthsMax) {
    problems.push(
      error(
        'consent.refusalMonths',
        'cnil-refusal-validity',
        `is ${months(refusalMonths)}; a refusal is remembered between 1 and ${CNIL_LIMITS.refusalMonthsMax} months, like a consent.`,
        `set a value from 1 to ${CNIL_LIMITS.refusalMonthsMax}; the CNIL recommends ${CNIL_LIMITS.refusalMonthsRecommended}.`,
      ),
    )
  } else if (refusalMonths < CNIL_LIMITS.refusalMonthsRecommended) {
    problems.push(
      warning(
        'consent.refusalMonths',
        'cnil-refusal-reask',
        `is ${months(refusalMonths)}; asking again sooner than ${CNIL_LIMITS.refusalMonthsRecommended} months after a refusal pressures visitors into accepting.`,
        `set ${CNIL_LIMITS.refusalMonthsRecommended} (the CNIL's recommendation) or more.`,
      ),
    )
  }
  return problems
}

function checkRetention(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const { eventsMonths, receiptsMonths } = policy.retention
  if (eventsMonths > CNIL_LIMITS.eventsRetentionMonths) {
    problems.push(
      error(
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
      error(
        'retention.receiptsMonths',
        'receipts-cover-consent',
        `is ${months(receiptsMonths)}, shorter than consent.validityMonths (${policy.consent.validityMonths}); a consent still in use could no longer be proven.`,
        `set ${policy.consent.validityMonths} or more.`,
      ),
    )
  }
  return problems
}

function checkRecipients(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const ids = Object.keys(policy.purposes)
  policy.recipients.forEach((recipient, i) => {
    const key = `recipients[${i}]`
    recipient.purposes.forEach((id, j) => {
      const purpose = policy.purposes[id]
      if (purpose === undefined) {
        const near = closestWord(id, ids)
        problems.push(
          error(
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
          error(
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

function checkPublication(policy: Policy): PolicyProblem[] {
  const { minGroupSize } = policy.publication
  if (minGroupSize < 2) {
    return [
      error(
        'publication.minGroupSize',
        'publication-min-group',
        `is ${minGroupSize}; a figure about one visitor singles that person out.`,
        `set ${MIN_GROUP_RECOMMENDED} or more (10 is the default).`,
      ),
    ]
  }
  if (minGroupSize < MIN_GROUP_RECOMMENDED) {
    return [
      warning(
        'publication.minGroupSize',
        'publication-min-group',
        `is ${minGroupSize}; groups this small are easy to re-identify by combining figures.`,
        `set ${MIN_GROUP_RECOMMENDED} or more (10 is the default).`,
      ),
    ]
  }
  return []
}

function checkHistory(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const seen = new Map<string, number>()
  policy.history.forEach((entry, i) => {
    const key = `history[${i}]`
    const earlier = seen.get(entry.version)
    if (earlier === undefined) seen.set(entry.version, i)
    else {
      problems.push(
        error(
          `${key}.version`,
          'history-version-unique',
          `"${entry.version}" is already history[${earlier}]; a consent names its version, so each must mean one text.`,
          'give each version its own name, or remove the duplicate entry.',
        ),
      )
    }
    let datesValid = true
    for (const field of ['published', 'effective'] as const) {
      if (!isCalendarDate(entry[field])) {
        datesValid = false
        problems.push(
          error(
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
        error(
          `${key}.effective`,
          'history-notice',
          `is ${entry.effective}, before its publication on ${entry.published}; visitors must be told before a version applies.`,
          `set effective to ${entry.published} or later.`,
        ),
      )
    }
    if (entry.version === policy.version && entry.effective !== policy.effective) {
      problems.push(
        error(
          `${key}.effective`,
          'history-current-version',
          `is ${entry.effective}, but this is the current version, which takes effect on ${policy.effective}.`,
          `write the same date in both places (${policy.effective}).`,
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

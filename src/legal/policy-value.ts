import { AppError } from '../lib/app-error.js'
import { closestWord } from '../policy/closest-word.js'
import type { Policy } from '../policy/policy-schema.js'
import { formatAmount } from './check-privacy-page.js'

const months = (value: (p: Policy) => number) => (p: Policy, language: string) =>
  formatAmount(value(p), 'months', language)

/**
 * What `{% temoinValue "key" %}` writes, by key: the policy's values in the page's language, so
 * that a hand-written page that uses them cannot drift from what the code enforces.
 */
const VALUES: Readonly<Record<string, (policy: Policy, language: string) => string>> = {
  'cookies.lifetime': months((p) => p.cookies.lifetimeMonths),
  'consent.validity': months((p) => p.consent.validityMonths),
  'consent.refusal': months((p) => p.consent.refusalMonths),
  'retention.events': months((p) => p.retention.eventsMonths),
  'retention.receipts': months((p) => p.retention.receiptsMonths),
  'notice.days': (p, language) => formatAmount(p.notice.days, 'days', language),
  'publication.minGroupSize': (p, language) =>
    new Intl.NumberFormat(language).format(p.publication.minGroupSize),
  'controller.name': (p) => p.controller.name,
  'controller.contact': (p) => p.controller.contact,
  'controller.address': (p) => p.controller.address ?? '',
  version: (p) => p.version,
  effective: (p, language) =>
    new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${p.effective}T00:00:00Z`),
    ),
}

/** The policy keys' own names (`cookies.lifetimeMonths`) are accepted for the shorter ones. */
const ALIASES: Readonly<Record<string, string>> = {
  'cookies.lifetimeMonths': 'cookies.lifetime',
  'consent.validityMonths': 'consent.validity',
  'consent.refusalMonths': 'consent.refusal',
  'retention.eventsMonths': 'retention.events',
  'retention.receiptsMonths': 'retention.receipts',
}

/** The keys `{% temoinValue %}` knows, for the docs and for error messages. */
export const POLICY_VALUE_KEYS: readonly string[] = Object.keys(VALUES)

/**
 * A value of the policy as a page's sentence says it, in `language`: a duration with its unit
 * ("13 mois", "13 months"), a date ("1 novembre 2026"), a name. An unknown key throws
 * TEMPLATE_VALUE_UNKNOWN with the closest known key: the build stops.
 *
 * @example policyValue(policy, 'cookies.lifetime', 'fr') // '13 mois'
 */
export function policyValue(policy: Policy, key: unknown, language: string, where: string): string {
  if (typeof key === 'string') {
    const name = ALIASES[key] ?? key
    if (Object.hasOwn(VALUES, name)) return VALUES[name]!(policy, language)
  }
  const closest = typeof key === 'string' ? closestWord(key, POLICY_VALUE_KEYS) : undefined
  throw new AppError(
    'TEMPLATE_VALUE_UNKNOWN',
    `temoin/eleventy: {% temoinValue ${JSON.stringify(key)} %} in ${where} names no value of the policy${closest ? `; did you mean "${closest}"?` : '.'} Known: ${POLICY_VALUE_KEYS.join(', ')}.`,
  )
}

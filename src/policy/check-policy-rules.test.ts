import { DEFAULT_PRIVACY_BUDGET } from './policy-schema.js'
import { describe, expect, it } from 'vitest'
import { checkPolicyRules } from './check-policy-rules.js'
import { policySchema } from './policy-schema.js'
import type { Policy } from './policy-schema.js'

/** A policy that keeps every rule; each case below breaks exactly one thing. */
function validPolicy(): Policy {
  return policySchema.parse({
    version: '2026-11',
    effective: '2026-11-01',
    languages: ['fr', 'en'],
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'example.org', subdomains: true }, { domain: 'localhost' }],
    purposes: {
      statistics: {
        basis: 'exempt',
        title: { fr: "Mesure d'audience", en: 'Audience measurement' },
        description: { fr: 'Compter les visites.', en: 'Counting visits.' },
      },
      personalisation: {
        basis: 'consent',
        title: { fr: 'Personnalisation', en: 'Personalisation' },
        description: { fr: 'Préférences.', en: 'Preferences.' },
      },
    },
    recipients: [{ name: 'Host', role: 'processor', purposes: ['statistics'], country: 'FR' }],
    history: [
      {
        version: '2026-01',
        published: '2025-12-01',
        effective: '2026-01-01',
        summary: { fr: 'Première version.', en: 'First version.' },
      },
    ],
  })
}

type Case = [
  name: string,
  change: (p: Policy) => Policy,
  key: string,
  rule: string,
  severity: 'error' | 'warning',
]

const cases: Case[] = [
  [
    'cookie lifetime 14 months',
    (p) => ({ ...p, cookies: { lifetimeMonths: 14 } }),
    'cookies.lifetimeMonths',
    'cnil-cookie-lifetime',
    'error',
  ],
  [
    'consent validity 14 months',
    (p) => ({ ...p, consent: { ...p.consent, validityMonths: 14 } }),
    'consent.validityMonths',
    'cnil-consent-validity',
    'error',
  ],
  [
    'consent outlives the cookie holding it',
    (p) => ({
      ...p,
      cookies: { lifetimeMonths: 6 },
      consent: { validityMonths: 12, refusalMonths: 6 },
    }),
    'consent.validityMonths',
    'consent-outlives-cookie',
    'warning',
  ],
  [
    'refusal remembered 14 months',
    (p) => ({ ...p, consent: { ...p.consent, refusalMonths: 14 } }),
    'consent.refusalMonths',
    'cnil-refusal-validity',
    'error',
  ],
  [
    'refusal remembered 0 months',
    (p) => ({ ...p, consent: { ...p.consent, refusalMonths: 0 } }),
    'consent.refusalMonths',
    'cnil-refusal-validity',
    'error',
  ],
  [
    'refusal remembered 3 months',
    (p) => ({ ...p, consent: { ...p.consent, refusalMonths: 3 } }),
    'consent.refusalMonths',
    'cnil-refusal-reask',
    'warning',
  ],
  [
    'events kept 26 months',
    (p) => ({ ...p, retention: { ...p.retention, eventsMonths: 26 } }),
    'retention.eventsMonths',
    'cnil-events-retention',
    'error',
  ],
  [
    'receipts kept shorter than consent',
    (p) => ({ ...p, retention: { ...p.retention, receiptsMonths: 12 } }),
    'retention.receiptsMonths',
    'receipts-cover-consent',
    'error',
  ],
  [
    'exempt basis outside statistics',
    (p) => ({
      ...p,
      purposes: {
        ...p.purposes,
        personalisation: { ...p.purposes['personalisation']!, basis: 'exempt' },
      },
    }),
    'purposes.personalisation.basis',
    'cnil-exempt-scope',
    'error',
  ],
  [
    'exempt purpose shared with a controller',
    (p) => ({
      ...p,
      recipients: [
        { name: 'Ads Inc', role: 'controller', purposes: ['statistics'], country: 'US' },
      ],
    }),
    'recipients[0].role',
    'cnil-exempt-recipients',
    'error',
  ],
  [
    'recipient of an unknown purpose',
    (p) => ({
      ...p,
      recipients: [
        { name: 'Host', role: 'processor', purposes: ['statistics', 'advertising'], country: 'FR' },
      ],
    }),
    'recipients[0].purposes[1]',
    'recipient-purpose-known',
    'error',
  ],
  [
    'duplicate site domain',
    (p) => ({ ...p, sites: [...p.sites, { domain: 'example.org', subdomains: false }] }),
    'sites[2].domain',
    'site-domain-unique',
    'error',
  ],
  [
    'duplicate language',
    (p) => ({ ...p, languages: ['fr', 'en', 'fr'] }),
    'languages[2]',
    'language-duplicate',
    'error',
  ],
  [
    'purpose title missing a language',
    (p) => ({
      ...p,
      purposes: {
        ...p.purposes,
        statistics: { ...p.purposes['statistics']!, title: { fr: 'Mesure' } },
      },
    }),
    'purposes.statistics.title.en',
    'purpose-text-language',
    'error',
  ],
  [
    'a language added without its texts',
    (p) => ({ ...p, languages: ['fr', 'en', 'de'] }),
    'purposes.statistics.title.de',
    'purpose-text-language',
    'error',
  ],
  [
    'text in a language not listed',
    (p) => ({
      ...p,
      purposes: {
        ...p.purposes,
        statistics: { ...p.purposes['statistics']!, title: { fr: 'M', en: 'M', de: 'M' } },
      },
    }),
    'purposes.statistics.title.de',
    'text-language-unlisted',
    'warning',
  ],
  [
    'minimum group of 1',
    (p) => ({ ...p, publication: { minGroupSize: 1, budget: DEFAULT_PRIVACY_BUDGET } }),
    'publication.minGroupSize',
    'publication-min-group',
    'error',
  ],
  [
    'minimum group of 3',
    (p) => ({ ...p, publication: { minGroupSize: 3, budget: DEFAULT_PRIVACY_BUDGET } }),
    'publication.minGroupSize',
    'publication-min-group',
    'warning',
  ],
  [
    'effective on 30 February',
    (p) => ({ ...p, effective: '2026-02-30' }),
    'effective',
    'calendar-date',
    'error',
  ],
  [
    'effective in month 13',
    (p) => ({ ...p, effective: '2026-13-01' }),
    'effective',
    'calendar-date',
    'error',
  ],
  [
    'no purpose at all',
    (p) => ({ ...p, purposes: {}, recipients: [] }),
    'purposes',
    'purpose-required',
    'error',
  ],
  [
    'history version twice',
    (p) => ({ ...p, history: [...p.history, { ...p.history[0]!, summary: { fr: 'x', en: 'x' } }] }),
    'history[1].version',
    'history-version-unique',
    'error',
  ],
  [
    'history effective before published',
    (p) => ({
      ...p,
      history: [{ ...p.history[0]!, published: '2026-02-01', effective: '2026-01-01' }],
    }),
    'history[0].effective',
    'history-notice',
    'error',
  ],
  [
    'history date not in the calendar',
    (p) => ({ ...p, history: [{ ...p.history[0]!, published: '2025-11-31' }] }),
    'history[0].published',
    'calendar-date',
    'error',
  ],
  [
    'current version in history with another date',
    (p) => ({
      ...p,
      history: [
        { ...p.history[0]!, version: '2026-11', published: '2026-10-01', effective: '2026-10-15' },
      ],
    }),
    'history[0].effective',
    'history-current-version',
    'error',
  ],
  [
    "the current version's entry naming a site the policy does not have",
    (p) => ({
      ...p,
      history: [
        ...p.history,
        {
          ...p.history[0]!,
          version: p.version,
          published: p.effective,
          effective: p.effective,
          sites: ['localhost', 'example.com'],
        },
      ],
    }),
    'history[1].sites',
    'history-sites',
    'error',
  ],
  [
    'a site hidden behind an earlier one that allows sub-domains',
    (p) => ({ ...p, sites: [...p.sites, { domain: 'shop.example.org', subdomains: false }] }),
    'sites[2].domain',
    'site-shadowed',
    'warning',
  ],
  [
    'an earlier entry naming a site since removed',
    (p) => ({ ...p, history: [{ ...p.history[0]!, sites: ['localhost', 'example.com'] }] }),
    'history[0].sites',
    'history-sites',
    'warning',
  ],
  [
    'history summary missing a language',
    (p) => ({ ...p, history: [{ ...p.history[0]!, summary: { fr: 'x' } }] }),
    'history[0].summary.en',
    'history-text-language',
    'warning',
  ],
]

describe('checkPolicyRules', () => {
  it('finds nothing wrong in a policy that keeps every rule', () => {
    expect(checkPolicyRules(validPolicy())).toEqual([])
  })

  it('accepts the limits themselves (13, 13, 13, 25, minGroupSize 5)', () => {
    const p = validPolicy()
    const atLimits: Policy = {
      ...p,
      cookies: { lifetimeMonths: 13 },
      consent: { validityMonths: 13, refusalMonths: 13 },
      retention: { eventsMonths: 25, receiptsMonths: 13 },
      publication: { minGroupSize: 5, budget: DEFAULT_PRIVACY_BUDGET },
    }
    expect(checkPolicyRules(atLimits)).toEqual([])
  })

  it.each(
    cases.map(([name, change, key, rule, severity]) => ({ name, change, key, rule, severity })),
  )('$name → $severity $key [$rule]', ({ change, key, rule, severity }) => {
    const problems = checkPolicyRules(change(validPolicy()))
    expect(problems.map((p) => [p.severity, p.key, p.rule])).toContainEqual([severity, key, rule])
    const problem = problems.find((p) => p.key === key && p.rule === rule)
    expect(problem?.message.length).toBeGreaterThan(10)
    expect(problem?.fix.length).toBeGreaterThan(5)
  })

  it('quotes the value and the limit in the message', () => {
    const [problem] = checkPolicyRules({ ...validPolicy(), cookies: { lifetimeMonths: 14 } })
    expect(problem).toEqual({
      severity: 'error',
      key: 'cookies.lifetimeMonths',
      rule: 'cnil-cookie-lifetime',
      message: 'is 14 months; the CNIL allows at most 13 months from the first deposit.',
      fix: 'set 13 or less.',
    })
  })

  it('suggests the purpose a recipient probably meant', () => {
    const p = validPolicy()
    const [problem] = checkPolicyRules({
      ...p,
      recipients: [{ name: 'Host', role: 'processor', purposes: ['statistic'], country: 'FR' }],
    })
    expect(problem?.message).toBe(
      '"statistic" is not a purpose of this policy; did you mean "statistics".',
    )
    expect(problem?.fix).toBe('write "statistics".')
  })

  it('reports every broken rule at once', () => {
    const p = validPolicy()
    const problems = checkPolicyRules({
      ...p,
      cookies: { lifetimeMonths: 24 },
      consent: { validityMonths: 24, refusalMonths: 24 },
      retention: { eventsMonths: 36, receiptsMonths: 12 },
      publication: { minGroupSize: 1, budget: DEFAULT_PRIVACY_BUDGET },
    })
    expect(problems.map((x) => x.rule)).toEqual([
      'cnil-cookie-lifetime',
      'cnil-consent-validity',
      'cnil-refusal-validity',
      'cnil-events-retention',
      'receipts-cover-consent',
      'publication-min-group',
    ])
    expect(problems.every((x) => x.severity === 'error')).toBe(true)
  })
})

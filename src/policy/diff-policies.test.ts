import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { diffPolicies } from './diff-policies.js'
import type { ChangeKind } from './diff-policies.js'
import { policySchema } from './policy-schema.js'
import type { Policy, Purpose, Recipient } from './policy-schema.js'

/** A valid policy with three purposes, two recipients and one history entry. */
function basePolicy(): Policy {
  return policySchema.parse({
    version: '2026-11',
    effective: '2026-11-01',
    languages: ['fr', 'en'],
    controller: { name: 'Démo', contact: 'dpo@example.org', address: '1 rue X, Paris' },
    sites: [{ domain: 'example.org', name: 'Exemple' }],
    purposes: {
      statistics: purpose('exempt'),
      personalisation: purpose('consent'),
      advertising: { ...purpose('consent'), cookies: ['_ads'] },
    },
    recipients: [
      { name: 'Host', role: 'processor', purposes: ['statistics'], country: 'FR' },
      { name: 'Acme', role: 'processor', purposes: ['advertising'], country: 'FR' },
    ],
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

function purpose(basis: Purpose['basis']): Purpose {
  return {
    basis,
    title: { fr: 'Titre', en: 'Title' },
    description: { fr: 'Description.', en: 'Description.' },
    cookies: [],
  }
}

/**
 * Every key of the schema, in the table's notation: `sites[]`, `sites[].name`, `purposes.<id>`…
 * Walking the schema itself makes a key added to it fail the coverage test until classified.
 */
function leafKeys(schema: z.ZodType, path: string): string[] {
  let s = schema
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType
  const at = (k: string) => (path === '' ? k : `${path}.${k}`)
  if (s instanceof z.ZodObject) {
    const shape = s.shape as Record<string, z.ZodType>
    return Object.entries(shape).flatMap(([k, v]) => leafKeys(v, at(k)))
  }
  if (s instanceof z.ZodArray && s.element instanceof z.ZodObject) {
    return [`${path}[]`, ...leafKeys(s.element, `${path}[]`)]
  }
  if (s instanceof z.ZodRecord && s.valueType instanceof z.ZodObject) {
    return [`${path}.<id>`, ...leafKeys(s.valueType, `${path}.<id>`)]
  }
  return [path]
}

/** A change's key in the schema's notation: `recipients[Acme].role` → `recipients[].role`. */
function schemaKey(key: string): string {
  return key
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/^purposes\.[^.]+/, 'purposes.<id>')
    .replace(/^banner\.consentMode\..+/, 'banner.consentMode')
}

/**
 * Keys that name a version, a site, a recipient or a history entry rather than a term: not
 * reported, or read as a removal plus an addition.
 */
const IDENTITY = [
  'version',
  'effective',
  'sites[].domain',
  'recipients[].name',
  'history[].version',
  'legal[].kind',
  'legal[].language',
  'legal[].changes[].published',
]

type Edit = (p: Policy) => Policy

const withPurpose = (id: string, edit: (x: Purpose) => Purpose): Edit => {
  return (p) => ({ ...p, purposes: { ...p.purposes, [id]: edit(p.purposes[id]!) } })
}
const withRecipient = (name: string, edit: (r: Recipient) => Recipient): Edit => {
  return (p) => ({ ...p, recipients: p.recipients.map((r) => (r.name === name ? edit(r) : r)) })
}
const withBanner = (banner: Partial<Policy['banner']>): Edit => {
  return (p) => ({ ...p, banner: { ...p.banner, ...banner } })
}

/**
 * One expected change: its kind, the purposes it touches ([] = every purpose / none in
 * particular) and the sites whose visitors it concerns ([] = every site).
 */
type Expect = readonly [kind: ChangeKind, purposes: readonly string[], sites: readonly string[]]
const LOWERS = (...purposes: string[]): Expect => ['lowers-confidentiality', purposes, []]
const MINOR = (...purposes: string[]): Expect => ['minor', purposes, []]
/** `expected` about the visitors of `domain` only. */
const ON = (domain: string, [kind, purposes]: Expect): Expect => [kind, purposes, [domain]]

interface Row {
  readonly key: string
  readonly direction: string
  readonly old: Policy
  readonly next: Policy
  readonly expected: Expect
}

/**
 * Two rows for one key: `before` → `after` (described by `forward`) and back again. `before`
 * and `after` are edits of the base policy; each row expects exactly one change.
 */
function both(
  key: string,
  [forward, backward]: readonly [string, string],
  before: Edit,
  after: Edit,
  expectForward: Expect,
  expectBackward: Expect,
): Row[] {
  const a = before(basePolicy())
  const b = after(basePolicy())
  return [
    { key, direction: forward, old: a, next: b, expected: expectForward },
    { key, direction: backward, old: b, next: a, expected: expectBackward },
  ]
}
const same: Edit = (p) => p

/** Terms of use with one announced change published on 2026-12-01. */
const withTermsChange =
  (change: { effective?: string; summary?: Record<string, string> }): Edit =>
  (p) => ({
    ...p,
    legal: [
      {
        kind: 'terms',
        source: 'cgu.md',
        language: 'fr',
        changes: [{ published: '2026-12-01', effective: '2027-01-01', ...change }],
      },
    ],
  })

const rows: Row[] = [
  ...both(
    'legal[privacy fr].source',
    ['the privacy page moved to another file', 'moved back'],
    (p) => ({
      ...p,
      legal: [{ kind: 'privacy', source: 'confidentialite.md', language: 'fr', changes: [] }],
    }),
    (p) => ({
      ...p,
      legal: [{ kind: 'privacy', source: 'legal/vie-privee.md', language: 'fr', changes: [] }],
    }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'legal[terms fr].changes[2026-12-01]',
    ['a change announced', 'no longer announced'],
    (p) => ({ ...p, legal: [{ kind: 'terms', source: 'cgu.md', language: 'fr', changes: [] }] }),
    withTermsChange({}),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'legal[terms fr].changes[2026-12-01].effective',
    ['a change takes effect later', 'earlier again'],
    withTermsChange({ effective: '2027-01-01' }),
    withTermsChange({ effective: '2027-02-01' }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'legal[terms fr].changes[2026-12-01].summary',
    ['a notice reworded', 'back'],
    withTermsChange({ summary: { fr: 'Nos CGU changent.' } }),
    withTermsChange({ summary: { fr: 'Nos conditions changent.' } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'legal[terms fr]',
    ['terms of use added', 'removed'],
    same,
    (p) => ({ ...p, legal: [{ kind: 'terms', source: 'cgu.md', language: 'fr', changes: [] }] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'languages',
    ['a language added', 'a language removed'],
    same,
    (p) => ({ ...p, languages: [...p.languages, 'de'] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'controller.name',
    ['renamed', 'renamed back'],
    same,
    (p) => ({ ...p, controller: { ...p.controller, name: 'Autre' } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'controller.contact',
    ['changed', 'changed back'],
    same,
    (p) => ({ ...p, controller: { ...p.controller, contact: 'https://example.org/rights' } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'controller.address',
    ['removed', 'added'],
    same,
    (p) => ({ ...p, controller: { name: p.controller.name, contact: p.controller.contact } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'sites[new.org]',
    ['a new site measured', 'a site no longer measured'],
    same,
    (p) => ({ ...p, sites: [...p.sites, { domain: 'new.org', subdomains: false }] }),
    ON('new.org', LOWERS()),
    ON('new.org', MINOR()),
  ),
  ...both(
    'sites[example.org].name',
    ['renamed', 'renamed back'],
    same,
    (p) => ({ ...p, sites: [{ ...p.sites[0]!, name: 'Autre nom' }] }),
    ON('example.org', MINOR()),
    ON('example.org', MINOR()),
  ),
  ...both(
    'sites[example.org].subdomains',
    ['sub-domains measured too', 'sub-domains no longer measured'],
    same,
    (p) => ({ ...p, sites: [{ ...p.sites[0]!, subdomains: true }] }),
    ON('example.org', LOWERS()),
    ON('example.org', MINOR()),
  ),
  ...both(
    'purposes.marketing',
    ['a new purpose', 'a purpose removed'],
    same,
    (p) => ({ ...p, purposes: { ...p.purposes, marketing: purpose('consent') } }),
    LOWERS('marketing'),
    MINOR('marketing'),
  ),
  ...both(
    'purposes.statistics.basis',
    ['consent → exempt', 'exempt → consent'],
    withPurpose('statistics', (x) => ({ ...x, basis: 'consent' })),
    same,
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'purposes.personalisation.title',
    ['reworded', 'reworded back'],
    same,
    withPurpose('personalisation', (x) => ({ ...x, title: { fr: 'Préférences', en: 'Title' } })),
    MINOR('personalisation'),
    MINOR('personalisation'),
  ),
  ...both(
    'purposes.personalisation.description',
    ['reworded', 'reworded back'],
    same,
    withPurpose('personalisation', (x) => ({
      ...x,
      description: { fr: 'Autre.', en: 'Other.' },
    })),
    MINOR('personalisation'),
    MINOR('personalisation'),
  ),
  ...both(
    'purposes.advertising.cookies',
    ['a cookie added', 'a cookie removed'],
    same,
    withPurpose('advertising', (x) => ({ ...x, cookies: [...x.cookies, '_fbp'] })),
    LOWERS('advertising'),
    MINOR('advertising'),
  ),
  ...both(
    'cookies.lifetimeMonths',
    ['longer', 'shorter'],
    (p) => ({ ...p, cookies: { lifetimeMonths: 6 } }),
    same,
    LOWERS(),
    MINOR(),
  ),
  ...both(
    'consent.validityMonths',
    ['longer', 'shorter'],
    (p) => ({ ...p, consent: { ...p.consent, validityMonths: 6 } }),
    same,
    LOWERS(),
    MINOR(),
  ),
  ...both(
    'consent.refusalMonths',
    ['shorter (asks again sooner)', 'longer'],
    same,
    (p) => ({ ...p, consent: { ...p.consent, refusalMonths: 3 } }),
    LOWERS(),
    MINOR(),
  ),
  ...both(
    'retention.eventsMonths',
    ['longer', 'shorter'],
    same,
    (p) => ({ ...p, retention: { ...p.retention, eventsMonths: 25 } }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'retention.receiptsMonths',
    ['longer', 'shorter'],
    same,
    (p) => ({ ...p, retention: { ...p.retention, receiptsMonths: 72 } }),
    LOWERS(),
    MINOR(),
  ),
  ...both(
    'collection.queryKeys',
    ['a query key kept', 'a query key dropped'],
    same,
    (p) => ({ ...p, collection: { queryKeys: [...p.collection.queryKeys, 'gclid'] } }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'recipients[Ads]',
    ['a new recipient', 'a recipient removed'],
    same,
    (p) => ({
      ...p,
      recipients: [
        ...p.recipients,
        { name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' },
      ],
    }),
    LOWERS('advertising'),
    MINOR('advertising'),
  ),
  ...both(
    'recipients[Acme].role',
    ['processor → controller', 'controller → processor'],
    same,
    withRecipient('Acme', (r) => ({ ...r, role: 'controller' })),
    LOWERS('advertising'),
    MINOR('advertising'),
  ),
  // Any move is announced: which country protects data as well is not for the code to judge.
  ...both(
    'recipients[Acme].country',
    ['FR → US', 'US → FR'],
    same,
    withRecipient('Acme', (r) => ({ ...r, country: 'US' })),
    LOWERS('advertising'),
    LOWERS('advertising'),
  ),
  ...both(
    'recipients[Acme].purposes',
    ['gains a purpose', 'loses a purpose'],
    same,
    withRecipient('Acme', (r) => ({ ...r, purposes: [...r.purposes, 'personalisation'] })),
    LOWERS('personalisation'),
    MINOR('personalisation'),
  ),
  ...both(
    'recipients[Acme].url',
    ['a privacy notice added', 'removed'],
    same,
    withRecipient('Acme', (r) => ({ ...r, url: 'https://acme.example/privacy' })),
    MINOR('advertising'),
    MINOR('advertising'),
  ),
  ...both(
    'banner.privacyUrl',
    ['moved', 'moved back'],
    same,
    withBanner({ privacyUrl: { fr: '/vie-privee.html', en: '/privacy.html' } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'banner.gpc',
    ['no longer honoured', 'honoured again'],
    same,
    withBanner({ gpc: false }),
    LOWERS(),
    MINOR(),
  ),
  ...both(
    'banner.consentMode',
    ['Consent Mode switched on', 'switched off'],
    same,
    withBanner({ consentMode: true }),
    LOWERS('statistics', 'advertising', 'personalisation'),
    MINOR('statistics', 'advertising', 'personalisation'),
  ),
  ...both(
    'banner.consentMode.ad_storage',
    ['a type signalled', 'a type no longer signalled'],
    withBanner({ consentMode: { analytics_storage: 'statistics' } }),
    withBanner({ consentMode: { analytics_storage: 'statistics', ad_storage: 'advertising' } }),
    LOWERS('advertising'),
    MINOR('advertising'),
  ),
  // Whichever purpose newly grants a type is asked again.
  ...both(
    'banner.consentMode.analytics_storage',
    ['granted by another purpose', 'and back'],
    withBanner({ consentMode: { analytics_storage: 'statistics' } }),
    withBanner({ consentMode: { analytics_storage: 'personalisation' } }),
    LOWERS('personalisation'),
    LOWERS('statistics'),
  ),
  ...both(
    'banner.texts',
    ['a text overridden', 'the override removed'],
    same,
    withBanner({ texts: { fr: { accept: "J'accepte" } } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'publication.minGroupSize',
    ['smaller groups (weaker)', 'larger groups (stronger)'],
    same,
    (p) => ({ ...p, publication: { ...p.publication, minGroupSize: 5 } }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'publication.budget.epsilon',
    ['a larger privacy budget (weaker)', 'a smaller one (stronger)'],
    same,
    (p) => ({
      ...p,
      publication: { ...p.publication, budget: { ...p.publication.budget, epsilon: 4 } },
    }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'publication.budget.delta',
    ['a larger δ (weaker)', 'a smaller one (stronger)'],
    same,
    (p) => ({
      ...p,
      publication: { ...p.publication, budget: { ...p.publication.budget, delta: 1e-5 } },
    }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'publication.budget.windowMonths',
    ['a shorter window (renewed sooner, weaker)', 'a longer one'],
    same,
    (p) => ({
      ...p,
      publication: { ...p.publication, budget: { ...p.publication.budget, windowMonths: 6 } },
    }),
    LOWERS('statistics'),
    MINOR('statistics'),
  ),
  ...both(
    'notice.days',
    ['shorter', 'longer'],
    same,
    (p) => ({ ...p, notice: { days: 15 } }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-11]',
    ['an entry added', 'an entry removed'],
    same,
    (p) => ({
      ...p,
      history: [
        ...p.history,
        {
          version: '2026-11',
          published: '2026-10-01',
          effective: '2026-11-01',
          summary: { fr: 'Nouveau.', en: 'New.' },
        },
      ],
    }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-01].published',
    ['a date moved', 'moved back'],
    same,
    (p) => ({ ...p, history: [{ ...p.history[0]!, published: '2025-11-15' }] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-01].effective',
    ['a date moved', 'moved back'],
    same,
    (p) => ({ ...p, history: [{ ...p.history[0]!, effective: '2026-01-15' }] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-01].reconsent',
    ['purposes listed', 'listed no more'],
    same,
    (p) => ({ ...p, history: [{ ...p.history[0]!, reconsent: ['statistics'] }] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-01].sites',
    ['some sites only', 'every site again'],
    same,
    (p) => ({ ...p, history: [{ ...p.history[0]!, sites: ['example.org'] }] }),
    MINOR(),
    MINOR(),
  ),
  ...both(
    'history[2026-01].summary',
    ['reworded', 'reworded back'],
    same,
    (p) => ({ ...p, history: [{ ...p.history[0]!, summary: { fr: 'Autre.', en: 'Other.' } }] }),
    MINOR(),
    MINOR(),
  ),
]

describe('diffPolicies', () => {
  it.each(rows)('$key, $direction → $expected.0', ({ key, old, next, expected }) => {
    const [kind, purposes, sites] = expected
    const changes = diffPolicies(old, next)
    expect(changes).toEqual([{ key, kind, purposes, sites, why: expect.any(String) as string }])
    expect(changes[0]?.why.length).toBeGreaterThan(10)
  })

  it('has rows in both directions for every key of the schema', () => {
    const covered = rows.map((r) => schemaKey(r.key))
    for (const key of leafKeys(policySchema, '')) {
      if (IDENTITY.includes(key)) continue
      expect(covered.filter((k) => k === key).length, key).toBeGreaterThanOrEqual(2)
    }
  })

  it('reads a changed identity (domain, recipient name) as a removal and an addition', () => {
    const p = basePolicy()
    const renamed = withRecipient('Acme', (r) => ({ ...r, name: 'Acme Europe' }))(p)
    expect(diffPolicies(p, renamed).map((c) => [c.key, c.kind])).toEqual([
      ['recipients[Acme Europe]', 'lowers-confidentiality'],
      ['recipients[Acme]', 'minor'],
    ])
    const moved: Policy = { ...p, sites: [{ domain: 'example.net', subdomains: false }] }
    expect(diffPolicies(p, moved).map((c) => [c.key, c.kind])).toEqual([
      ['sites[example.net]', 'lowers-confidentiality'],
      ['sites[example.org]', 'minor'],
    ])
  })

  it('does not report the version and its date, which name a version rather than its terms', () => {
    const p = basePolicy()
    expect(diffPolicies(p, { ...p, version: '2027-01', effective: '2027-01-01' })).toEqual([])
  })

  it('finds no change between equal policies, whatever the order of text keys', () => {
    const p = basePolicy()
    const reordered = withPurpose('statistics', (x) => ({
      ...x,
      title: { en: 'Title', fr: 'Titre' },
    }))(p)
    expect(diffPolicies(p, reordered)).toEqual([])
  })

  it('says why in words for people', () => {
    const p = basePolicy()
    const next: Policy = {
      ...p,
      cookies: { lifetimeMonths: 13 },
      recipients: [
        ...p.recipients,
        { name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' },
      ],
    }
    expect(diffPolicies({ ...p, cookies: { lifetimeMonths: 6 } }, next).map((c) => c.why)).toEqual([
      'cookie lifetime goes from 6 to 13 months',
      'new recipient Ads (controller, US) receives data for advertising',
    ])
  })

  it('lists several changes in the order of the file', () => {
    const p = basePolicy()
    const next: Policy = {
      ...p,
      controller: { ...p.controller, name: 'Autre' },
      cookies: { lifetimeMonths: 12 },
      publication: { ...p.publication, minGroupSize: 20 },
      purposes: { ...p.purposes, marketing: purpose('consent') },
    }
    expect(diffPolicies(p, next).map((c) => [c.key, c.kind])).toEqual([
      ['controller.name', 'minor'],
      ['purposes.marketing', 'lowers-confidentiality'],
      ['cookies.lifetimeMonths', 'minor'],
      ['publication.minGroupSize', 'minor'],
    ])
  })

  it('tells recipients of the same name apart by their rank', () => {
    const p = basePolicy()
    const acme2: Recipient = {
      name: 'Acme',
      role: 'processor',
      purposes: ['statistics'],
      country: 'DE',
    }
    expect(
      diffPolicies(p, { ...p, recipients: [...p.recipients, acme2] }).map((c) => c.key),
    ).toEqual(['recipients[Acme#2]'])
  })

  it('reports additions and removals in one list as two changes', () => {
    const p = basePolicy()
    const next = { ...p, collection: { queryKeys: ['utm_source', 'gclid'] } }
    expect(diffPolicies(p, next).map((c) => [c.kind, c.why])).toEqual([
      [
        'lowers-confidentiality',
        'page addresses now keep the query keys gclid (a new kind of data)',
      ],
      [
        'minor',
        'page addresses no longer keep the query keys utm_medium, utm_campaign, utm_term, utm_content, ref',
      ],
    ])
  })
})

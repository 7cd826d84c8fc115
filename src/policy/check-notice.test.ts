import { describe, expect, it } from 'vitest'
import { checkNotice } from './check-notice.js'
import { checkPolicyRules } from './check-policy-rules.js'
import { policySchema } from './policy-schema.js'
import type { Policy } from './policy-schema.js'

/** The version in force: 6-month cookies. */
function previousPolicy(): Policy {
  return policySchema.parse({
    version: '2026-01',
    effective: '2026-01-01',
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'example.org' }],
    purposes: {
      statistics: {
        basis: 'exempt',
        title: { fr: 'Mesure', en: 'Measurement' },
        description: { fr: 'Compter.', en: 'Counting.' },
      },
    },
    cookies: { lifetimeMonths: 6 },
    consent: { validityMonths: 6, refusalMonths: 6 },
    history: [entry('2026-01', '2025-12-01', '2026-01-01')],
  })
}

function entry(version: string, published: string, effective: string, reconsent?: string[]) {
  return {
    version,
    published,
    effective,
    summary: { fr: 'Résumé.', en: 'Summary.' },
    ...(reconsent ? { reconsent } : {}),
  }
}

/** The next version: 13-month cookies (lowers confidentiality), announced on `published`. */
function nextPolicy(
  published: string,
  effective = '2026-11-01',
  edit: Partial<Policy> = {},
): Policy {
  const p = previousPolicy()
  return {
    ...p,
    version: '2026-11',
    effective,
    cookies: { lifetimeMonths: 13 },
    history: [...p.history, entry('2026-11', published, effective, ['statistics'])],
    ...edit,
  }
}

describe('checkNotice (notice-period)', () => {
  it('accepts a lowering version announced notice.days (30) before it applies', () => {
    expect(checkNotice(nextPolicy('2026-10-02'), previousPolicy())).toEqual([])
  })

  it('names the entry, the rule and the date to use when the notice is too short', () => {
    expect(checkNotice(nextPolicy('2026-10-22'), previousPolicy())).toEqual([
      {
        severity: 'error',
        key: 'history[1].effective',
        rule: 'notice-period',
        message:
          'is 2026-11-01, 10 days after its publication on 2026-10-22; this version lowers confidentiality (cookies.lifetimeMonths) and must be announced 30 days before it applies (notice.days).',
        fix: 'set effective and history[1].effective to 2026-11-21 or later.',
      },
    ])
  })

  it('is part of checkPolicyRules when the previous version is given, and only then', () => {
    const next = nextPolicy('2026-10-22')
    expect(checkPolicyRules(next).map((p) => p.rule)).toEqual([])
    expect(checkPolicyRules(next, { previous: previousPolicy() }).map((p) => p.rule)).toEqual([
      'notice-period',
    ])
  })

  it('lets a minor version apply at once', () => {
    const p = previousPolicy()
    const minor: Policy = {
      ...p,
      version: '2026-02',
      effective: '2026-02-01',
      cookies: { lifetimeMonths: 4 },
      consent: { validityMonths: 4, refusalMonths: 6 },
      history: [...p.history, entry('2026-02', '2026-02-01', '2026-02-01')],
    }
    expect(checkNotice(minor, p)).toEqual([])
  })

  it('follows notice.days, taking the longer of the two versions', () => {
    const previous = { ...previousPolicy(), notice: { days: 10 } }
    expect(
      checkNotice(nextPolicy('2026-10-22', undefined, { notice: { days: 10 } }), previous),
    ).toEqual([])
    // The new version cannot shorten the notice of its own announcement.
    const shortened = nextPolicy('2026-10-22', undefined, { notice: { days: 10 } })
    expect(checkNotice(shortened, { ...previous, notice: { days: 30 } })[0]?.fix).toBe(
      'set effective and history[1].effective to 2026-11-21 or later.',
    )
  })

  it('asks for a history entry when the lowering version has none', () => {
    const next = { ...nextPolicy('2026-10-01'), history: previousPolicy().history }
    const [problem] = checkNotice(next, previousPolicy())
    expect(problem).toMatchObject({ key: 'history', rule: 'notice-period' })
    expect(problem?.fix).toContain("published: '2026-10-02' or earlier")
  })

  it('asks for a new version name when a lowering change keeps the old one (version-bump)', () => {
    const next = { ...nextPolicy('2026-10-01'), version: '2026-01' }
    expect(checkNotice(next, previousPolicy())).toEqual([
      expect.objectContaining({ severity: 'error', key: 'version', rule: 'version-bump' }),
    ])
  })

  it('asks the entry to list the purposes asked again for (reconsent-purposes)', () => {
    const next = nextPolicy('2026-10-02')
    const without = {
      ...next,
      history: [...previousPolicy().history, entry('2026-11', '2026-10-02', '2026-11-01')],
    }
    expect(checkNotice(without, previousPolicy())).toEqual([
      {
        severity: 'error',
        key: 'history[1].reconsent',
        rule: 'reconsent-purposes',
        message:
          'is [], but this version lowers confidentiality (cookies.lifetimeMonths) for statistics: from 2026-11-01 the banner asks again for the purposes listed here.',
        fix: 'set history[1].reconsent to [statistics].',
      },
    ])
    const extra = entry('2026-11', '2026-10-02', '2026-11-01', ['statistics', 'ads'])
    expect(
      checkNotice({ ...next, history: [...previousPolicy().history, extra] }, previousPolicy()).map(
        (p) => p.rule,
      ),
    ).toEqual(['reconsent-purposes'])
  })

  it('asks the entry to name exactly the sites whose visitors the change concerns (reconsent-sites)', () => {
    const previous = previousPolicy()
    const sites = [
      { domain: 'example.org', subdomains: false },
      { domain: 'b.org', subdomains: false },
    ]
    const before = { ...previous, sites }
    // b.org's sub-domains are now measured: a change to b.org's terms only.
    const after = [sites[0]!, { domain: 'b.org', subdomains: true }]
    const onB = {
      ...entry('2026-11', '2026-10-02', '2026-11-01', ['statistics']),
      sites: ['b.org'],
    }
    const next = (e: Policy['history'][number]): Policy => ({
      ...before,
      version: '2026-11',
      effective: '2026-11-01',
      sites: after,
      history: [...previous.history, e],
    })
    expect(checkNotice(next(onB), before)).toEqual([])
    const everySite = entry('2026-11', '2026-10-02', '2026-11-01', ['statistics'])
    expect(checkNotice(next(everySite), before)).toEqual([
      {
        severity: 'error',
        key: 'history[1].sites',
        rule: 'reconsent-sites',
        message:
          'is absent (every site), but this version lowers confidentiality (sites[b.org].subdomains) for the visitors of b.org only: the others would be asked again for nothing.',
        fix: 'set history[1].sites to [b.org].',
      },
    ])
    expect(checkNotice(next({ ...onB, sites: ['example.org'] }), before).map((p) => p.key)).toEqual(
      ['history[1].sites'],
    )
    // Longer cookies concern every site: an entry naming one is refused.
    const everywhere = { ...next(onB), cookies: { lifetimeMonths: 13 } }
    expect(checkNotice(everywhere, before)).toEqual([
      expect.objectContaining({ key: 'history[1].sites', rule: 'version-sites-mixed' }),
      {
        severity: 'error',
        key: 'history[1].sites',
        rule: 'reconsent-sites',
        message:
          'is [b.org], but this version lowers confidentiality (sites[b.org].subdomains, cookies.lifetimeMonths) for the visitors of every site: those of the other sites would keep a consent that no longer covers the terms.',
        fix: 'remove history[1].sites.',
      },
    ])
  })

  it('refuses a version that names sites but also changes what every site was told (version-sites-mixed)', () => {
    const previous = {
      ...previousPolicy(),
      sites: [
        { domain: 'example.org', subdomains: false },
        { domain: 'b.org', subdomains: false },
      ],
    }
    // A minor version for b.org only that also changes the controller's contact.
    const next: Policy = {
      ...previous,
      version: '2026-11',
      effective: '2026-11-01',
      controller: { ...previous.controller, contact: 'new@example.org' },
      history: [
        ...previous.history,
        { ...entry('2026-11', '2026-11-01', '2026-11-01'), sites: ['b.org'] },
      ],
    }
    expect(checkNotice(next, previous)).toEqual([
      {
        severity: 'error',
        key: 'history[1].sites',
        rule: 'version-sites-mixed',
        message:
          "is [b.org], but this version also changes what every site's visitors were told (controller.contact): the other sites' visitors would never hear of it.",
        fix: 'publish the changes of every site as a version of their own, without sites, before or after this one.',
      },
    ])
    // Without sites, the same version is a minor one for every site.
    const everySite = {
      ...next,
      history: [...previous.history, entry('2026-11', '2026-11-01', '2026-11-01')],
    }
    expect(checkNotice(everySite, previous)).toEqual([])
  })

  it("refuses a rewrite of an earlier version's reconsent or sites (history-rewritten)", () => {
    const previous = nextPolicy('2026-10-02')
    // Version 2026-11 (every site, statistics asked again) is narrowed by a later minor version.
    const later = (edit: object): Policy => ({
      ...previous,
      version: '2026-12',
      effective: '2026-12-01',
      history: [
        previous.history[0]!,
        { ...previous.history[1]!, ...edit },
        entry('2026-12', '2026-12-01', '2026-12-01'),
      ],
    })
    expect(checkNotice(later({ sites: ['example.org'] }), previous)).toEqual([
      {
        severity: 'error',
        key: 'history[1].sites',
        rule: 'history-rewritten',
        message:
          'changes the sites of version 2026-11, which visitors were already told about: who is asked again for it would change after the fact.',
        fix: 'restore history[1].sites as in the previous version (absent); announce a new version instead.',
      },
    ])
    expect(checkNotice(later({ reconsent: [] }), previous).map((p) => [p.key, p.rule])).toEqual([
      ['history[1].reconsent', 'history-rewritten'],
    ])
    // The summary may be reworded: it changes nobody's choice.
    expect(checkNotice(later({ summary: { fr: 'Autre.', en: 'Other.' } }), previous)).toEqual([])
  })

  it('leaves impossible dates to the calendar-date rule', () => {
    const next = nextPolicy('2026-02-30')
    expect(checkNotice(next, previousPolicy())).toEqual([])
    expect(checkPolicyRules(next, { previous: previousPolicy() }).map((p) => p.rule)).toEqual([
      'calendar-date',
    ])
  })
})

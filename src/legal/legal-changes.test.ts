import { describe, expect, it } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import { toBrowserConfig } from '../policy/to-browser-config.js'

describe('a legal page’s substantial change, as temoin.js announces it', () => {
  it('comes with its dates, its words in each language, and the link to its changes', () => {
    const policy = examplePolicy()
    const terms = policy.legal.find((l) => l.kind === 'terms')
    expect(terms?.changes).toEqual([{ published: '2026-12-01', effective: '2027-01-01' }])
    const changes = toBrowserConfig(policy, { endpoint: '' }).changes
    expect(changes.find((c) => c.url !== undefined)).toEqual({
      version: 'cgu.md@2026-12-01',
      published: Date.parse('2026-12-01T00:00:00Z'),
      effective: Date.parse('2027-01-01T00:00:00Z'),
      summary: {
        fr: 'Nos CGU changent le 1 janvier 2027 : voir les changements.',
        en: 'Our terms of use change on January 1, 2027: see the changes.',
      },
      reconsent: [],
      url: '/cgu/versions/changes-2026-12-01.html',
    })
    // Among the policy's own versions, by effective date.
    const effective = changes.map((c) => c.effective)
    expect(effective).toEqual([...effective].sort((a, b) => a - b))
  })

  it('takes the policy’s own words when it gives them, and names each kind of page', () => {
    const policy = examplePolicy()
    const legal = [
      {
        kind: 'privacy' as const,
        source: 'legal/vie-privee.md',
        language: 'fr',
        changes: [
          { published: '2026-12-01', effective: '2027-01-01', summary: { fr: 'Du nouveau.' } },
        ],
      },
      {
        kind: 'legal-notice' as const,
        source: 'mentions.md',
        language: 'fr',
        changes: [{ published: '2026-12-02', effective: '2027-01-02' }],
      },
    ]
    const [privacy, notice] = toBrowserConfig(
      { ...policy, history: [], legal },
      { endpoint: '' },
    ).changes
    expect(privacy?.summary).toEqual({
      fr: 'Du nouveau.',
      en: 'Our privacy policy changes on January 1, 2027: see the changes.',
    })
    expect(privacy?.url).toBe('/legal/vie-privee/versions/changes-2026-12-01.html')
    expect(notice?.summary.fr).toBe(
      'Nos mentions légales changent le 2 janvier 2027 : voir les changements.',
    )
  })

  it('names each kind of page in French and English when the policy gives no words', () => {
    // kills legal-changes.ts: the French privacy page's and the English legal notice's words emptied
    const change = [{ published: '2026-12-01', effective: '2027-01-01' }]
    const legal = (['privacy', 'legal-notice', 'terms'] as const).map((kind) => ({
      kind,
      source: `${kind}.md`,
      language: 'fr',
      changes: change,
    }))
    const changes = toBrowserConfig(
      { ...examplePolicy(), history: [], legal },
      { endpoint: '' },
    ).changes
    expect(changes.map((c) => c.summary)).toEqual([
      {
        fr: 'Notre politique de confidentialité change le 1 janvier 2027 : voir les changements.',
        en: 'Our privacy policy changes on January 1, 2027: see the changes.',
      },
      {
        fr: 'Nos mentions légales changent le 1 janvier 2027 : voir les changements.',
        en: 'Our legal notice changes on January 1, 2027: see the changes.',
      },
      {
        fr: 'Nos CGU changent le 1 janvier 2027 : voir les changements.',
        en: 'Our terms of use change on January 1, 2027: see the changes.',
      },
    ])
  })

  it('words a regional language (fr-CA, en-GB) as its language, with the region’s dates', () => {
    // kills legal-changes.ts: language.slice(0, 2) → language (no words for fr-CA)
    const policy = { ...examplePolicy(), history: [], languages: ['fr-CA', 'en-GB'] }
    const [terms] = toBrowserConfig(policy, { endpoint: '' }).changes
    expect(terms?.summary).toEqual({
      'fr-CA': 'Nos CGU changent le 1 janvier 2027 : voir les changements.',
      'en-GB': 'Our terms of use change on 1 January 2027: see the changes.',
    })
  })
})

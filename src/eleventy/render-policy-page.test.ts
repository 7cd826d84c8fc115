import { DEFAULT_PRIVACY_BUDGET } from '../policy/policy-schema.js'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { inspectConfigText } from '../policy/load-config.js'
import type { Policy } from '../policy/policy-schema.js'
import { renderPolicyPage } from './render-policy-page.js'

const NB = '\u00a0'
const text = await readFile(new URL('../../examples/temoin.yaml', import.meta.url), 'utf8')
const example = inspectConfigText(text, 'examples/temoin.yaml').config?.policy
if (!example) throw new Error('the example policy is invalid')
const EXAMPLE: Policy = example

const render = (edit: Partial<Policy>, language = 'fr', collector = 'https://stats.example.org') =>
  renderPolicyPage({ ...EXAMPLE, ...edit }, language, collector)

describe('renderPolicyPage', () => {
  // Each value of the policy, changed, and the words that must then appear, in each language.
  const VALUES: [string, Partial<Policy>, string[], string[]][] = [
    [
      'cookies.lifetimeMonths',
      { cookies: { lifetimeMonths: 11 } },
      [
        `<td>11${NB}mois à compter de son premier dépôt${NB}; vos visites ne la prolongent pas, et jamais`,
      ],
      ['<td>11\u00a0months from its first deposit; your visits do not extend it, and never'],
    ],
    [
      'consent.validityMonths',
      { consent: { validityMonths: 10, refusalMonths: 6 } },
      [
        `<td>10${NB}mois à compter de son premier dépôt${NB}; vos visites ne la prolongent pas</td>`,
        `Votre consentement vaut 10${NB}mois à compter du jour`,
      ],
      [
        '<td>10\u00a0months from its first deposit; your visits do not extend it</td>',
        'Your consent is valid for 10\u00a0months',
      ],
    ],
    [
      'consent.refusalMonths',
      { consent: { validityMonths: 13, refusalMonths: 8 } },
      [`ce refus est retenu 8${NB}mois`],
      ['the refusal is remembered for 8\u00a0months'],
    ],
    [
      'retention',
      { retention: { eventsMonths: 20, receiptsMonths: 40 } },
      [
        `données de visite sont conservées 20${NB}mois`,
        `reçus de vos choix sont conservés 40${NB}mois`,
      ],
      ['Visit data is kept for 20\u00a0months', 'choices are kept for 40\u00a0months'],
    ],
    [
      'publication.minGroupSize',
      { publication: { minGroupSize: 30, budget: DEFAULT_PRIVACY_BUDGET } },
      [`au moins 30${NB}visiteurs distincts`],
      ['at least 30 distinct visitors'],
    ],
    [
      'recipients',
      {
        recipients: [
          {
            name: 'Nuage SA',
            role: 'controller',
            purposes: ['statistics', 'personalisation'],
            country: 'CH',
            url: 'https://nuage.example/privacy',
          },
        ],
      },
      [
        `<tr><td>Nuage SA (<a href="https://nuage.example/privacy">sa politique de confidentialité</a>)</td><td>responsable de traitement${NB}: utilise les données pour ses propres fins</td><td>Suisse (hors de l’Espace économique européen)</td><td>«${NB}Mesure d&#39;audience${NB}» et «${NB}Personnalisation${NB}»</td></tr>`,
        `Destinataires${NB}: Nuage SA.`,
      ],
      [
        '<tr><td>Nuage SA (<a href="https://nuage.example/privacy">its privacy notice</a>)</td><td>controller: uses the data for its own purposes</td><td>Switzerland (outside the European Economic Area)</td><td>“Audience measurement” and “Personalisation”</td></tr>',
        'Recipients: Nuage SA.',
      ],
    ],
    [
      'no recipients',
      { recipients: [] },
      ['Vos données ne sont transmises à personne d’autre que le responsable du traitement.'],
      ['Your data is passed to no one other than Association Témoin Démo.'],
    ],
    [
      'collection.queryKeys',
      { collection: { queryKeys: ['campagne'] } },
      ['de ses paramètres, seuls <code>campagne</code> sont gardés'],
      ['of its parameters, only <code>campagne</code> are kept'],
    ],
  ]
  for (const [key, edit, fr, en] of VALUES) {
    it(`writes ${key} into the French and English pages`, () => {
      const before = [render({}, 'fr'), render({}, 'en')]
      const after = [render(edit, 'fr'), render(edit, 'en')]
      for (const [i, wanted] of [fr, en].entries()) {
        for (const words of wanted) {
          expect(after[i]).toContain(words)
          expect(before[i]).not.toContain(words)
        }
      }
    })
  }

  it('lists the purposes’ own cookies with their purpose and lifetime; a trailing * is a prefix', () => {
    const purposes = structuredClone(EXAMPLE.purposes)
    purposes.statistics = { ...purposes.statistics!, cookies: ['_pk_id*', 'stats'] }
    const fr = render({ purposes, cookies: { lifetimeMonths: 12 } }, 'fr')
    const lifetime = `12${NB}mois à compter de son premier dépôt${NB}; vos visites ne la prolongent pas`
    expect(fr).toContain(
      `<tr><td>les cookies dont le nom commence par <code>_pk_id</code></td><td>Finalité «${NB}Mesure d&#39;audience${NB}»${NB}: déposé seulement si vous l’acceptez, supprimé dès que vous la retirez.</td><td>${lifetime}</td></tr>`,
    )
    expect(fr).toContain(`<tr><td><code>stats</code></td>`)
    expect(render({ purposes }, 'en')).toContain(
      '<td>cookies whose name starts with <code>_pk_id</code></td>',
    )
  })

  it('explains each legal basis: consent, and the CNIL audience-measurement exemption', () => {
    const fr = render({}, 'fr')
    expect(fr).toMatch(
      /<h3>Mesure d&#39;audience<\/h3>\n<p>.*<\/p>\n<p><strong>Base légale.*mesure d’audience exemptée de consentement, dans les conditions fixées par la CNIL/,
    )
    expect(fr).toMatch(
      /<h3>Personnalisation<\/h3>\n<p>.*<\/p>\n<p><strong>Base légale.*votre consentement \(article 6\.1\.a du RGPD/,
    )
    const purposes = structuredClone(EXAMPLE.purposes)
    purposes.statistics = { ...purposes.statistics!, basis: 'consent' }
    expect(render({ purposes }, 'en')).not.toContain('exempt from consent')
  })

  it('escapes every value from the policy', () => {
    const html = render({
      controller: { name: '<img src=x onerror=alert(1)>', contact: 'a"b@example.org' },
      version: '<b>1</b>',
    })
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>1')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<a href="mailto:a&quot;b@example.org">')
  })

  it('links the contact: mailto for an address, the page for a URL', () => {
    expect(render({ controller: { name: 'X', contact: 'https://x.example/contact' } })).toContain(
      'rendez-vous sur <a href="https://x.example/contact">https://x.example/contact</a>',
    )
    expect(render({}, 'en')).toContain(
      'write to <a href="mailto:confidentialite@demo.temoin.example">',
    )
  })

  it('shows the version history, newest first, with dates as people write them', () => {
    const history: Policy['history'] = [
      {
        version: '2026-03',
        published: '2026-02-01',
        effective: '2026-03-01',
        summary: { fr: 'Première version.', en: 'First version.' },
      },
      {
        version: '2026-11',
        published: '2026-10-01',
        effective: '2026-11-01',
        summary: { fr: 'Plus de vidéos.' },
      },
      {
        version: '2026-12',
        published: '2026-11-15',
        effective: '2026-12-15',
        summary: { fr: 'Sous-domaines.', en: 'Sub-domains.' },
        sites: ['demo.temoin.example'],
      },
    ]
    const fr = render({ history }, 'fr')
    // A version about some sites only says which.
    expect(fr).toContain(
      '<tr><td>2026-12</td><td>15 novembre 2026</td><td>15 décembre 2026</td><td>Sous-domaines. Concerne\u00a0: demo.temoin.example.</td></tr>',
    )
    expect(render({ history }, 'en')).toContain(
      '<td>Sub-domains. Concerns: demo.temoin.example.</td>',
    )
    expect(fr).toContain(
      '<tr><td>2026-11</td><td>1er octobre 2026</td><td>1er novembre 2026</td><td>Plus de vidéos.</td></tr>\n<tr><td>2026-03</td><td>1er février 2026</td><td>1er mars 2026</td><td>Première version.</td></tr>',
    )
    expect(fr).toContain('<p>Version 2026-11, applicable à compter du 1er novembre 2026.</p>')
    // A summary missing in a language (a warning of the policy check) shows in another one.
    expect(render({ history }, 'en')).toContain(
      '<tr><td>2026-11</td><td>1 October 2026</td><td>1 November 2026</td><td>Plus de vidéos.</td></tr>',
    )
  })

  it('gives working controls: the manage button, and see / erase calling the collector', () => {
    const fr = render({}, 'fr', '')
    expect(fr).toContain('<button type="button" data-temoin-manage>Gérer mes cookies</button>')
    expect(fr).toContain('<div id="temoin-visitor-data" data-endpoint="" data-lang="fr"')
    expect(fr).toContain('<button type="button" data-temoin-see>Voir mes données</button>')
    expect(fr).toContain('<button type="button" data-temoin-erase>Effacer mes données</button>')
    expect(fr).toMatch(/<script>\(function \(\) \{[\s\S]*'\/api\/visitor\/'[\s\S]*<\/script>/)
  })

  it('leaves out what a policy without statistics does not do', () => {
    const purposes = Object.fromEntries(
      Object.entries(EXAMPLE.purposes).filter(([id]) => id !== 'statistics'),
    )
    const html = render({ purposes, recipients: [] }, 'fr')
    expect(html).not.toContain('temoin_id')
    expect(html).not.toContain('temoin-visitor-data')
    expect(html).not.toContain('Données recueillies')
    expect(html).toContain('data-temoin-manage')
  })

  it('mentions Global Privacy Control only when the policy honours it', () => {
    expect(render({}, 'fr')).toContain('Global Privacy Control')
    expect(render({ banner: { ...EXAMPLE.banner, gpc: false } }, 'fr')).not.toContain(
      'Global Privacy Control',
    )
  })

  it('takes the manage label from banner.texts, like the banner', () => {
    const banner = { ...EXAMPLE.banner, texts: { en: { manage: 'Cookie settings' } } }
    expect(render({ banner }, 'en')).toContain('with the “Cookie settings” button')
  })

  it('serves a regional variant, and refuses a language it is not written in', () => {
    expect(render({ languages: ['fr-CA'] }, 'fr-CA')).toContain('lang="fr-CA"')
    expect(() => render({}, 'de')).toThrow(/French and English, not "de"/)
  })
})

describe('renderPolicyPage: the objection to the exempt measurement', () => {
  // The CNIL's exemption needs an easy objection: the page offers it where statistics is exempt,
  // and only there (under consent, refusing is the objection).
  it('offers the one-click objection where statistics is exempt, in French and English', () => {
    expect(render({}, 'fr')).toContain(
      '<button type="button" data-temoin-object>Je m’oppose à la mesure d’audience</button>',
    )
    expect(render({}, 'en')).toContain(
      '<button type="button" data-temoin-object>I object to audience measurement</button>',
    )
    expect(render({}, 'en')).toContain('no longer count any of your visits')
    const statistics = { ...EXAMPLE.purposes.statistics!, basis: 'consent' as const }
    const consent = render({ purposes: { ...EXAMPLE.purposes, statistics } }, 'fr')
    expect(consent).not.toContain('data-temoin-object')
  })
})

import { describe, expect, it } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import { checkPrivacyPage, type PageProblem } from './check-privacy-page.js'

// Cookies 13 months, consent 13, refusal 6, events 13, receipts 60, notice 30 days.
const policy = examplePolicy()
/** The page's other sentences name every purpose and recipient, so only the claims speak. */
const NAMES = '\n\nMesure d’audience, personnalisation ; hébergeur.\n'
const errors = (text: string): PageProblem[] =>
  checkPrivacyPage(text + NAMES, policy).filter((p) => p.severity === 'error')
const said = (text: string) => errors(text).map((p) => `${p.rule} ${p.message}`)

describe('checkPrivacyPage: what a hand-written privacy page claims, read against the policy', () => {
  it('accepts the policy’s own durations, in French and English, in words or digits', () => {
    expect(
      said(
        [
          'Les cookies ont une durée de vie de treize mois au plus.',
          'Votre consentement vaut 13 mois ; un refus est gardé 6 mois.',
          'Si vous refusez, votre choix est retenu six mois.',
          'Les données de mesure sont conservées 13 mois et les preuves de consentement 5 ans.',
          'Nous annonçons tout changement 30 jours à l’avance.',
          'Cookies last 13 months from their first deposit; consent lasts thirteen months.',
          'A refusal is remembered for 6 months. Receipts are kept for 60 months.',
          'Le site compte 12 mois d’existence et 3 ans de bénévolat.', // about nothing the policy says
        ].join('\n'),
      ),
    ).toEqual([])
  })

  it('names each duration that is not the policy’s, with its line, column and fix', () => {
    const text = 'Introduction.\n\nLes cookies durent 25 mois.\nVotre consentement vaut un an.'
    expect(errors(text)).toEqual([
      {
        severity: 'error',
        line: 3,
        column: 20,
        rule: 'page-duration',
        message: '"25 mois": cookies last 13 months (cookies.lifetimeMonths in the policy).',
        fix: 'write "13 mois", or {% temoinValue "cookies.lifetime" %} so that the page always says what the policy does.',
      },
      expect.objectContaining({
        line: 4,
        column: 25,
        message: '"un an": a consent lasts 13 months (consent.validityMonths in the policy).',
      }),
    ])
    expect(
      checkPrivacyPage('Consent is valid for 2 years.' + NAMES, policy, { language: 'en' })[0]?.fix,
    ).toBe(
      'write "13 months", or {% temoinValue "consent.validity" %} so that the page always says what the policy does.',
    )
  })

  it('reads each duration as about the nearest subject before it, else after it', () => {
    expect(said('Les cookies durent 13 mois et les données sont conservées 25 mois.')).toEqual([
      'page-duration "25 mois": events are kept 13 months (retention.eventsMonths in the policy).',
    ])
    expect(said('Pendant 7 mois, votre refus est respecté.')).toEqual([
      'page-duration "7 mois": a refusal is remembered for 6 months (consent.refusalMonths in the policy).',
    ])
    expect(said('A change is announced 15 days ahead.')).toEqual([
      'page-duration "15 days": a change that lowers confidentiality is announced 30 days (notice.days in the policy).',
    ])
    expect(said('Les preuves de vos choix sont gardées 3 ans.')).toHaveLength(1)
    // A list item is its own sentence: the heading above does not make its duration a cookie's.
    expect(said('## Cookies\n\n- Notre association a 25 ans.')).toEqual([])
  })

  it('does not read what the shortcodes write, nor comments', () => {
    expect(
      said(
        'Les cookies durent {% temoinValue "cookies.lifetime" %}. {# 25 mois #}<!-- les cookies durent 2 ans -->',
      ),
    ).toEqual([])
  })

  it('refuses a lifetime extended by visits, and accepts one that is not', () => {
    expect(
      said(
        'Cette durée n’est pas prolongée par vos visites. Consent is not extended by later visits. Il est renouvelé au terme de sa durée.',
      ),
    ).toEqual([])
    expect(errors('Les cookies sont prorogés à chaque visite.')).toEqual([
      expect.objectContaining({ rule: 'page-lifetime-extended', line: 1, column: 18 }),
    ])
    expect(said('Your consent is renewed at each visit.')).toHaveLength(1)
  })

  it('warns of a purpose, a recipient and, when figures are shown, aggregation never mentioned', () => {
    const warnings = (text: string, publishes = false) =>
      checkPrivacyPage(text, policy, { publishes }).map((p) => `${p.severity} ${p.rule}`)
    expect(warnings('Nous mesurons l’audience. Notre hébergeur. Personnalisation.')).toEqual([])
    expect(warnings('Nous mesurons l’audience. Notre hébergeur.')).toEqual([
      'warning page-purpose-missing',
    ])
    expect(warnings('Statistiques et personnalisation.')).toEqual([
      'warning page-recipient-missing',
    ])
    expect(warnings(NAMES, true)).toEqual(['warning page-publication-missing'])
    // A section of the generated page names what it lists.
    expect(warnings('{% temoinPolicy "purposes", "recipients" %}')).toEqual([])
    expect(
      warnings(
        "{%- temoinPolicy 'publication' %} Statistiques, personnalisation, hébergeur.",
        true,
      ),
    ).toEqual([])
    expect(warnings(`${NAMES} Des chiffres agrégés.`, true)).toEqual([])
  })

  it('keeps columns right after accents, typographic apostrophes and emoji', () => {
    const [p] = errors('🍪 Les « cookies » d’été durent 2 ans.')
    expect(p).toMatchObject({ line: 1, column: 33 })
    expect('🍪 Les « cookies » d’été durent 2 ans.'.slice(32, 37)).toBe('2 ans')
  })
})

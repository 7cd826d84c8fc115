import { describe, expect, it } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import type { Policy } from '../policy/policy-schema.js'
import { checkPrivacyPage, type PageProblem } from './check-privacy-page.js'

// Cookies 13 months, consent 13, refusal 6, events 13, receipts 60, notice 30 days.
const policy = examplePolicy()
/** The page's other sentences name every purpose and recipient, so only the claims speak. */
const NAMES = '\n\nMesure d’audience, personnalisation ; hébergeur.\n'
const errors = (text: string): PageProblem[] =>
  checkPrivacyPage(text + NAMES, policy).filter((p) => p.severity === 'error')
const said = (text: string) => errors(text).map((p) => `${p.rule} ${p.message}`)

/**
 * Cookies 13 months, consent 12, events 25: a duration read as about the wrong one of them is an
 * error, so these tests see which subject a duration was given.
 */
const distinct: Policy = {
  ...policy,
  consent: { ...policy.consent, validityMonths: 12 },
  retention: { ...policy.retention, eventsMonths: 25 },
}
const saidOf = (text: string) =>
  checkPrivacyPage(text + NAMES, distinct)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.rule} ${p.message}`)

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

  // Each kills a mutant of a unit's words (`jours?` → `jours`, `days?` → `days`, `years?` …).
  it('reads every unit, singular and plural, in French and English', () => {
    expect(
      said(
        [
          'Le préavis est de 30 jours. Notice: 30 days.',
          'Les preuves de consentement sont gardées 5 ans, 5 années, 5 years.',
          'Les cookies durent 13 mois, 13 months.',
          'Un préavis d’un jour ; notice of one day.',
          'Preuves de consentement : un an. Preuves de consentement : une année.',
          'Receipts of consent: one year.',
          'Les cookies : one month. Les cookies : vingt-cinq mois.',
        ].join('\n\n'),
      ),
    ).toEqual([
      'page-duration "un jour": a change that lowers confidentiality is announced 30 days (notice.days in the policy).',
      'page-duration "one day": a change that lowers confidentiality is announced 30 days (notice.days in the policy).',
      'page-duration "un an": consent receipts are kept 60 months (retention.receiptsMonths in the policy).',
      'page-duration "une année": consent receipts are kept 60 months (retention.receiptsMonths in the policy).',
      'page-duration "one year": consent receipts are kept 60 months (retention.receiptsMonths in the policy).',
      'page-duration "one month": cookies last 13 months (cookies.lifetimeMonths in the policy).',
      'page-duration "vingt-cinq mois": cookies last 13 months (cookies.lifetimeMonths in the policy).',
    ])
  })

  // Kills `if ((s.unit === 'days') !== inDays) return` → false: "un mois" would be read as 1 day.
  it('leaves alone a duration in another unit than the policy counts in', () => {
    expect(said('Tout changement est annoncé avec un préavis d’un mois.')).toEqual([])
  })

  // Kills `from = i === 0 ? 0 : …` → 0, and `… - found[i - 1][0].length`: the second duration
  // would be read against the words before the first one.
  it('reads a second duration against the words since the first one only', () => {
    expect(
      saidOf('Les cookies : treize mois ; au-delà de 25 mois, les données sont effacées.'),
    ).toEqual([])
  })

  // Kills `nearestSubject(…, m.index + whole.length, …)` → `m.index - whole.length` (the window
  // after a duration at the sentence's start becomes its last characters), and the nearest word
  // after a duration taken by its end (`which === 'last' ? … : -m.index` → `true`, `+m.index`).
  it('reads a duration with nothing before it as about the first subject after it', () => {
    expect(saidOf('25 mois : durée des données, puis des cookies')).toEqual([])
    expect(saidOf('25 mois : durée des cookies, puis des données')).toEqual([
      'page-duration "25 mois": cookies last 13 months (cookies.lifetimeMonths in the policy).',
    ])
  })

  // Kills `best === undefined || at > best.at` → `true`: the last pattern's word would win.
  it('reads a duration as about the nearest of several subjects before it', () => {
    expect(saidOf('Les données et les cookies : 13 mois.')).toEqual([])
    expect(saidOf('Les cookies et les données : 25 mois.')).toEqual([])
    expect(saidOf('Les cookies et votre consentement : 13 mois.')).toEqual([
      'page-duration "13 mois": a consent lasts 12 months (consent.validityMonths in the policy).',
    ])
  })

  // Kills the blanking of `{% … %}` and `{{ … }}` reduced to tags without spaces or of one
  // character (`[\s\S]*?` → `[\S\S]*?`, `[\s\S]`, `[\s\s]*?`, `[^\s\S]*?`).
  it('does not read a duration inside a template tag that holds spaces', () => {
    expect(said('Les cookies durent {% set ancienne = "25 mois" %}13 mois.')).toEqual([])
    expect(said('Les cookies durent {{ "25 mois" | replace("25", "13") }}.')).toEqual([])
    expect(said('Les cookies durent {#  autrefois 25 mois  #} 13 mois.')).toEqual([])
  })

  // Kills the message and the fix of page-lifetime-extended (the verb's slice, the strings).
  it('says which words extend a lifetime, and how to say it instead', () => {
    expect(errors('Les cookies sont prolongés à chaque visite.')).toEqual([
      {
        severity: 'error',
        line: 1,
        column: 18,
        rule: 'page-lifetime-extended',
        message:
          '"prolonges": the page says a lifetime is extended by visits, but Témoin counts every cookie\'s and every consent\'s lifetime from its first deposit and never extends it.',
        fix: 'say that the lifetime runs from the first deposit and is not extended by later visits (e.g. "13 mois à compter du premier dépôt, sans prolongation à chaque visite").',
      },
    ])
  })

  // Kills the sort's mutants (removed, `a.line + b.line`, `a.column + b.column`, `&&`).
  it('lists problems in the page’s order: line, then column', () => {
    const found = checkPrivacyPage(
      'Les cookies sont prolongés à chaque visite et durent 25 mois.\nVotre consentement : 2 ans.',
      policy,
    )
    expect(found.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual([
      '1:1 page-purpose-missing',
      '1:1 page-purpose-missing',
      '1:1 page-recipient-missing',
      '1:18 page-lifetime-extended',
      '1:54 page-duration',
      '2:22 page-duration',
    ])
  })

  // Kills the warnings' messages and fixes, and the French title chosen for the fix (`??` → `&&`).
  it('says which purpose or recipient is missing, and what to write', () => {
    const englishOnly: Policy = {
      ...policy,
      purposes: {
        ...policy.purposes,
        personalisation: { ...policy.purposes.personalisation!, title: { en: 'Your pages' } },
      },
    }
    expect(checkPrivacyPage('Rien.', englishOnly, { publishes: true })).toEqual([
      {
        severity: 'warning',
        line: 1,
        column: 1,
        rule: 'page-purpose-missing',
        message:
          'the policy\'s purpose "statistics" (Mesure d\'audience / Audience measurement) is never named on the page.',
        fix: 'say what "Mesure d\'audience" does with the data, and on what basis.',
      },
      {
        severity: 'warning',
        line: 1,
        column: 1,
        rule: 'page-purpose-missing',
        message: 'the policy\'s purpose "personalisation" (Your pages) is never named on the page.',
        fix: 'say what "Your pages" does with the data, and on what basis.',
      },
      {
        severity: 'warning',
        line: 1,
        column: 1,
        rule: 'page-recipient-missing',
        message: 'the recipient "Hébergeur du site" (processor, FR) is never named on the page.',
        fix: 'name "Hébergeur du site" among those who receive data, with its role and country.',
      },
      {
        severity: 'warning',
        line: 1,
        column: 1,
        rule: 'page-publication-missing',
        message:
          'the site shows figures published by temoin publish, but the page never says that published figures are aggregated.',
        fix: 'say that figures are published only aggregated, so that no visitor can be singled out (e.g. "des statistiques agrégées, combinées de façon qu\'aucun visiteur ne puisse être identifié").',
      },
    ])
  })

  // Kills `included.has('purposes') ? [] : …` → a list of one wrong entry, and `{%-?\s*` → `\s`.
  it('counts a purposes section or a tag written without spaces as naming what it lists', () => {
    const warnings = (text: string) => checkPrivacyPage(text, policy).map((p) => p.rule)
    expect(warnings('{% temoinPolicy "purposes" %} Notre hébergeur.')).toEqual([])
    expect(warnings('{%temoinPolicy "recipients"%} Statistiques, personnalisation.')).toEqual([])
    expect(warnings('{%-   temoinPolicy "recipients" -%} Statistiques, personnalisation.')).toEqual(
      [],
    )
  })

  // Kills `w.length >= 5` → `> 5` or `true`, and the split's class negated: a recipient is named
  // by its first word of five letters or more.
  it('takes a recipient’s first word of five letters or more as naming it', () => {
    const hosted: Policy = {
      ...policy,
      recipients: [{ ...policy.recipients[0]!, name: 'OVH Cloud SAS' }],
    }
    const warnings = (text: string) =>
      checkPrivacyPage(`Statistiques, personnalisation. ${text}`, hosted).map((p) => p.rule)
    expect(warnings('Notre hébergeur est Cloud.')).toEqual([])
    expect(warnings('Notre hébergeur est OVH.')).toEqual(['page-recipient-missing'])
  })

  // Kills the fold's `f.length === c.length ? f : c` → `f`: a Hangul syllable folds into three
  // letters and would move every column after it.
  it('keeps columns right after a character whose folding has another length', () => {
    const text = '한국 : les cookies durent 2 ans.'
    const [p] = errors(text)
    expect(p).toMatchObject({ line: 1, column: 25 })
    expect(p?.message).toContain('"2 ans"')
    expect(text.slice(24, 29)).toBe('2 ans')
  })

  // Kills the fold's typographic apostrophe → '' (`isn’t` is then no negation) and its spaces
  // → '' (a no-break space would keep "preuves de consentement" from being about receipts).
  it('reads typographic apostrophes and no-break spaces as their plain forms', () => {
    expect(said('Your consent isn’t extended at each visit.')).toEqual([])
    expect(said('Les preuves de\u00a0consentement sont gardées 5\u00a0ans.')).toEqual([])
    expect(said('Les cookies durent 25\u00a0mois.')).toEqual([
      'page-duration "25\u00a0mois": cookies last 13 months (cookies.lifetimeMonths in the policy).',
    ])
  })

  // Kills the block starts' pattern (line 359: each alternative, its indentation, its negation)
  // and the blocks' push: a list item, a heading, a table row or a quote is a sentence of its own
  // even without a blank line before it, and a line break inside a paragraph is not.
  // The second half found a bug: the segmenter ended a sentence at each line break, so a claim
  // wrapped across two lines of the source ("durent\n25 mois") was never read.
  it('cuts blocks at list items, headings, table rows and quotes, not inside a paragraph', () => {
    for (const block of [
      '- notre association a 25 ans.',
      '  * notre association a 25 ans.',
      '+ notre association a 25 ans.',
      '12. notre association a 25 ans.',
      '3) notre association a 25 ans.',
      '# Notre association a 25 ans',
      '| Notre association | 25 ans |',
      '> Notre association a 25 ans.',
      '\nNotre association a 25 ans.',
    ])
      expect(said(`Les cookies :\n${block}`), block).toEqual([])
    // A paragraph goes on across its line breaks, whatever its next line begins with.
    for (const next of ['à 25 mois.', '25 mois.', '-, soit 25 mois.', '12.5 puis 25 mois.'])
      expect(said(`Les cookies durent\n${next}`), next).toEqual([
        'page-duration "25 mois": cookies last 13 months (cookies.lifetimeMonths in the policy).',
      ])
  })

  it('keeps lines and columns right on every line, the last one too, and at a line’s start', () => {
    const text = 'Un.\nDeux.\n\nLes cookies durent 25 mois.'
    expect(errors(text)).toEqual([expect.objectContaining({ line: 4, column: 20 })])
    // A claim at the first column of a line, inside its paragraph.
    expect(errors('Un.\n\nLes cookies durent\n25 mois.')).toEqual([
      expect.objectContaining({ line: 4, column: 1 }),
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { BANNER_TEXT_KEYS, BUILT_IN_BANNER_LANGUAGES } from '../protocol/banner-text-keys.js'
import { BANNER_TEXTS } from '../browser/banner-texts.js'
import { checkBanner } from './check-texts.js'
import { checkPolicyRules } from './check-policy-rules.js'
import { policySchema } from './policy-schema.js'
import type { Policy } from './policy-schema.js'

const de = { fr: 'Texte.', en: 'Text.', de: 'Text.' }

/** A policy in French, English and German, every purpose text in the three. */
function trilingual(banner: object = {}): Policy {
  return policySchema.parse({
    version: '2026-11',
    effective: '2026-11-01',
    languages: ['fr', 'en', 'de'],
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'example.org' }],
    purposes: { statistics: { basis: 'exempt', title: de, description: de } },
    banner: {
      privacyUrl: { fr: '/confidentialite.html', en: '/privacy.html', de: '/datenschutz.html' },
      ...banner,
    },
  })
}

/** Every banner text in German. */
const GERMAN = Object.fromEntries(BANNER_TEXT_KEYS.map((k) => [k, `de:${k}`]))

describe('checkBanner: every declared language has its banner and its privacy page', () => {
  it('accepts a third language whose banner texts are all given', () => {
    const p = trilingual({ texts: { de: GERMAN } })
    expect(checkBanner(p)).toEqual([])
    expect(checkPolicyRules(p)).toEqual([])
  })

  it('refuses a third language without banner texts, naming every missing key', () => {
    const partial = Object.fromEntries(
      Object.entries(GERMAN).filter(([k]) => k !== 'accept' && k !== 'refuse'),
    )
    expect(checkBanner(trilingual({ texts: { de: partial } }))).toEqual([
      {
        severity: 'error',
        key: 'banner.texts.de',
        rule: 'banner-text-language',
        message:
          'lacks 2 of the banner\'s 14 texts (accept, refuse): temoin.js has texts in French and English only, so visitors reading "de" would see them in English.',
        fix: `give every key in "de" under banner.texts.de: ${BANNER_TEXT_KEYS.join(', ')} (docs/browser.md, "Languages").`,
      },
    ])
    expect(checkBanner(trilingual()).map((p) => [p.key, p.rule])).toEqual([
      ['banner.texts.de', 'banner-text-language'],
    ])
  })

  it('needs no texts for French, English and their regional variants (built in)', () => {
    const p = trilingual()
    const regional = {
      ...p,
      languages: ['fr-CA', 'en-GB'],
      banner: { ...p.banner, privacyUrl: { 'fr-CA': '/fr', 'en-GB': '/en' } },
    }
    expect(checkBanner(regional)).toEqual([])
  })

  it('refuses a declared language without a privacy page address', () => {
    const p = trilingual({ texts: { de: GERMAN } })
    const privacyUrl = { fr: '/confidentialite.html', en: '/privacy.html' }
    expect(checkBanner({ ...p, banner: { ...p.banner, privacyUrl } })).toEqual([
      {
        severity: 'error',
        key: 'banner.privacyUrl.de',
        rule: 'privacy-url-language',
        message: 'is missing: the banner would link visitors reading "de" to the "fr" page.',
        fix: 'add the address of your privacy page in "de": Témoin writes it in French and English only.',
      },
    ])
    const noEnglish = { ...p, banner: { ...p.banner, privacyUrl: { fr: '/c.html', de: '/d' } } }
    expect(checkBanner(noEnglish)).toEqual([
      expect.objectContaining({
        key: 'banner.privacyUrl.en',
        fix: 'add the address of the privacy page in "en" (the Eleventy plugin writes it: docs/eleventy.md).',
      }),
    ])
  })

  it('names a key the banner does not have, with the one it probably meant', () => {
    const p = trilingual({ texts: { de: GERMAN, fr: { acept: "J'accepte", zzzzzzzz: 'x' } } })
    expect(checkBanner(p)).toEqual([
      {
        severity: 'error',
        key: 'banner.texts.fr.acept',
        rule: 'banner-text-key',
        message: 'is not a text of the banner, so it is never shown.',
        fix: `rename it to "accept" (the banner's texts: ${BANNER_TEXT_KEYS.join(', ')}).`,
      },
      expect.objectContaining({
        key: 'banner.texts.fr.zzzzzzzz',
        rule: 'banner-text-key',
        fix: `use one of ${BANNER_TEXT_KEYS.join(', ')}.`,
      }),
    ])
  })

  it('warns of texts in a language the policy does not list', () => {
    const p = trilingual({ texts: { de: GERMAN, it: { accept: 'Accetta' } } })
    expect(checkBanner(p)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        key: 'banner.texts.it',
        rule: 'text-language-unlisted',
      }),
    ])
  })

  it("knows the banner's keys and built-in languages as temoin.js has them", () => {
    expect(Object.keys(BANNER_TEXTS)).toEqual(BUILT_IN_BANNER_LANGUAGES)
    for (const texts of Object.values(BANNER_TEXTS)) {
      expect(Object.keys(texts).sort()).toEqual([...BANNER_TEXT_KEYS].sort())
    }
  })
})

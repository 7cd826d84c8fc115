import { describe, expect, it } from 'vitest'
import { listPolicyPages, toPluginSettings } from './plugin-options.js'
import { injectScriptTag, formatScriptTag } from './script-tag.js'

describe('toPluginSettings', () => {
  it('fills the defaults and trims the collector’s trailing slash', () => {
    expect(
      toPluginSettings({ policy: 'temoin.yaml', collector: 'https://stats.example.org/' }),
    ).toEqual({
      policy: 'temoin.yaml',
      collector: 'https://stats.example.org',
      permalink: {},
      layout: 'base.njk',
      inject: true,
      data: {},
      figures: [],
      legalVersions: 'legal-versions.json',
      today: undefined,
    })
    // The history of the legal pages lives next to the policy file.
    expect(toPluginSettings({ policy: 'site/temoin.yaml', collector: '' }).legalVersions).toBe(
      'site/legal-versions.json',
    )
  })

  it('refuses a build day that is not a date', () => {
    expect(() => toPluginSettings({ policy: 'p', collector: '', today: '7/12/2026' })).toThrow(
      'the option `today` is the build\'s day, written YYYY-MM-DD; got "7/12/2026".',
    )
  })

  it('accepts a collector on the site itself: "" or a path', () => {
    expect(toPluginSettings({ policy: 'p', collector: '' }).collector).toBe('')
    expect(toPluginSettings({ policy: 'p', collector: '/stats/' }).collector).toBe('/stats')
  })

  it('refuses a missing policy and a collector that is not an address', () => {
    expect(() => toPluginSettings(undefined)).toThrow(/`policy` is missing/)
    for (const collector of [
      'stats.example.org',
      '//stats.example.org',
      'ftp://x.example',
      'https://x.example/?a=1',
    ]) {
      expect(() => toPluginSettings({ policy: 'p', collector }), collector).toThrow(/`collector`/)
    }
  })
})

describe('listPolicyPages', () => {
  it('makes one page per language the page is written in, with the default permalinks', () => {
    expect(listPolicyPages(['fr', 'en', 'de', 'fr-CA'], {})).toEqual([
      { language: 'fr', permalink: 'confidentialite.html', url: '/confidentialite.html' },
      { language: 'en', permalink: 'privacy.html', url: '/privacy.html' },
      {
        language: 'fr-CA',
        permalink: 'confidentialite-fr-ca.html',
        url: '/confidentialite-fr-ca.html',
      },
    ])
  })

  it('takes permalinks per language; false makes no page', () => {
    expect(listPolicyPages(['fr', 'en'], { fr: '/legal/index.html', en: false })).toEqual([
      { language: 'fr', permalink: '/legal/index.html', url: '/legal/' },
    ])
  })
})

describe('injectScriptTag', () => {
  const tag = formatScriptTag('https://stats.example.org')

  it('puts the tag just before </head>', () => {
    expect(injectScriptTag('<html><head><title>x</title></HEAD><body></body></html>', tag)).toBe(
      `<html><head><title>x</title>${tag}</HEAD><body></body></html>`,
    )
  })

  it('leaves a page that already loads temoin.js, or has no head, as it is', () => {
    for (const html of [
      '<head><script defer src="https://other.example/temoin.js"></script></head>',
      '<head><script src=/temoin-tracker.js></script></head>',
      '<p>a fragment</p>',
    ]) {
      expect(injectScriptTag(html, tag)).toBe(html)
    }
  })

  it('escapes the collector’s address', () => {
    expect(formatScriptTag('https://x.example/a"b')).toBe(
      '<script src="https://x.example/a&quot;b/temoin.js" defer></script>',
    )
  })
})

import { describe, expect, it } from 'vitest'
import { chooseLanguage } from './choose-language.js'

describe('chooseLanguage', () => {
  it('takes ?lang= first, when it is a language of the dashboard', () => {
    expect(chooseLanguage('fr', 'en-US,en;q=0.9')).toBe('fr')
    expect(chooseLanguage('en', 'fr-FR')).toBe('en')
    expect(chooseLanguage('de', 'fr-FR')).toBe('fr')
    expect(chooseLanguage('FR<script>', null)).toBe('en')
  })

  it('else the browser’s preferred language that the dashboard has, by q-value then order', () => {
    const cases: [string | null, string][] = [
      ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
      ['fr-CA', 'fr'],
      ['FR', 'fr'],
      ['de-DE,de;q=0.9,fr;q=0.8,en;q=0.7', 'fr'],
      ['de-DE,de;q=0.9,en;q=0.8,fr;q=0.7', 'en'],
      ['en;q=0.5,fr;q=0.9', 'fr'],
      ['fr;q=0,en', 'en'],
      ['es, *;q=0.5', 'en'],
      ['de', 'en'],
      ['', 'en'],
      [null, 'en'],
    ]
    for (const [header, lang] of cases)
      expect(chooseLanguage(null, header), String(header)).toBe(lang)
  })
})

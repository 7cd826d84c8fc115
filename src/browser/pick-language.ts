import type { BrowserConfig } from '../protocol/browser-config.js'
import { BANNER_TEXTS, type BannerTexts } from './banner-texts.js'

/** The banner's texts in the language it speaks, and a reader of the policy's per-language texts. */
export interface Language {
  readonly t: BannerTexts
  /** The text in `lang`, else in the policy's first language, else `fallback`. */
  readonly local: (texts: Readonly<Record<string, string>>, fallback?: string) => string
}

/**
 * Picks the page's language (the first two letters of `<html lang>`) when the policy has it,
 * else the policy's first language, and merges the built-in texts (of its base language: `fr-CA`
 * reads the French ones) with the policy's overrides.
 *
 * @example
 * pickLanguage(config).t.accept // 'Tout accepter' on <html lang="fr-FR">
 */
export function pickLanguage(config: BrowserConfig): Language {
  const first = config.languages[0] ?? 'en'
  const page = document.documentElement.lang.slice(0, 2).toLowerCase()
  const lang = config.languages.includes(page) ? page : first
  return {
    t: { ...BANNER_TEXTS.en!, ...BANNER_TEXTS[lang.slice(0, 2)], ...config.texts?.[lang] },
    local: (texts, fallback = '') => texts[lang] ?? texts[first] ?? fallback,
  }
}

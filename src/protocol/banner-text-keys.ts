/**
 * The keys of the banner's texts, which the policy's `banner.texts[lang]` may override and must
 * all give for a language temoin.js has no text in. In `text`, `{p}` stands for the purposes'
 * titles; `recipients`, `blocked` and `allow` are followed by names.
 *
 * @example BANNER_TEXT_KEYS.includes('accept') // true
 */
export const BANNER_TEXT_KEYS = [
  'title',
  'text',
  'privacy',
  'accept',
  'refuse',
  'choose',
  'save',
  'back',
  'recipients',
  'exempt',
  'gpc',
  'manage',
  'blocked',
  'allow',
] as const

export type BannerTextKey = (typeof BANNER_TEXT_KEYS)[number]

/**
 * The languages temoin.js has built-in texts in (src/browser/banner-texts.ts), by base code:
 * `fr-CA` reads the French texts. Any other language shows only what `banner.texts` gives.
 */
export const BUILT_IN_BANNER_LANGUAGES: readonly string[] = ['fr', 'en']

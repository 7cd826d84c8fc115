import { dirname, join } from 'node:path'
import type { EleventyLogger } from './eleventy-config.js'
import { policyPageTexts } from './policy-page-texts.js'

/** What `eleventyConfig.addPlugin(temoin, options)` accepts. */
export interface TemoinPluginOptions {
  /** Path of the policy file (`temoin.yaml`), relative to the folder Eleventy runs in. */
  readonly policy: string
  /**
   * Where the collector answers: its origin (`https://stats.example.org`, optionally with a
   * path), a path on the site's own origin (`/stats`), or '' when it serves the site itself.
   */
  readonly collector: string
  /**
   * Permalink of the generated privacy page per language (default `confidentialite.html` in
   * French, `privacy.html` in English); `false` generates no page in that language (the site
   * writes its own).
   */
  readonly permalink?: Readonly<Record<string, string | false>>
  /** Layout of the generated pages, from the site's layouts folder. Default `base.njk`. */
  readonly layout?: string
  /** Add the script tag before `</head>` of every HTML page. Default true. */
  readonly inject?: boolean
  /** More data for the generated pages (e.g. `eleventyNavigation`, `tags`); it wins over ours. */
  readonly data?: Readonly<Record<string, unknown>>
  /** Where build warnings go. Default: Eleventy's logger. */
  readonly logger?: EleventyLogger
  /**
   * Published figures to show: the `release.json` of each `temoin publish --out DIR`, read as
   * `temoin.figures[release name]`. Default: none.
   */
  readonly figures?: string | readonly string[]
  /**
   * The history of the site's legal pages (`legal` in the policy), which the build updates and
   * the author commits. Default `legal-versions.json` next to the policy file.
   */
  readonly legalVersions?: string
  /**
   * The build's day (YYYY-MM-DD, UTC), dating a new version of a legal page. Default: the day of
   * SOURCE_DATE_EPOCH when it is set (reproducible builds), else today.
   */
  readonly today?: string
}

/** The options with their defaults filled and checked. */
export interface PluginSettings {
  readonly policy: string
  readonly collector: string
  readonly permalink: Readonly<Record<string, string | false>>
  readonly layout: string
  readonly inject: boolean
  readonly data: Readonly<Record<string, unknown>>
  readonly figures: readonly string[]
  readonly legalVersions: string
  readonly today: string | undefined
}

/** The generated page of one language. */
export interface PolicyPage {
  readonly language: string
  /** As given to Eleventy (`confidentialite.html`). */
  readonly permalink: string
  /** The page's address on the site (`/confidentialite.html`). */
  readonly url: string
}

const DEFAULT_PERMALINKS: Readonly<Record<string, string>> = {
  fr: 'confidentialite.html',
  en: 'privacy.html',
}

/**
 * The plugin's options checked and completed. A wrong option is a programming error in the
 * site's Eleventy configuration: it throws a TypeError saying which and how to fix it.
 *
 * @example toPluginSettings({ policy: 'temoin.yaml', collector: 'https://stats.example.org/' }).collector
 * // 'https://stats.example.org'
 */
export function toPluginSettings(options: TemoinPluginOptions | undefined): PluginSettings {
  const o: Partial<TemoinPluginOptions> = options ?? {}
  if (typeof o.policy !== 'string' || o.policy === '') {
    throw new TypeError(
      'temoin/eleventy: the option `policy` is missing; give the path of the policy file, e.g. { policy: "temoin.yaml" }.',
    )
  }
  if (o.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.today)) {
    throw new TypeError(
      `temoin/eleventy: the option \`today\` is the build's day, written YYYY-MM-DD; got ${JSON.stringify(o.today)}.`,
    )
  }
  if (typeof o.collector !== 'string' || !isCollector(o.collector)) {
    throw new TypeError(
      `temoin/eleventy: the option \`collector\` must be the collector's address (https://stats.example.org), a path on the site ("/stats"), or "" when it serves the site; got ${JSON.stringify(o.collector)}.`,
    )
  }
  return {
    policy: o.policy,
    collector: o.collector.replace(/\/+$/, ''),
    permalink: o.permalink ?? {},
    layout: o.layout ?? 'base.njk',
    inject: o.inject ?? true,
    data: o.data ?? {},
    figures: typeof o.figures === 'string' ? [o.figures] : [...(o.figures ?? [])],
    legalVersions: o.legalVersions ?? join(dirname(o.policy), 'legal-versions.json'),
    today: o.today,
  }
}

/**
 * The privacy pages to generate: one per language of the policy that the page is written in
 * (French, English and their regional variants), unless its permalink is `false`.
 *
 * @example listPolicyPages(['fr', 'en'], {}) // [{ language: 'fr', permalink: 'confidentialite.html', url: '/confidentialite.html' }, …]
 */
export function listPolicyPages(
  languages: readonly string[],
  permalinks: Readonly<Record<string, string | false>>,
): PolicyPage[] {
  const pages: PolicyPage[] = []
  for (const language of languages) {
    if (policyPageTexts(language) === undefined) continue
    const permalink = permalinks[language] ?? defaultPermalink(language)
    if (permalink === false) continue
    const url = `/${permalink.replace(/^\/+/, '')}`.replace(/(^|\/)index\.html$/, '$1')
    pages.push({ language, permalink, url })
  }
  return pages
}

/** `confidentialite.html`, `privacy.html`; a regional variant gets its code: `privacy-en-ca.html`. */
function defaultPermalink(language: string): string {
  const base = DEFAULT_PERMALINKS[language.slice(0, 2)] ?? 'privacy.html'
  return language.length === 2 ? base : base.replace(/\.html$/, `-${language.toLowerCase()}.html`)
}

function isCollector(value: string): boolean {
  if (value === '') return true
  if (/^\/(?!\/)[^?#]*$/.test(value)) return true
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash
  } catch {
    return false
  }
}

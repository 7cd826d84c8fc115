/**
 * What temoin.js knows of the site's policy: rendered from the policy file by the server (into
 * the script it serves at `/temoin.js`) or by the Eleventy plugin, so that the banner can never
 * say something the policy does not. Texts are per language code; the page's `lang` picks.
 *
 * @example
 * const config: BrowserConfig = toBrowserConfig(policy, { endpoint: 'https://stats.example.org' })
 */
export interface BrowserConfig {
  /**
   * Policy version: every decision records it. A choice of an older version is read against
   * `changes` (notice, then re-ask for their `reconsent` purposes only).
   */
  readonly version: string
  /** Collector base URL, without a trailing slash; '' means the script's own origin. */
  readonly endpoint: string
  /** The policy's languages; the first is the fallback. */
  readonly languages: readonly string[]
  readonly purposes: readonly BrowserPurpose[]
  /** Consent validity and cookie lifetime, months from the first deposit. */
  readonly consentMonths: number
  /** How long a refusal is remembered, months from the decision (never past the cookie). */
  readonly refusalMonths: number
  /** Lifetime of the visitor-id cookie, months from its own first deposit. */
  readonly lifetimeMonths: number
  /** Query keys the collector keeps (the tracker strips the others before sending). */
  readonly queryKeys: readonly string[]
  /** Link to the privacy-policy page, per language. */
  readonly privacyUrl: Readonly<Record<string, string>>
  /** Honour Global Privacy Control as a refusal of every purpose that needs consent. */
  readonly gpc: boolean
  /**
   * Google Consent Mode v2: each consent type and the purpose that grants it; signals are
   * emitted (`default` denied, `update` on each choice) only when present.
   */
  readonly consentMode: Readonly<Record<string, string>> | null
  /** The policy's history, oldest effective date first: what changed since a choice was made. */
  readonly changes: readonly BrowserChange[]
  /**
   * The sites and the version of each one's terms, when some version concerns only some sites
   * (`history[].sites`): the page's host picks its site (as the collector's findSite does), whose
   * version its choices record and whose changes alone it announces. Absent: one version for all.
   */
  readonly sites?: readonly BrowserSite[]
  /** Overrides of the banner's built-in texts, per language (more languages by config). */
  readonly texts?: Readonly<Record<string, Readonly<Record<string, string>>>>
}

/** One purpose as the banner shows it. */
export interface BrowserPurpose {
  readonly id: string
  /** CNIL audience-measurement exemption: anonymous hits need no consent (the identifier does). */
  readonly exempt: boolean
  readonly title: Readonly<Record<string, string>>
  readonly description: Readonly<Record<string, string>>
  /** Who receives the data, shown beside the switch. */
  readonly recipients: readonly string[]
  /** Names of the site's cookies of this purpose (a trailing '*' is a prefix): deleted on withdrawal. */
  readonly cookies: readonly string[]
}

/** One version of the policy's history, as the banner announces it. */
export interface BrowserChange {
  readonly version: string
  /** When visitors are told (start of the notice), epoch ms (UTC midnight). */
  readonly published: number
  /** When it applies, epoch ms (UTC midnight): from then, `reconsent` purposes are asked again. */
  readonly effective: number
  /** What changed, per language: the notice's text. */
  readonly summary: Readonly<Record<string, string>>
  /** Purposes whose earlier choices no longer count from `effective`; [] = minor (notice only). */
  readonly reconsent: readonly string[]
  /** The domains whose visitors this version concerns; absent: every site. */
  readonly sites?: readonly string[]
  /**
   * A change of one of the site's legal pages (`legal[].changes`): the comparison of its versions,
   * which the notice's summary links to. Announced once to a returning visitor, whatever version
   * their choice records, and never asks again.
   */
  readonly url?: string
}

/** One site of the policy, as the page's host finds it. */
export interface BrowserSite {
  readonly domain: string
  readonly subdomains: boolean
  /** The version of this site's terms (siteVersion). */
  readonly version: string
}

import { POLICY_PAGE_EN } from './policy-page-en.js'
import { POLICY_PAGE_FR } from './policy-page-fr.js'

/**
 * The sentences of the generated privacy-policy page in one language. Arguments that come from
 * the policy arrive already escaped (HTML), numbers as numbers; each function returns HTML. The
 * page's structure is in `render-policy-page.ts`: a new language is one more object of this type.
 */
export interface PolicyPageTexts {
  readonly title: string
  readonly intro: string
  version(version: string, effective: string): string
  /** A duration in calendar months, in words ("13 mois", "1 month"). */
  months(n: number): string
  /** A `YYYY-MM-DD` day, as people write it; plain text. */
  date(iso: string): string
  /** "a, b et c". */
  list(items: readonly string[]): string
  /** A name quoted the way the language does («\u00a0x\u00a0», “x”). */
  quote(text: string): string

  readonly controllerHeading: string
  controller(name: string, address: string | undefined, contact: string): string
  /** "write to X" for an address, "go to X" for a web page. */
  contactAt(contact: string, isUrl: boolean): string

  readonly purposesHeading: string
  readonly purposesIntro: string
  readonly basisLabel: string
  readonly basisConsent: string
  basisExempt(statistics: string): string
  purposeRecipients(names: string): string

  readonly dataHeading: string
  readonly dataIntro: string
  dataItems(queryKeys: readonly string[], statistics: string): string[]
  readonly dataNote: string

  readonly cookiesHeading: string
  readonly cookiesIntro: string
  readonly cookieColumns: readonly [string, string, string]
  readonly consentCookie: string
  visitorCookie(statistics: string): string
  purposeCookie(title: string): string
  /** A cookie name ending in `*`: every cookie whose name starts with `prefix`. */
  cookiePrefix(prefix: string): string
  lifetime(months: number): string
  visitorLifetime(months: number): string
  historyStorage(personalisation: string): string
  historyDuration(personalisation: string): string
  readonly firstParty: string

  readonly choiceHeading: string
  choice(validity: number, refusal: number, manage: string): string[]
  readonly receipts: string
  gpc(manage: string): string

  readonly retentionHeading: string
  retentionEvents(months: number): string
  retentionReceipts(months: number): string

  readonly recipientsHeading: string
  recipientsIntro(controller: string): string
  noRecipients(controller: string): string
  readonly recipientColumns: readonly [string, string, string, string]
  role(role: 'processor' | 'controller', controller: string): string
  readonly outsideEea: string
  readonly privacyNotice: string

  readonly publicationHeading: string
  publication(controller: string, minGroupSize: number): string[]

  readonly rightsHeading: string
  rights(contactAt: string): string
  readonly manageIntro: string
  /** The objection to the exempt audience measurement: what it does, the button, once done. */
  objection(statistics: string, gpc: boolean): string
  readonly objectLabel: string
  readonly objected: string
  readonly dataControlsIntro: string
  dataControlsNote(statistics: string): string
  readonly seeLabel: string
  readonly eraseLabel: string
  readonly noScript: string
  readonly complaint: string
  /** Messages of the see/erase script, plain text; `{events}` and `{receipts}` are counts. */
  readonly script: {
    readonly none: string
    readonly seen: string
    readonly erased: string
    readonly failed: string
    readonly confirm: string
    readonly download: string
  }

  readonly changesHeading: string
  readonly changes: readonly string[]

  readonly historyHeading: string
  readonly historyColumns: readonly [string, string, string, string]
  readonly noHistory: string
  /** After the summary of a version that concerns some sites only (`history[].sites`). */
  readonly historySites: (domains: string) => string
}

/**
 * The languages the page is written in, by base code (`fr` serves `fr-CA` too).
 *
 * @example Object.keys(POLICY_PAGE_TEXTS) // ['fr', 'en']
 */
export const POLICY_PAGE_TEXTS: Readonly<Record<string, PolicyPageTexts>> = {
  fr: POLICY_PAGE_FR,
  en: POLICY_PAGE_EN,
}

/**
 * The texts for `language` (`fr`, `en`, or a regional variant of one), or undefined when the
 * page is not written in it.
 *
 * @example policyPageTexts('fr-CA')?.title // 'Politique de confidentialité'
 */
export function policyPageTexts(language: string): PolicyPageTexts | undefined {
  return POLICY_PAGE_TEXTS[language.slice(0, 2)]
}

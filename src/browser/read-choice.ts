import type { BrowserConfig } from '../protocol/browser-config.js'
import {
  CONSENT_COOKIE,
  parseConsentCookie,
  type ConsentCookie,
} from '../protocol/consent-cookie.js'
import { addMonths } from '../protocol/months.js'
import { readCookie } from './read-cookie.js'

/** The choice cookie as temoin.js sees it at a given time. */
export interface ChoiceRead {
  /** The cookie while it lives (now < deposit + consentMonths), whatever it says: its deposit is kept. */
  readonly cookie: ConsentCookie | null
  /** The cookie when it still answers the current policy, i.e. the banner need not be shown. */
  readonly valid: ConsentCookie | null
}

/**
 * Reads `temoin_consent` on the script's own clock (a browser keeping an expired cookie, or a
 * clock moved forward, still gets the banner). The choice must be asked again when the cookie is
 * missing or past `deposit + consentMonths` (a new deposit starts), of another policy version,
 * a refusal of everything older than `refusalMonths`, or silent on a purpose of the policy.
 *
 * @example
 * const { valid } = readChoice(config, Date.now())
 * if (!valid) showBanner()
 */
export function readChoice(config: BrowserConfig, now: number): ChoiceRead {
  const parsed = parseConsentCookie(readCookie(CONSENT_COOKIE) ?? '')
  const cookie = parsed && now < addMonths(parsed.deposit, config.consentMonths) ? parsed : null
  const valid =
    cookie &&
    cookie.version == config.version &&
    config.purposes.every((p) => cookie.granted.includes(p.id) || cookie.refused.includes(p.id)) &&
    (cookie.granted.length > 0 || now < addMonths(cookie.decided, config.refusalMonths))
      ? cookie
      : null
  return { cookie, valid }
}

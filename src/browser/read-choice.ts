import type { BrowserChange, BrowserConfig } from '../protocol/browser-config.js'
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
  readonly live: ConsentCookie | null
  /**
   * The choice that still counts, without the purposes a policy change asks again for; null when
   * the whole banner must be shown.
   */
  readonly valid: ConsentCookie | null
  /** The purposes of the policy `valid` does not answer (all of them when it is null). */
  readonly ask: string[]
  /**
   * The latest change published since the choice was made, unless the visitor closed a notice
   * after it was published: its notice is shown.
   */
  readonly notice: BrowserChange | undefined
}

/**
 * Reads `temoin_consent` on the script's own clock (a browser keeping an expired cookie, or a
 * clock moved forward, still gets the banner). The whole banner is shown when the cookie is
 * missing or past `deposit + consentMonths` (a new deposit starts), when it answers no purpose
 * of the policy, or refuses everything since more than `refusalMonths`.
 *
 * A choice of another policy version is read against the changes published after it was made
 * (`changes` effective after `decided`): during a change's notice it stands, and the change is
 * announced (until the visitor closes its notice); from its effective date, the choices about its `reconsent` purposes no longer count
 * and those purposes alone are asked again (a minor change, `reconsent: []`, is only announced).
 *
 * @example
 * const { valid, ask } = readChoice(config, Date.now())
 * if (!valid) showBanner()
 * else if (ask.length) askAgain(ask)
 */
export function readChoice(config: BrowserConfig, now: number): ChoiceRead {
  const { purposes, changes, version } = config
  // Stryker disable next-line StringLiteral: without a cookie, any text without a positive `d=` parses as null, as '' does.
  const parsed = parseConsentCookie(readCookie(CONSENT_COOKIE) ?? '')
  const cookie = parsed && now < addMonths(parsed.deposit, config.consentMonths) ? parsed : null
  const old = cookie && cookie.version != version
  // A change of a legal page (`url`) is announced whatever version the choice records.
  const newer = changes.filter(
    (c) => cookie && (old || c.url) && c.effective > cookie.decided && c.published <= now,
  )
  const ids = purposes.map((p) => p.id)
  // Stryker disable next-line ArrayDeclaration: [] and ["Stryker was here"] differ only for a purpose of that name, which no policy can have (ids are lower-case letters, digits and "-": policy-schema.ts), nor a choice cookie temoin.js wrote.
  const stale = newer.flatMap((c) => (c.effective <= now ? c.reconsent : []))
  const keep = (list: readonly string[]) => list.filter((id) => !stale.includes(id))
  const valid =
    cookie && (cookie.granted.length || now < addMonths(cookie.decided, config.refusalMonths))
      ? { ...cookie, granted: keep(cookie.granted), refused: keep(cookie.refused) }
      : null
  const ask = ids.filter((id) => !valid?.granted.includes(id) && !valid?.refused.includes(id))
  return {
    live: cookie,
    valid: ask.length < ids.length ? valid : null,
    ask,
    notice: newer.filter((c) => c.published > cookie!.seen!).pop(),
  }
}

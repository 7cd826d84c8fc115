import { isbot } from 'isbot'
import { describeUserAgent, type UserAgentSummary } from './describe-user-agent.js'
import type { GeoLookup } from './geo-lookup.js'

/** What the collector keeps from the request itself, once the address and user agent are gone. */
export type Enrichment =
  { readonly bot: true } | ({ readonly bot: false; readonly country: string } & UserAgentSummary)

/**
 * Derives the country (from the client address) and the device (from the user agent), or
 * recognises a bot. The address and the raw user agent go no further than this function: its
 * result holds neither, and the caller drops the request they came from. A request without a
 * user agent counts as a bot, since every browser sends one.
 *
 * @example
 * const e = enrichRequest({ userAgent: req.headers.get('user-agent'), address: '212.27.48.10', geo })
 * if (e.bot) return ignored()
 */
export function enrichRequest(input: {
  readonly userAgent: string | null | undefined
  readonly address: string | undefined
  readonly geo: GeoLookup
}): Enrichment {
  const ua = input.userAgent?.trim() ?? ''
  if (ua === '' || isbot(ua)) return { bot: true }
  const country = input.address === undefined ? '' : input.geo.country(input.address)
  return { bot: false, country, ...describeUserAgent(ua) }
}

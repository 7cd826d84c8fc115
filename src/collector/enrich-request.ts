import { classifyUserAgent, type UserAgentClass } from './create-user-agent-classifier.js'
import type { UserAgentSummary } from './describe-user-agent.js'
import type { GeoLookup } from './geo-lookup.js'

/** What the collector keeps from the request itself, once the address and user agent are gone. */
export type Enrichment =
  { readonly bot: true } | ({ readonly bot: false; readonly country: string } & UserAgentSummary)

/**
 * Derives the country (from the client address) and the device (from the user agent), or
 * recognises a bot. The address and the raw user agent go no further than this function (and
 * the classifier's in-memory cache of user agents): its result holds neither, and the caller
 * drops the request they came from. A request without a user agent counts as a bot, since every
 * browser sends one.
 *
 * @example
 * const e = enrichRequest({ userAgent: req.headers.get('user-agent'), address: '212.27.48.10', geo })
 * if (e.bot) return ignored()
 */
export function enrichRequest(input: {
  readonly userAgent: string | null | undefined
  readonly address: string | undefined
  readonly geo: GeoLookup
  /** The collector's cached classifier (createUserAgentClassifier); uncached by default. */
  readonly classify?: (userAgent: string) => UserAgentClass
}): Enrichment {
  // Stryker disable next-line MethodExpression: the classifiers the collector passes (classifyUserAgent, and createUserAgentClassifier around it) trim the user agent themselves, so an untrimmed one gets the same class; only the cache's key differs
  const found = (input.classify ?? classifyUserAgent)(input.userAgent?.trim() ?? '')
  if (found.bot) return found
  const country = input.address === undefined ? '' : input.geo.country(input.address)
  return { ...found, country }
}
